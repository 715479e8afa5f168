package import SentryCore

/// A crash file written by the signal handler, read back at the next start.
///
/// The format is line based: `key value` lines (`signal`, `code`, `address`, `pc`, `thread`,
/// `pid`, `seconds`, `nanoseconds`, one `frame` per return address, newest first), and
/// length-prefixed blobs (`message N`, `scope N`, `images N` followed by N bytes), ending in `end`.
package struct CrashReport: Sendable, Hashable {
    /// The signal number.
    package var signal: Int32 = 0
    /// The signal's `si_code`.
    package var code: Int = 0
    /// The faulting address (`si_addr`).
    package var faultAddress: UInt64 = 0
    /// The crashing instruction.
    package var pc: UInt64 = 0
    /// The crashing thread's kernel id.
    package var threadId: UInt64 = 0
    /// The crashed process's id.
    package var processId: UInt64 = 0
    /// When it crashed.
    package var timestamp: SentryTimestamp = SentryTimestamp(secondsSince1970: 0)
    /// The crashing thread's addresses, newest first (the first is the crashing instruction).
    package var frames: [UInt64] = []
    /// The Swift runtime's fatal error message, when it left one.
    package var message: String?
    /// The scopes at (shortly before) the crash.
    package var scope: ScopeSnapshot?
    /// The images the process had loaded.
    package var images: [LoadedImage] = []

    /// Creates an empty report.
    package init() {}

    /// Parses a crash file; `nil` when it is not one (or was cut short before `end`).
    package init?(bytes: [UInt8]) {
        var index = 0
        func line() -> Substring? {
            guard index < bytes.count else { return nil }
            var end = index
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            defer { index = end + 1 }
            return Substring(String(decoding: bytes[index..<end], as: UTF8.self))
        }
        guard line() == "SENTRYCRASH 1" else { return nil }
        var seconds: Double = 0
        var nanoseconds: Double = 0
        var complete = false
        while let text = line() {
            if text == "end" {
                complete = true
                break
            }
            let parts = text.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let key = parts[0]
            let value = parts[1]
            switch key {
            case "signal": signal = Int32(value) ?? 0
            case "code": code = Int(value) ?? 0
            case "address": faultAddress = Self.number(value) ?? 0
            case "pc": pc = Self.number(value) ?? 0
            case "thread": threadId = UInt64(value) ?? 0
            case "pid": processId = UInt64(value) ?? 0
            case "seconds": seconds = Double(value) ?? 0
            case "nanoseconds": nanoseconds = Double(value) ?? 0
            case "frame": if let address = Self.number(value) { frames.append(address) }
            case "message", "scope", "images":
                guard let length = Int(value), length >= 0, length <= bytes.count - index else { return nil }
                let blob = Array(bytes[index..<index + length])
                index += length + 1
                switch key {
                case "message": message = Self.cleanMessage(String(decoding: blob, as: UTF8.self))
                case "scope": scope = ScopeSnapshot(json: blob)
                default: images = Self.parseImages(blob)
                }
            default: continue
            }
        }
        guard complete, signal > 0 else { return nil }
        // `nan`, `inf` or 1e300 would trap where the timestamp is formatted: keep only sane times.
        let time = seconds + nanoseconds / 1e9
        timestamp = SentryTimestamp(secondsSince1970: time.isFinite && time >= 0 && time < 1e11 ? time : 0)
    }

    private static func number(_ text: Substring) -> UInt64? {
        text.hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
    }

    private static func cleanMessage(_ text: String) -> String? {
        var trimmed = Substring(text)
        while let last = trimmed.last, last == "\n" || last == " " { trimmed = trimmed.dropLast() }
        return trimmed.isEmpty ? nil : String(trimmed)
    }

    /// One image per line: `start end bias vmaddr main buildid path` (numbers in hex, `-` for no build-id).
    static func serializeImages(_ images: [LoadedImage]) -> [UInt8] {
        var text = ""
        for image in images {
            text += String(image.start, radix: 16) + " " + String(image.end, radix: 16) + " "
            text += String(image.bias, radix: 16) + " " + String(image.vmAddress, radix: 16) + " "
            text += (image.isMainExecutable ? "1 " : "0 ") + (image.codeId ?? "-") + " " + image.path + "\n"
        }
        return Array(text.utf8)
    }

    static func parseImages(_ blob: [UInt8]) -> [LoadedImage] {
        String(decoding: blob, as: UTF8.self).split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ", maxSplits: 6)
            guard parts.count == 7, let start = UInt64(parts[0], radix: 16), let end = UInt64(parts[1], radix: 16),
                let bias = UInt64(parts[2], radix: 16), let vmAddress = UInt64(parts[3], radix: 16), end > start
            else { return nil }
            let buildId = parts[5] == "-" ? [] : (LoadedImage.bytes(fromHex: parts[5]) ?? [])
            return LoadedImage(
                path: String(parts[6]), bias: bias, start: start, end: end, vmAddress: vmAddress, buildId: buildId,
                isMainExecutable: parts[4] == "1")
        }.sorted { $0.start < $1.start }
    }

    /// The fatal event: mechanism `signalhandler`, unhandled, the signal in `mechanism.meta`,
    /// symbolicated frames (against the crashed process's images) and those images in `debug_meta`.
    package func makeEvent(symbolicator: any StackSymbolicator) -> Event {
        var frames = symbolicator.frames(for: self.frames, in: images, firstIsInstruction: true)
        var used: [UInt64: LoadedImage] = [:]
        for address in self.frames {
            if let image = LoadedImage.image(containing: address, in: images) { used[image.start] = image }
        }
        frames.reverse()  // Sentry wants caller → callee
        let name = SignalDescription.name(of: signal) ?? "signal \(signal)"
        let codeName = SignalDescription.codeName(signal: signal, code: code)
        let value = message ?? "Fatal signal \(name)\(codeName.map { " (\($0))" } ?? "") at 0x\(String(faultAddress, radix: 16))"
        let mechanism = Mechanism(
            type: "signalhandler", handled: false, synthetic: message == nil,
            meta: Mechanism.Meta(signal: Mechanism.Meta.Signal(number: Int(signal), code: code, name: name, codeName: codeName)))
        let exception = SentryException(
            type: name, value: value, threadId: threadId, stacktrace: Stacktrace(frames: frames), mechanism: mechanism)
        var event = Event(timestamp: timestamp, level: .fatal, exceptions: [exception])
        event.threads = [SentryThread(id: threadId, crashed: true, current: true)]
        event.debugImages = used.values.sorted { $0.start < $1.start }.map(\.debugImage)
        scope?.apply(to: &event)
        return event
    }
}
