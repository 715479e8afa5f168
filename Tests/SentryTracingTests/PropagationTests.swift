import SentryCore
import SentryTesting
import Testing

@testable import SentryTracing

/// Header vectors from Sentry's trace-propagation docs and the W3C specs.
@Suite struct PropagationTests {
    @Test func sentryTraceParsesLenientlyAndRoundTrips() throws {
        let header = try #require(SentryTraceHeader("771a43a4192642f0b136d5159a501700-b7ad6b7169203331-1"))
        #expect(header.traceId.description == "771a43a4192642f0b136d5159a501700")
        #expect(header.spanId.description == "b7ad6b7169203331")
        #expect(header.sampled == true)
        #expect(header.value == "771a43a4192642f0b136d5159a501700-b7ad6b7169203331-1")
        #expect(SentryTraceHeader("  771a43a4192642f0b136d5159a501700-b7ad6b7169203331\t")?.sampled == nil)
        #expect(SentryTraceHeader("771a43a4192642f0b136d5159a501700-b7ad6b7169203331-0")?.sampled == false)
        for bad in ["", "abc", "771a43a4192642f0b136d5159a501700", "771a43a4192642f0b136d5159a501700-xyz-1",
                    "771a43a4192642f0b136d5159a501700-b7ad6b7169203331-2", "-b7ad6b7169203331-1"] {
            #expect(SentryTraceHeader(bad) == nil, "\(bad)")
        }
    }

    @Test func traceparentFollowsW3C() throws {
        let header = try #require(TraceParentHeader("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"))
        #expect(header.sampled)
        #expect(header.value == "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        #expect(TraceParentHeader("00-00000000000000000000000000000000-b7ad6b7169203331-01") == nil)
        #expect(TraceParentHeader("ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01") == nil)
        #expect(TraceParentHeader("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra") == nil)
        #expect(TraceParentHeader("01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00-future")?.sampled == false)
        // Only bit 0 is "sampled"; other flag bits (W3C level 2's random-trace-id: 0x02) don't change it.
        #expect(TraceParentHeader("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-03")?.sampled == true)
        #expect(TraceParentHeader("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-02")?.sampled == false)
        #expect(TraceParentHeader("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-ff")?.sampled == true)
        #expect(TraceParentHeader("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-zz") == nil)
    }

    @Test func baggageKeepsOtherVendorsAndDecodesSentryValues() throws {
        let baggage = Baggage(
            "other-vendor-value-1=foo;bar;baz, sentry-trace_id=771a43a4192642f0b136d5159a501700, "
                + "sentry-public_key=49d0f7386ad645858ae85020e393bef3, sentry-sample_rate=0.01337, "
                + "sentry-user_id=Am%C3%A9lie, other-vendor-value-2=foo;bar;")
        #expect(baggage.sentryEntries["user_id"] == "Amélie")
        #expect(baggage.otherMembers == ["other-vendor-value-1=foo;bar;baz", "other-vendor-value-2=foo;bar;"])
        let dsc = try #require(baggage.dynamicSamplingContext())
        #expect(dsc.publicKey == "49d0f7386ad645858ae85020e393bef3")
        #expect(dsc.sampleRate == "0.01337")
        let written = baggage.value(sentry: DynamicSamplingContext(traceId: dsc.traceId, publicKey: "k", release: "my app@1,2"))
        #expect(written.hasPrefix("sentry-trace_id=771a43a4192642f0b136d5159a501700,sentry-public_key=k,sentry-release=my%20app@1%2C2"))
        #expect(written.hasSuffix(",other-vendor-value-1=foo;bar;baz,other-vendor-value-2=foo;bar;"))
        #expect(Baggage(written).sentryEntries["release"] == "my app@1,2")
    }

    @Test func baggageStaysWithinTheW3CLimits() {
        let others = (0..<100).map { "vendor\($0)=\(String(repeating: "v", count: 100))" }
        let value = Baggage(otherMembers: others).value(sentry: DynamicSamplingContext(traceId: SentryId(), publicKey: "k"))
        #expect(value.utf8.count <= Baggage.maxBytes)
        #expect(value.split(separator: ",").count <= Baggage.maxMembers)
        #expect(value.hasPrefix("sentry-trace_id="))
    }

    @Test func continuingATraceKeepsTheIdsDecisionAndFrozenDSC() throws {
        let incoming = [
            "Sentry-Trace": "771a43a4192642f0b136d5159a501700-b7ad6b7169203331-1",
            "Baggage": "sentry-trace_id=771a43a4192642f0b136d5159a501700,sentry-public_key=upstream,sentry-sample_rate=0.5,sentry-sample_rand=0.123456,sentry-release=upstream@1",
        ]
        let context = TracePropagation.continuing(headers: incoming, ownOrgId: nil, strict: false)
        #expect(context.traceId.description == "771a43a4192642f0b136d5159a501700")
        #expect(context.parentSpanId?.description == "b7ad6b7169203331")
        #expect(context.parentSampled == true)
        #expect(context.sampleRand == 0.123456)
        #expect(context.dynamicSamplingContext?.publicKey == "upstream")
        #expect(context.dynamicSamplingContext?.release == "upstream@1")
    }

    @Test func sampleRandIsDerivedFromTheUpstreamDecisionWhenMissing() {
        for _ in 0..<100 {
            let sampled = TracePropagation.continuing(headers: [
                "sentry-trace": "771a43a4192642f0b136d5159a501700-b7ad6b7169203331-1",
                "baggage": "sentry-trace_id=771a43a4192642f0b136d5159a501700,sentry-public_key=k,sentry-sample_rate=0.25",
            ], ownOrgId: nil, strict: false)
            #expect(sampled.sampleRand < 0.25)
            let unsampled = TracePropagation.continuing(headers: [
                "sentry-trace": "771a43a4192642f0b136d5159a501700-b7ad6b7169203331-0",
                "baggage": "sentry-trace_id=771a43a4192642f0b136d5159a501700,sentry-public_key=k,sentry-sample_rate=0.25",
            ], ownOrgId: nil, strict: false)
            #expect(unsampled.sampleRand >= 0.25 && unsampled.sampleRand < 1)
        }
    }

    @Test func strictContinuationChecksTheOrganization() {
        let headers = [
            "sentry-trace": "771a43a4192642f0b136d5159a501700-b7ad6b7169203331-1",
            "baggage": "sentry-trace_id=771a43a4192642f0b136d5159a501700,sentry-public_key=k,sentry-org_id=1",
        ]
        let continued = "771a43a4192642f0b136d5159a501700"
        #expect(TracePropagation.continuing(headers: headers, ownOrgId: "1", strict: true).traceId.description == continued)
        #expect(TracePropagation.continuing(headers: headers, ownOrgId: "2", strict: false).traceId.description != continued)
        #expect(TracePropagation.continuing(headers: headers, ownOrgId: nil, strict: false).traceId.description == continued)
        #expect(TracePropagation.continuing(headers: headers, ownOrgId: nil, strict: true).traceId.description != continued)
        let noOrg = ["sentry-trace": headers["sentry-trace"]!]
        #expect(TracePropagation.continuing(headers: noOrg, ownOrgId: "1", strict: true).traceId.description != continued)
        #expect(TracePropagation.continuing(headers: noOrg, ownOrgId: "1", strict: false).traceId.description == continued)
    }

    @Test func anIncomingDecisionIsHonouredAndPropagatedOnward() throws {
        let captured = withCapturedEvents(configure: {
            $0.tracesSampleRate = 0
            $0.tracePropagationTargets = ["api.internal", "^https://billing\\."]
            $0.propagateTraceparent = true
        }) {
            SentrySDK.withIsolationScope { _ in
                SentrySDK.continueTrace(headers: [
                    "sentry-trace": "771a43a4192642f0b136d5159a501700-b7ad6b7169203331-1",
                    "baggage": "sentry-trace_id=771a43a4192642f0b136d5159a501700,sentry-public_key=upstream,sentry-sample_rate=1,other=keep",
                ])
                SentrySDK.withSpan(operation: "http.server", name: "POST /pay") { span in
                    let headers = SentrySDK.traceHeaders(for: "http://api.internal/charge?x=1")
                    #expect(headers["sentry-trace"] == "771a43a4192642f0b136d5159a501700-\(span.spanId)-1")
                    #expect(headers["traceparent"] == "00-771a43a4192642f0b136d5159a501700-\(span.spanId)-01")
                    #expect(headers["baggage"]?.contains("sentry-public_key=upstream") == true)
                    #expect(headers["baggage"]?.contains("other=keep") == false)  // not forwarded
                    #expect(!SentrySDK.traceHeaders(for: "https://billing.example.com/x").isEmpty)
                    #expect(SentrySDK.traceHeaders(for: "https://evil.example.com/?q=billing").isEmpty)
                }
            }
        }
        let transaction = try #require(captured.transactions.first)
        #expect(transaction["contexts"]?["trace"]?["trace_id"] == "771a43a4192642f0b136d5159a501700")
        #expect(transaction["contexts"]?["trace"]?["parent_span_id"] == "b7ad6b7169203331")
        #expect(captured.envelopes.first?.header.trace?.publicKey == "upstream")  // frozen, verbatim
    }

    @Test func withoutTracingErrorsStillCarryTheTraceAndHeadersAreDeferred() throws {
        let captured = withCapturedEvents {
            let headers = SentrySDK.traceHeaders(for: "https://anywhere")
            #expect(headers["sentry-trace"]?.split(separator: "-").count == 2)  // no decision suffix
            #expect(headers["baggage"]?.contains("sentry-sampled") == false)
            SentrySDK.capture(message: "traced")
        }
        let event = try #require(captured.events.first)
        let traceId = try #require(event["contexts"]?["trace"]?["trace_id"]?.stringValue)
        #expect(captured.envelopes.first?.header.trace?.traceId.description == traceId)
    }
}
