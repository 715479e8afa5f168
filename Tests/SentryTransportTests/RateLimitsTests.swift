import SentryCore
import Testing

@testable import SentryTransport

@Suite struct RateLimitsTests {
    @Test func parsesCategoriesScopesAndFloatSeconds() {
        var limits = RateLimits()
        limits.update(status: 200, rateLimitsHeader: "60:transaction:key, 2700:default;error;security:organization", retryAfterHeader: nil, now: 0)
        #expect(limits.isLimited(.transaction, now: 59))
        #expect(!limits.isLimited(.transaction, now: 60))
        #expect(limits.isLimited(.error, now: 2000))
        #expect(!limits.isLimited(.session, now: 1))
        limits.apply(rateLimitsHeader: "1.2:session:project:quota_exceeded:ns", now: 0)
        #expect(limits.isLimited(.session, now: 1.9))  // rounded up to 2
        #expect(!limits.isLimited(.session, now: 2))
    }

    @Test func emptyCategoriesMeanEverythingButUnknownOnesAreIgnored() {
        var limits = RateLimits()
        limits.apply(rateLimitsHeader: "30:made_up;also_made_up:org", now: 0)
        #expect(!limits.isEverythingLimited(now: 1))
        limits.apply(rateLimitsHeader: "30::organization", now: 0)
        #expect(limits.isEverythingLimited(now: 29))
        #expect(limits.isLimited(.internal, now: 29))
    }

    @Test func laterDeadlineWinsAndGarbageIsIgnored() {
        var limits = RateLimits()
        limits.apply(rateLimitsHeader: "100:error:key", now: 0)
        limits.apply(rateLimitsHeader: "10:error:key, nonsense, :error, -5:error, nan:error", now: 0)
        #expect(limits.isLimited(.error, now: 99))
    }

    @Test func retryAfterOn429AndTheSixtySecondDefault() {
        var limits = RateLimits()
        limits.update(status: 429, rateLimitsHeader: nil, retryAfterHeader: "7", now: 0)
        #expect(limits.isEverythingLimited(now: 6.9))
        #expect(!limits.isEverythingLimited(now: 7))
        var noHeaders = RateLimits()
        noHeaders.update(status: 429, rateLimitsHeader: nil, retryAfterHeader: nil, now: 0)
        #expect(noHeaders.isEverythingLimited(now: 59))
        #expect(!noHeaders.isEverythingLimited(now: 60))
        var ok = RateLimits()
        ok.update(status: 200, rateLimitsHeader: nil, retryAfterHeader: "100", now: 0)
        #expect(!ok.isEverythingLimited(now: 1))  // Retry-After only counts on 429
    }

    @Test func logsAreBlockedByEitherOfTheirCategories() {
        var limits = RateLimits()
        limits.apply(rateLimitsHeader: "60:log_byte:org", now: 0)
        let item = EnvelopeItem(logs: [SentryLog(traceId: SentryId(), level: .info, body: "x")])
        #expect(limits.isLimited(item, now: 1))
        #expect(!limits.isLimited(EnvelopeItem(event: Event()), now: 1))
    }
}

@Suite struct HostileRateLimitTests {
    @Test func absurdDurationsAreCappedAtAnHour() {
        var limits = RateLimits()
        limits.apply(rateLimitsHeader: "1e12::organization, 99999999:error:key", now: 100)
        #expect(limits.isEverythingLimited(now: 100 + 3599))
        #expect(!limits.isEverythingLimited(now: 100 + 3600))
        #expect(!limits.isLimited(.error, now: 100 + 3600))
        #expect(limits.everythingLimitedUntil == 3700)
        var retry = RateLimits()
        retry.update(status: 429, rateLimitsHeader: nil, retryAfterHeader: "31536000", now: 0)
        #expect(retry.everythingLimitedUntil == 3600)
        retry.update(status: 429, rateLimitsHeader: nil, retryAfterHeader: "inf", now: 0)
        #expect(retry.everythingLimitedUntil == 3600)
    }
}
