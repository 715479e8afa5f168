import CZlib
import Foundation
import SentryInbox

/// Hand-built envelopes and helpers shared by the inbox tests.
enum Fixtures {
    static let eventId = "9ec79c33ec9942ab8353589fcb2e04dc"

    static let eventPayload = Array(#"{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc","level":"error","message":"Something broke"}"#.utf8)

    /// Binary attachment bytes, including newlines and NULs, so framing must go by `length`.
    static let attachmentPayload: [UInt8] = [0x00, 0x0A, 0xFF, 0x0D, 0x0A] + Array("attachment\nbody".utf8)

    /// An envelope with an event and an attachment, serialized by hand.
    static func eventEnvelope(eventId: String = eventId) -> [UInt8] {
        var bytes = Array(#"{"event_id":"\#(eventId)","sent_at":"2025-01-01T00:00:00.000Z"}"#.utf8)
        bytes += Array("\n{\"type\":\"event\",\"length\":\(eventPayload.count)}\n".utf8)
        bytes += eventPayload
        bytes += Array("\n{\"type\":\"attachment\",\"length\":\(attachmentPayload.count),\"filename\":\"blob.bin\"}\n".utf8)
        bytes += attachmentPayload
        bytes += [0x0A]
        return bytes
    }

    /// An envelope without an event id (a session update).
    static let sessionEnvelope: [UInt8] = Array(#"""
        {}
        {"type":"session"}
        {"sid":"a","status":"ok","init":true}

        """#.utf8)

    /// `X-Sentry-Auth` for `key`.
    static func auth(key: String = InboxConfiguration.defaultPublicKey) -> (String, String) {
        ("X-Sentry-Auth", "Sentry sentry_key=\(key), sentry_version=7, sentry_client=sentry-inbox-tests/1.0")
    }

    /// The envelope path for `project`.
    static func path(project: String = InboxConfiguration.defaultProjectId) -> String {
        "/api/\(project)/envelope/"
    }

    /// Compresses `bytes` into a gzip member with zlib.
    static func gzip(_ bytes: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        precondition(sentry_deflate_init_gzip(&stream, Z_DEFAULT_COMPRESSION) == Z_OK)
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 32)
        var input = bytes
        let produced = input.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer -> Int in
                stream.next_in = inputBuffer.baseAddress
                stream.avail_in = uInt(inputBuffer.count)
                stream.next_out = outputBuffer.baseAddress
                stream.avail_out = uInt(outputBuffer.count)
                precondition(deflate(&stream, Z_FINISH) == Z_STREAM_END)
                return outputBuffer.count - Int(stream.avail_out)
            }
        }
        return Array(output[..<produced])
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sentry-inbox-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs `/usr/bin/curl` with `arguments`; returns its exit status and standard output.
    static func curl(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["--silent", "--show-error", "--max-time", "20"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
