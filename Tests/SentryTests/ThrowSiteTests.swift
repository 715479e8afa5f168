import Sentry
import SentryTesting
import Testing

struct ParseError: Error { var field: String }
struct TypedFailure: Error { var code: Int }
struct Wrapped: ErrorWithCause {
    var cause: any Error
    var underlyingErrors: [any Error] { [cause] }
}

let parseThrowLine = #line + 2
@inline(never) func parseTheRequest(_ field: String) throws {
    throw ParseError(field: field)
}

@inline(never) func loadWithTypedThrows() throws(TypedFailure) {
    throw TypedFailure(code: 7)
}

@inline(never) func wrapTheFailure() throws {
    do { try parseTheRequest("cause") } catch { throw Wrapped(cause: error) }
}

/// Errors arrive with the stack where they were thrown, not where they were caught.
@Suite struct ThrowSiteTests {
    func exception(_ captured: CapturedEvents, at index: Int = -1) throws -> JSONValue {
        let event = try #require(captured.events.first)
        let values = try #require(event["exception"]?["values"]?.arrayValue)
        return values[index < 0 ? values.count + index : index]
    }

    func topInAppFrame(_ exception: JSONValue) -> JSONValue? {
        exception["stacktrace"]?["frames"]?.arrayValue?.last { $0["in_app"] == true }
    }

    @Test func aCaughtErrorShowsTheThrowingFunctionFileAndLine() throws {
        let captured = withCapturedEvents {
            do { try parseTheRequest("name") } catch { SentrySDK.capture(error: error) }
        }
        let exception = try exception(captured)
        let top = try #require(topInAppFrame(exception))
        #expect(top["function"]?.stringValue?.contains("parseTheRequest") == true)
        #expect(top["filename"] == "Tests/SentryTests/ThrowSiteTests.swift")
        #expect(top["lineno"]?.intValue == Int64(parseThrowLine))
        #expect(exception["mechanism"]?["data"]?["stacktrace"] == "throw_site")
    }

    @Test func eachErrorOfAChainHasItsOwnThrowSite() throws {
        let captured = withCapturedEvents {
            do { try wrapTheFailure() } catch { SentrySDK.capture(error: error) }
        }
        let cause = try exception(captured, at: 0)
        let outer = try exception(captured, at: 1)
        #expect(topInAppFrame(cause)?["function"]?.stringValue?.contains("parseTheRequest") == true)
        #expect(topInAppFrame(outer)?["function"]?.stringValue?.contains("wrapTheFailure") == true)
    }

    @Test func aTypedThrowIsFoundByItsType() throws {
        let captured = withCapturedEvents {
            do { try loadWithTypedThrows() } catch { SentrySDK.capture(error: error) }
        }
        let thrown = try exception(captured)
        let top = try #require(topInAppFrame(thrown))
        #expect(top["function"]?.stringValue?.contains("loadWithTypedThrows") == true, "\(thrown["stacktrace"]?["frames"]?.arrayValue?.suffix(4).map { "\($0["function"]?.stringValue ?? "?") \($0["package"]?.stringValue ?? "?")" } ?? [])")
    }

    @Test func anErrorNeverThrownCarriesTheCaptureSiteMarkedAsSuch() throws {
        struct NeverThrown: Error {}
        let captured = withCapturedEvents { SentrySDK.capture(error: NeverThrown()) }
        let exception = try exception(captured)
        #expect(exception["mechanism"]?["data"]?["stacktrace"] == "capture_site")
        let top = try #require(topInAppFrame(exception))
        #expect(top["function"]?.stringValue?.contains("anErrorNeverThrownCarriesTheCaptureSiteMarkedAsSuch") == true)
    }

    @Test func aNewErrorOfATypeThrownBeforeIsNotGivenThatThrowSite() throws {
        let captured = withCapturedEvents {
            do { try parseTheRequest("first") } catch { SentrySDK.capture(error: error) }
            SentrySDK.capture(error: ParseError(field: "never thrown"))
        }
        let second = try #require(captured.events.last?["exception"]?["values"]?.arrayValue?.last)
        #expect(second["mechanism"]?["data"]?["stacktrace"] == "capture_site")
        #expect(topInAppFrame(second)?["function"]?.stringValue?.contains("parseTheRequest") == false)
    }

    @Test func withTheHookOffErrorsCarryTheCaptureSite() throws {
        struct OnlyThrownHere: Error {}
        let captured = withCapturedEvents(configure: { $0.captureThrowSites = false }) {
            do { throw OnlyThrownHere() } catch { SentrySDK.capture(error: error) }
        }
        #expect(try exception(captured)["mechanism"]?["data"]?["stacktrace"] == "capture_site")
    }

    @Test func messagesCarryAStackByDefault() throws {
        let captured = withCapturedEvents { SentrySDK.capture(message: "hello") }
        let event = try #require(captured.events.first)
        #expect(event["threads"]?["values"]?[0]?["stacktrace"]?["frames"]?.arrayValue?.isEmpty == false)
    }
}
