/// One exception in an event's chain. Chains are listed oldest (root cause) first; the thrown
/// exception is last, with `mechanism.exceptionId` 0.
public struct SentryException: Sendable, Hashable, JSONEncodable {
    /// The error's type, e.g. `DecodingError`.
    public var type: String?
    /// The error's message.
    public var value: String?
    /// The module that declares the type.
    public var module: String?
    /// The thread it was raised on (`threads.values[].id`).
    public var threadId: UInt64?
    /// Where it was raised.
    public var stacktrace: Stacktrace?
    /// How it was caught.
    public var mechanism: Mechanism?

    /// Creates an exception.
    public init(
        type: String? = nil, value: String? = nil, module: String? = nil, threadId: UInt64? = nil,
        stacktrace: Stacktrace? = nil, mechanism: Mechanism? = nil
    ) {
        self.type = type
        self.value = value
        self.module = module
        self.threadId = threadId
        self.stacktrace = stacktrace
        self.mechanism = mechanism
    }

    /// Writes the exception object.
    package func encode(to writer: inout JSONWriter) {
        writer.object { w in
            w.field("type", type)
            w.field("value", value)
            w.field("module", module)
            w.field("thread_id", threadId)
            w.field("stacktrace", stacktrace)
            w.field("mechanism", mechanism)
        }
    }
}

/// How an exception was captured: by the app (`generic`, handled) or by an SDK handler.
public struct Mechanism: Sendable, Hashable, JSONEncodable {
    /// `generic` for app captures; `signalhandler`, `auto.http.vapor`, … for SDK handlers.
    public var type: String
    /// `false` marks a crash (the session becomes `crashed`).
    public var handled: Bool?
    /// `true` when the SDK made up the exception (signals, attached stack traces).
    public var synthetic: Bool?
    /// A human-readable note.
    public var description: String?
    /// A link to documentation.
    public var helpLink: String?
    /// Arbitrary data.
    public var data: [String: JSONValue]
    /// Signal or errno details.
    public var meta: Meta?
    /// This exception's id within the chain (0 = the thrown one).
    public var exceptionId: Int?
    /// The id of the exception this one caused.
    public var parentId: Int?
    /// Whether this exception groups others.
    public var isExceptionGroup: Bool?
    /// Where in the parent it came from, e.g. `cause`.
    public var source: String?

    /// Platform details: the signal of a crash, or an `errno`.
    public struct Meta: Sendable, Hashable, JSONEncodable {
        /// A POSIX signal.
        public var signal: Signal?
        /// A POSIX errno.
        public var errno: Errno?

        /// A signal number and its name (e.g. 11, `SIGSEGV`).
        public struct Signal: Sendable, Hashable, JSONEncodable {
            /// The number.
            public var number: Int
            /// The signal code (`si_code`).
            public var code: Int?
            /// The name, e.g. `SIGSEGV`.
            public var name: String?
            /// The code's name, e.g. `SEGV_MAPERR`.
            public var codeName: String?

            /// Creates signal details.
            public init(number: Int, code: Int? = nil, name: String? = nil, codeName: String? = nil) {
                self.number = number
                self.code = code
                self.name = name
                self.codeName = codeName
            }

            /// Writes the signal object.
            package func encode(to writer: inout JSONWriter) {
                writer.object { w in
                    w.field("number", number)
                    w.field("code", code)
                    w.field("name", name)
                    w.field("code_name", codeName)
                }
            }
        }

        /// An errno number and name.
        public struct Errno: Sendable, Hashable, JSONEncodable {
            /// The number.
            public var number: Int
            /// The name, e.g. `ENOENT`.
            public var name: String?

            /// Creates errno details.
            public init(number: Int, name: String? = nil) {
                self.number = number
                self.name = name
            }

            /// Writes the errno object.
            package func encode(to writer: inout JSONWriter) {
                writer.object { w in
                    w.field("number", number)
                    w.field("name", name)
                }
            }
        }

        /// Creates meta details.
        public init(signal: Signal? = nil, errno: Errno? = nil) {
            self.signal = signal
            self.errno = errno
        }

        /// Writes the meta object.
        package func encode(to writer: inout JSONWriter) {
            writer.object { w in
                w.field("signal", signal)
                w.field("errno", errno)
            }
        }
    }

    /// Creates a mechanism.
    public init(
        type: String, handled: Bool? = nil, synthetic: Bool? = nil, description: String? = nil,
        helpLink: String? = nil, data: [String: JSONValue] = [:], meta: Meta? = nil, exceptionId: Int? = nil,
        parentId: Int? = nil, isExceptionGroup: Bool? = nil, source: String? = nil
    ) {
        self.type = type
        self.handled = handled
        self.synthetic = synthetic
        self.description = description
        self.helpLink = helpLink
        self.data = data
        self.meta = meta
        self.exceptionId = exceptionId
        self.parentId = parentId
        self.isExceptionGroup = isExceptionGroup
        self.source = source
    }

    /// Writes the mechanism object.
    package func encode(to writer: inout JSONWriter) {
        writer.object { w in
            w.field("type", type)
            w.field("handled", handled)
            w.field("synthetic", synthetic)
            w.field("description", description)
            w.field("help_link", helpLink)
            w.nonEmpty("data", data)
            w.field("meta", meta)
            w.field("exception_id", exceptionId)
            w.field("parent_id", parentId)
            w.field("is_exception_group", isExceptionGroup)
            w.field("source", source)
        }
    }
}
