#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A wall-clock instant, kept as seconds since the Unix epoch until it is serialized.
///
/// Sentry accepts float seconds for most timestamps; ``rfc3339`` gives the string form that
/// `sent_at`, sessions and profiles need.
public struct SentryTimestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var secondsSince1970: Double

    /// Creates a timestamp from seconds since the epoch.
    public init(secondsSince1970: Double) { self.secondsSince1970 = secondsSince1970 }

    /// The current time, from `CLOCK_REALTIME`.
    public static func now() -> SentryTimestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return SentryTimestamp(secondsSince1970: Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9)
    }

    /// Compares two instants.
    public static func < (lhs: SentryTimestamp, rhs: SentryTimestamp) -> Bool {
        lhs.secondsSince1970 < rhs.secondsSince1970
    }

    /// This instant rounded down to the start of its minute (session aggregate buckets).
    package var minuteFloor: SentryTimestamp {
        SentryTimestamp(secondsSince1970: (secondsSince1970 / 60).rounded(.down) * 60)
    }

    /// RFC 3339 in UTC with microseconds, e.g. `2026-01-01T00:00:00.000000Z`.
    public var rfc3339: String {
        let whole = secondsSince1970.rounded(.down)
        var seconds = time_t(whole)
        var micros = Int(((secondsSince1970 - whole) * 1_000_000).rounded())
        if micros >= 1_000_000 {
            seconds += 1
            micros -= 1_000_000
        }
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return pad(Int(parts.tm_year) + 1900, 4) + "-" + pad(Int(parts.tm_mon) + 1, 2) + "-"
            + pad(Int(parts.tm_mday), 2) + "T" + pad(Int(parts.tm_hour), 2) + ":" + pad(Int(parts.tm_min), 2)
            + ":" + pad(Int(parts.tm_sec), 2) + "." + pad(micros, 6) + "Z"
    }

    /// The RFC 3339 form.
    public var description: String { rfc3339 }
}

extension SentryTimestamp: JSONEncodable {
    /// Writes float seconds since the epoch.
    package func encode(to writer: inout JSONWriter) { writer.double(secondsSince1970) }
}

extension SentryTimestamp {
    /// Parses RFC 3339 (`2026-01-01T00:00:00Z`, fractional seconds and `±hh:mm` offsets allowed).
    public init?(rfc3339 text: String) {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard bytes.count >= 20, let year = number(0..<4), bytes[4] == UInt8(ascii: "-"), let month = number(5..<7),
            bytes[7] == UInt8(ascii: "-"), let day = number(8..<10), bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second <= 60
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                fraction += Double(bytes[index] - UInt8(ascii: "0")) * scale
                scale /= 10
                index += 1
            }
        }
        var offsetSeconds = 0
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard let hours = number(index + 1..<index + 3), index + 3 < bytes.count, bytes[index + 3] == UInt8(ascii: ":"),
                let minutes = number(index + 4..<index + 6)
            else { return nil }
            offsetSeconds = (hours * 3600 + minutes * 60) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
            index += 6
        default:
            return nil
        }
        guard index == bytes.count else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let seconds = timegm(&parts)
        self.init(secondsSince1970: Double(seconds - offsetSeconds) + fraction)
    }
}
