/// A cron monitor check-in (`check_in` item).
public struct CheckIn: Sendable, Hashable, JSONEncodable {
    /// The job's state.
    public enum Status: String, Sendable, Hashable, JSONEncodable {
        case inProgress = "in_progress", ok, error

        /// Writes the wire name.
        package func encode(to writer: inout JSONWriter) { writer.string(rawValue) }
    }

    /// A monitor's schedule and thresholds, upserted by the check-in.
    public struct MonitorConfig: Sendable, Hashable, JSONEncodable {
        /// When the job runs.
        public enum Schedule: Sendable, Hashable, JSONEncodable {
            /// A five-field crontab expression.
            case crontab(String)
            /// Every `value` units (`year`, `month`, `week`, `day`, `hour`, `minute`).
            case interval(Int, unit: String)

            /// Writes the schedule object.
            package func encode(to writer: inout JSONWriter) {
                writer.object { w in
                    switch self {
                    case .crontab(let expression):
                        w.field("type", "crontab")
                        w.field("value", expression)
                    case .interval(let value, let unit):
                        w.field("type", "interval")
                        w.field("value", value)
                        w.field("unit", unit)
                    }
                }
            }
        }

        /// The schedule.
        public var schedule: Schedule
        /// Minutes of grace before a missed check-in.
        public var checkinMargin: Int?
        /// Minutes a run may take.
        public var maxRuntime: Int?
        /// Failures before an issue opens.
        public var failureIssueThreshold: Int?
        /// Successes before it resolves.
        public var recoveryThreshold: Int?
        /// A tz database name.
        public var timezone: String?
        /// `user:email` or `team:slug`.
        public var owner: String?

        /// Creates a monitor configuration.
        public init(
            schedule: Schedule, checkinMargin: Int? = nil, maxRuntime: Int? = nil, failureIssueThreshold: Int? = nil,
            recoveryThreshold: Int? = nil, timezone: String? = nil, owner: String? = nil
        ) {
            self.schedule = schedule
            self.checkinMargin = checkinMargin
            self.maxRuntime = maxRuntime
            self.failureIssueThreshold = failureIssueThreshold
            self.recoveryThreshold = recoveryThreshold
            self.timezone = timezone
            self.owner = owner
        }

        /// Writes the monitor_config object.
        package func encode(to writer: inout JSONWriter) {
            writer.object { w in
                w.field("schedule", schedule)
                w.field("checkin_margin", checkinMargin)
                w.field("max_runtime", maxRuntime)
                w.field("failure_issue_threshold", failureIssueThreshold)
                w.field("recovery_threshold", recoveryThreshold)
                w.field("timezone", timezone)
                w.field("owner", owner)
            }
        }
    }

    /// The check-in id; reuse it for the closing check-in.
    public var checkInId: SentryId
    /// The monitor.
    public var monitorSlug: String
    /// The state.
    public var status: Status
    /// Seconds the run took (for `ok`/`error`).
    public var duration: Double?
    /// The release.
    public var release: String?
    /// The environment.
    public var environment: String?
    /// The trace that links the check-in to errors.
    public var trace: TraceContext?
    /// An optional upsert of the monitor.
    public var monitorConfig: MonitorConfig?

    /// Creates a check-in.
    public init(
        checkInId: SentryId = SentryId(), monitorSlug: String, status: Status, duration: Double? = nil,
        release: String? = nil, environment: String? = nil, trace: TraceContext? = nil,
        monitorConfig: MonitorConfig? = nil
    ) {
        self.checkInId = checkInId
        self.monitorSlug = monitorSlug
        self.status = status
        self.duration = duration
        self.release = release
        self.environment = environment
        self.trace = trace
        self.monitorConfig = monitorConfig
    }

    /// Writes the check-in object.
    package func encode(to writer: inout JSONWriter) {
        writer.object { w in
            w.field("check_in_id", checkInId)
            w.field("monitor_slug", monitorSlug)
            w.field("status", status)
            w.field("duration", duration)
            w.field("release", release)
            w.field("environment", environment)
            if let trace {
                w.key("contexts")
                w.object { c in c.field("trace", trace) }
            }
            w.field("monitor_config", monitorConfig)
        }
    }
}
