import Sentry
import SentryTesting
import Testing

/// `SentrySDK.capture(feedback:)` sends a `feedback` item that Sentry links to its event.
@Suite struct FeedbackTests {
    @Test func feedbackIsAFeedbackItemWithTheScopesUserAndTheEventItIsAbout() throws {
        var seen = SentryId.empty
        let captured = withCapturedEvents {
            SentrySDK.setUser(User(userId: "u-7"))
            seen = SentrySDK.capture(message: "something failed")
            SentrySDK.capture(feedback: Feedback(
                message: "It broke after I paid", name: "Ada", email: "ada@example.com", associatedEventId: seen))
        }
        let items = captured.envelopes.flatMap(\.items)
        #expect(items.map(\.header.type) == [.event, .feedback])
        let feedback = try #require(captured.payloads(of: .feedback).first)
        #expect(feedback["type"] == "feedback")
        #expect(feedback["level"] == "info")
        let context = try #require(feedback["contexts"]?["feedback"])
        #expect(context["message"] == "It broke after I paid")
        #expect(context["name"] == "Ada" && context["contact_email"] == "ada@example.com")
        #expect(context["associated_event_id"]?.stringValue == seen.description)
        #expect(context["source"] == "api")
        #expect(feedback["user"]?["id"] == "u-7")
        #expect(feedback["contexts"]?["trace"]?["trace_id"] != nil)
    }

    @Test func feedbackIsScrubbedLikeAnyEvent() throws {
        let captured = withCapturedEvents {
            SentrySDK.configureScope { $0.setExtra(["password": "hunter2"], forKey: "form") }
            SentrySDK.capture(feedback: Feedback(message: "see attached"))
        }
        let feedback = try #require(captured.payloads(of: .feedback).first)
        #expect(feedback["extra"]?["form"]?["password"] != "hunter2")
    }
}
