import Logging
import SentryCore
import SentryTesting
import Testing

@testable import SentryIntegrations

struct UploadFailed: Error, CustomStringConvertible {
    var description: String { "upload failed" }
}

@Suite struct SentryLogHandlerTests {
    @Test func linesBecomeBreadcrumbsEventsAndLogs() throws {
        let logger = Logger(label: "app.uploads") { SentryLogHandler(label: $0) }
        let captured = withCapturedEvents(configure: { $0.enableLogs = true }) {
            logger.debug("below every threshold")
            logger.info("starting upload", metadata: ["file": "a.png", "bytes": "\(2048)"])
            logger.error("upload failed", metadata: ["error": .stringConvertible(UploadFailed()), "attempt": "3"])
            logger.critical("disk full")
        }
        let events = captured.events
        #expect(events.count == 2)
        let exception = try #require(events.first?["exception"]?["values"]?[0])
        #expect(exception["type"]?.stringValue?.hasSuffix("UploadFailed") == true)
        #expect(exception["value"] == "upload failed")
        #expect(events.first?["extra"]?["attempt"] == "3")
        #expect(events.first?["tags"]?["logger"] == "app.uploads")
        #expect(events.first?["breadcrumbs"]?["values"]?[0]?["message"] == "starting upload")
        #expect(events.first?["breadcrumbs"]?["values"]?[0]?["data"]?["file"] == "a.png")
        #expect(events.last?["level"] == "fatal")
        #expect(events.last?["logger"] == "app.uploads")
        #expect(events.last?["logentry"]?["formatted"] == "disk full")
        let logs = try #require(captured.payloads(of: .log).first?["items"]?.arrayValue)
        #expect(logs.map { $0["level"] } == ["info", "error", "fatal"])
        #expect(logs[0]["attributes"]?["sentry.origin"] == ["value": "auto.log.swift_log", "type": "string"])
        #expect(logs[0]["attributes"]?["file"] == ["value": "a.png", "type": "string"])
        #expect(logs[0]["attributes"]?["logger.name"] == ["value": "app.uploads", "type": "string"])
    }

    @Test func thresholdsAreConfigurable() {
        var handler = SentryLogHandler(label: "quiet", breadcrumbLevel: .warning, eventLevel: .critical, sentryLogLevel: .critical)
        #expect(handler.logLevel == .warning)
        handler[metadataKey: "service"] = "billing"
        let logger = Logger(label: "quiet") { _ in handler }
        let captured = withCapturedEvents {
            logger.info("ignored")
            logger.warning("remembered")
            logger.error("still only a breadcrumb")
            logger.critical("sent")
        }
        #expect(captured.events.count == 1)
        let crumbs = captured.events.first?["breadcrumbs"]?["values"]?.arrayValue ?? []
        #expect(crumbs.map { $0["message"] } == ["remembered", "still only a breadcrumb", "sent"])
        #expect(crumbs.first?["data"]?["service"] == "billing")
    }

    @Test func theHandlerNeverFeedsItself() {
        let captured = withCapturedEvents {
            SentrySDK.configureScope { scope in
                scope.addEventProcessor(ClosureEventProcessor { event, _ in
                    // Logging from inside the SDK's own work must not loop.
                    Logger(label: "inner") { SentryLogHandler(label: $0) }.error("from a processor")
                    return event
                })
            }
            Logger(label: "outer") { SentryLogHandler(label: $0) }.error("outer error")
        }
        #expect(captured.events.count == 1)
    }
}
