import SentryCore
import SentryTesting
import SentryTransport
import Testing

/// Options that shape what the client sends: extra scrubbed keys, `beforeSendWithHint`, timeouts.
@Suite struct ClientOptionsTests {
    struct Declined: Error { var code: Int }

    @Test func extraScrubbedKeysAreFilteredLikeTheDefaults() throws {
        let captured = withCapturedEvents(configure: { $0.extraScrubbedKeys = ["Card-Number"] }) {
            SentrySDK.configureScope { scope in
                scope.setExtra(["card_number": "4111", "amount": "12"], forKey: "payment")
                scope.setTag("4111", forKey: "card-number")
            }
            SentrySDK.capture(message: "paid")
        }
        let event = try #require(captured.events.first)
        #expect(event["extra"]?["payment"]?["card_number"] == "[Filtered]")
        #expect(event["extra"]?["payment"]?["amount"] == "12")
        #expect(event["tags"]?["card-number"] == "[Filtered]")
    }

    @Test func beforeSendWithHintSeesTheOriginalErrorAndAttachments() throws {
        let captured = withCapturedEvents(configure: { options in
            options.beforeSendWithHint = { event, hint in
                guard let declined = hint.error as? Declined else { return event }
                if declined.code == 0 { return nil }
                var event = event
                event.tags["code"] = "\(declined.code)"
                event.tags["files"] = hint.attachments.map(\.filename).joined(separator: ",")
                return event
            }
        }) {
            SentrySDK.capture(error: Declined(code: 0))  // dropped by the hook
            SentrySDK.capture(error: Declined(code: 51), hint: CaptureHint(attachments: [
                Attachment(bytes: Array("x".utf8), filename: "receipt.txt"),
            ]))
        }
        #expect(captured.events.count == 1)
        #expect(captured.events.first?["tags"]?["code"] == "51")
        #expect(captured.events.first?["tags"]?["files"] == "receipt.txt")
    }

    @Test func transportTimeoutsComeFromTheOptions() throws {
        var options = Options()
        options.connectTimeout = .seconds(3)
        options.requestTimeout = .seconds(7)
        let configuration = TransportConfiguration(
            dsn: try Dsn("https://key@o1.ingest.sentry.io/1"), options: options, environment: [:])
        #expect(configuration.connectTimeout == .seconds(3) && configuration.requestTimeout == .seconds(7))
    }
}
