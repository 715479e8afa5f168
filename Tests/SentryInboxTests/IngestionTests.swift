import Foundation
import SentryCore
import SentryInbox
import Testing

@Suite("Ingestion")
struct IngestionTests {
    @Test("curl sends a gzip-compressed envelope; the inbox inflates and parses it")
    func curlGzip() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        let envelope = Fixtures.eventEnvelope()
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("envelope.gz")
        let compressed = Fixtures.gzip(envelope)
        try Data(compressed).write(to: file)

        let (name, value) = Fixtures.auth()
        let result = try Fixtures.curl([
            "--write-out", "\n%{http_code}",
            "-H", "\(name): \(value)",
            "-H", "Content-Encoding: gzip",
            "-H", "Content-Type: application/x-sentry-envelope",
            "--data-binary", "@\(file.path)",
            inbox.envelopeURL,
        ])
        #expect(result.status == 0)
        #expect(result.output == "{\"id\":\"\(Fixtures.eventId)\"}\n200")

        let received = inbox.waitForEnvelopes(count: 1, timeout: .seconds(5))
        try #require(received.count == 1)
        let first = received[0]
        #expect(first.wasCompressed)
        #expect(first.transferredSize == compressed.count)
        #expect(first.body == envelope)
        #expect(first.headers["content-encoding"] == "gzip")
        #expect(first.headers["X-Sentry-Auth"] == value)
        #expect(first.projectId == InboxConfiguration.defaultProjectId)
        #expect(first.envelope.header.eventId?.description == Fixtures.eventId)
        #expect(first.itemTypes == ["event", "attachment"])
        #expect(first.items[0].payload == Fixtures.eventPayload)
        #expect(first.items[1].payload == Fixtures.attachmentPayload)
        #expect(first.items[1].header.filename == "blob.bin")
    }

    @Test("curl sends a chunked envelope")
    func curlChunked() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("envelope")
        try Data(Fixtures.eventEnvelope()).write(to: file)
        let (name, value) = Fixtures.auth()
        let result = try Fixtures.curl([
            "--write-out", "%{http_code}", "--output", "/dev/null",
            "-H", "\(name): \(value)", "-H", "Transfer-Encoding: chunked",
            "--data-binary", "@\(file.path)", inbox.envelopeURL,
        ])
        #expect(result.output == "200")
        let received = inbox.received()
        try #require(received.count == 1)
        #expect(received[0].body == Fixtures.eventEnvelope())
        #expect(received[0].headers["transfer-encoding"] == "chunked")
        #expect(!received[0].wasCompressed)
    }

    @Test("A raw socket client sends an uncompressed envelope")
    func rawUncompressed() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        let client = try #require(RawHTTPClient(port: inbox.port))
        let response = try #require(client.exchange(
            path: Fixtures.path(), headers: [Fixtures.auth()], body: Fixtures.eventEnvelope()))
        #expect(response.status == 200)
        #expect(response.bodyText == "{\"id\":\"\(Fixtures.eventId)\"}")
        #expect(response.headers["content-type"] == "application/json")

        let received = inbox.received()
        try #require(received.count == 1)
        #expect(!received[0].wasCompressed)
        #expect(received[0].transferredSize == Fixtures.eventEnvelope().count)
        #expect(received[0].itemTypes == ["event", "attachment"])
        #expect(received[0].items[1].payload == Fixtures.attachmentPayload)
        #expect(inbox.requests().map(\.status) == [200])
    }

    @Test("An envelope without an event id is answered with {}")
    func noEventId() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        let client = try #require(RawHTTPClient(port: inbox.port))
        let response = try #require(client.exchange(
            path: "/api/1/envelope", headers: [Fixtures.auth()], body: Fixtures.sessionEnvelope))
        #expect(response.status == 200)
        #expect(response.bodyText == "{}")
        #expect(inbox.received().first?.itemTypes == ["session"])
    }

    @Test("Credentials may come as sentry_key query items")
    func queryAuth() throws {
        let inbox = try InboxServer()
        defer { inbox.stop() }
        let client = try #require(RawHTTPClient(port: inbox.port))
        let good = try #require(client.exchange(
            path: Fixtures.path() + "?sentry_key=\(InboxConfiguration.defaultPublicKey)&sentry_version=7",
            body: Fixtures.eventEnvelope()))
        #expect(good.status == 200)
        let bad = try #require(client.exchange(
            path: Fixtures.path() + "?sentry_key=nope&sentry_version=7", body: Fixtures.eventEnvelope()))
        #expect(bad.status == 403)
        #expect(inbox.received().count == 1)
    }

    @Test("With acceptsAnyCredentials, any key, any project and no auth at all are accepted")
    func acceptAny() throws {
        let inbox = try InboxServer(configuration: InboxConfiguration(acceptsAnyCredentials: true))
        defer { inbox.stop() }
        let client = try #require(RawHTTPClient(port: inbox.port))
        #expect(client.exchange(path: "/api/77/envelope/", headers: [Fixtures.auth(key: "other")],
                                body: Fixtures.eventEnvelope())?.status == 200)
        #expect(client.exchange(path: "/api/78/envelope/", body: Fixtures.eventEnvelope())?.status == 200)
        #expect(inbox.received().map(\.projectId) == ["77", "78"])
    }

    @Test("Envelopes are stored as files and reported one line per item")
    func storageAndLog() throws {
        let directory = Fixtures.temporaryDirectory().appendingPathComponent("nested/store")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent().deletingLastPathComponent()) }
        let lines = Locked<[String]>([])
        let inbox = try InboxServer(configuration: InboxConfiguration(
            storageDirectory: directory.path, log: { line in lines.withLock { $0.append(line) } }))
        defer { inbox.stop() }
        let client = try #require(RawHTTPClient(port: inbox.port))
        #expect(client.exchange(path: Fixtures.path(), headers: [Fixtures.auth()],
                                body: Fixtures.eventEnvelope())?.status == 200)

        let stored = try #require(inbox.received().first?.storedPath)
        #expect(stored.hasPrefix(directory.path + "/"))
        #expect(stored.hasSuffix("\(Fixtures.eventId).envelope"))
        let contents = try Data(contentsOf: URL(fileURLWithPath: stored))
        #expect(Array(contents) == Fixtures.eventEnvelope())
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(files.count == 1)

        let logged = lines.withLock { $0 }
        try #require(logged.count == 2)
        #expect(logged[0].hasPrefix("event"))
        #expect(logged[0].contains("id=\(Fixtures.eventId)"))
        #expect(logged[0].contains("level=error"))
        #expect(logged[0].contains("\"Something broke\""))
        #expect(logged[0].hasSuffix("\(Fixtures.eventPayload.count) bytes"))
        #expect(logged[1].hasPrefix("attachment"))
        #expect(logged[1].contains("blob.bin"))
        #expect(logged[1].hasSuffix("\(Fixtures.attachmentPayload.count) bytes"))
    }

    @Test("A transaction line names the transaction; an exception line names type and value")
    func summaryLines() throws {
        let lines = Locked<[String]>([])
        let inbox = try InboxServer(configuration: InboxConfiguration(log: { line in lines.withLock { $0.append(line) } }))
        defer { inbox.stop() }
        let transaction = #"{"type":"transaction","transaction":"GET /users","level":"info"}"#
        let exception = #"{"level":"fatal","exception":{"values":[{"type":"Inner","value":"x"},{"type":"SignalError","value":"SIGSEGV"}]}}"#
        var body = Array("{\"event_id\":\"\(Fixtures.eventId)\"}\n".utf8)
        body += Array("{\"type\":\"transaction\",\"length\":\(transaction.utf8.count)}\n\(transaction)\n".utf8)
        body += Array("{\"type\":\"event\"}\n\(exception)\n".utf8)
        let client = try #require(RawHTTPClient(port: inbox.port))
        #expect(client.exchange(path: Fixtures.path(), headers: [Fixtures.auth()], body: body)?.status == 200)
        let logged = lines.withLock { $0 }
        try #require(logged.count == 2)
        #expect(logged[0].contains("\"GET /users\""))
        #expect(logged[1].contains("level=fatal"))
        #expect(logged[1].contains("\"SignalError: SIGSEGV\""))
    }

    @Test("The DSN names the key, the bound port and the project")
    func dsn() throws {
        let inbox = try InboxServer(configuration: InboxConfiguration(publicKey: "abc", projectId: "42"))
        defer { inbox.stop() }
        #expect(inbox.port > 0)
        #expect(inbox.dsn == "http://abc@127.0.0.1:\(inbox.port)/42")
        let dsn = try Dsn(inbox.dsn)
        #expect(dsn.publicKey == "abc")
        #expect(dsn.projectId == "42")
    }
}
