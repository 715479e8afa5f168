/// One release-health session update (`session` item): a CLI run or a desktop session.
package struct Session: Sendable, Hashable, JSONEncodable {
    /// A session's state. `errored` exists only in aggregates.
    package enum Status: String, Sendable, Hashable, JSONEncodable {
        case ok, exited, crashed, abnormal

        /// Writes the wire name.
        package func encode(to writer: inout JSONWriter) { writer.string(rawValue) }
    }

    /// The session id.
    package var sessionId: SentryId
    /// A distinct id (user id, email or username); immutable.
    package var distinctId: String?
    /// `true` on the first transmission.
    package var isInitial: Bool
    /// When the session started; immutable.
    package var started: SentryTimestamp
    /// When this update was made.
    package var timestamp: SentryTimestamp
    /// Seconds since start.
    package var duration: Double?
    /// The state.
    package var status: Status
    /// Errors seen so far (a crash counts).
    package var errors: Int
    /// A logical clock.
    package var sequence: UInt64?
    /// Release (required), environment, IP and user agent.
    package var attributes: Attributes

    /// Session attributes; `release` is required by the server.
    package struct Attributes: Sendable, Hashable, JSONEncodable {
        /// The release.
        package var release: String
        /// The environment.
        package var environment: String?
        /// The user's IP address.
        package var ipAddress: String?
        /// The user agent.
        package var userAgent: String?

        /// Creates session attributes.
        package init(release: String, environment: String? = nil, ipAddress: String? = nil, userAgent: String? = nil) {
            self.release = release
            self.environment = environment
            self.ipAddress = ipAddress
            self.userAgent = userAgent
        }

        /// Writes the attrs object.
        package func encode(to writer: inout JSONWriter) {
            writer.object { w in
                w.field("release", release)
                w.field("environment", environment)
                w.field("ip_address", ipAddress)
                w.field("user_agent", userAgent)
            }
        }
    }

    /// Starts a new session now.
    package init(release: String, environment: String? = nil, distinctId: String? = nil, started: SentryTimestamp = .now()) {
        sessionId = SentryId()
        self.distinctId = distinctId
        isInitial = true
        self.started = started
        timestamp = started
        status = .ok
        errors = 0
        attributes = Attributes(release: release, environment: environment)
    }

    /// Writes the session object.
    package func encode(to writer: inout JSONWriter) {
        writer.object { w in
            w.field("sid", sessionId)
            w.field("did", distinctId)
            if isInitial { w.field("init", true) }
            w.field("started", started.rfc3339)
            w.field("timestamp", timestamp.rfc3339)
            w.field("duration", duration)
            w.field("status", status)
            w.field("errors", errors)
            w.field("seq", sequence)
            w.field("attrs", attributes)
        }
    }
}

/// Request-mode session counts (`sessions` item), bucketed by the minute they started.
package struct SessionAggregates: Sendable, Hashable, JSONEncodable {
    /// The counts for one minute.
    package struct Bucket: Sendable, Hashable, JSONEncodable {
        /// The minute (rounded down).
        package var started: SentryTimestamp
        /// Sessions that ended without errors.
        package var exited: Int
        /// Sessions that ended with errors.
        package var errored: Int
        /// Sessions that crashed.
        package var crashed: Int
        /// Sessions that ended abnormally.
        package var abnormal: Int

        /// Creates a bucket; `started` is rounded down to its minute.
        package init(started: SentryTimestamp, exited: Int = 0, errored: Int = 0, crashed: Int = 0, abnormal: Int = 0) {
            self.started = started.minuteFloor
            self.exited = exited
            self.errored = errored
            self.crashed = crashed
            self.abnormal = abnormal
        }

        /// Writes the bucket, leaving out zero counters.
        package func encode(to writer: inout JSONWriter) {
            writer.object { w in
                w.field("started", started.rfc3339)
                if exited > 0 { w.field("exited", exited) }
                if errored > 0 { w.field("errored", errored) }
                if crashed > 0 { w.field("crashed", crashed) }
                if abnormal > 0 { w.field("abnormal", abnormal) }
            }
        }
    }

    /// The buckets (at most 100 per item).
    package var aggregates: [Bucket]
    /// The release and environment all buckets share.
    package var attributes: Session.Attributes

    /// Creates aggregates.
    package init(aggregates: [Bucket], attributes: Session.Attributes) {
        self.aggregates = aggregates
        self.attributes = attributes
    }

    /// Writes `{aggregates, attrs}`.
    package func encode(to writer: inout JSONWriter) {
        writer.object { w in
            w.field("aggregates", aggregates)
            w.key("attrs")
            w.object { attrs in
                attrs.field("release", attributes.release)
                attrs.field("environment", attributes.environment)
            }
        }
    }
}
