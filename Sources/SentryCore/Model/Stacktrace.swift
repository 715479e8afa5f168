/// A stack trace, frames ordered caller → callee (the crashing frame last).
public struct Stacktrace: Sendable, Hashable, JSONEncodable {
    /// The frames, oldest first.
    public var frames: [Frame]
    /// Register values by name (e.g. `rip`), as hex.
    public var registers: [String: String]

    /// Creates a stack trace.
    public init(frames: [Frame] = [], registers: [String: String] = [:]) {
        self.frames = frames
        self.registers = registers
    }

    /// Writes the stacktrace object.
    package func encode(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("frames")
        writer.beginArray()
        // Each frame is read in place: a loop over the array (even through a buffer) copies each
        // frame first, retaining and releasing every one of its strings.
        frames.withUnsafeBufferPointer { frames in
            for index in frames.indices { Frame.encode(frames.baseAddress.unsafelyUnwrapped + index, to: &writer) }
        }
        writer.endArray()
        writer.nonEmpty("registers", registers)
        writer.endObject()
    }
}

/// One stack frame. Needs at least one of `function`, `filename` or `instructionAddress`.
public struct Frame: Sendable, Hashable, JSONEncodable {
    /// The (demangled) function name.
    public var function: String?
    /// The original (mangled) name when `function` was shortened.
    public var rawFunction: String?
    /// The Swift module.
    public var module: String?
    /// The containing binary's path.
    public var package: String?
    /// The source file, relative to the project root.
    public var filename: String?
    /// The absolute source path.
    public var absPath: String?
    /// 1-based line.
    public var lineno: Int?
    /// 1-based column.
    public var colno: Int?
    /// Whether the frame is the app's own code.
    public var inApp: Bool?
    /// The return address.
    public var instructionAddress: UInt64?
    /// The symbol's start address.
    public var symbolAddress: UInt64?
    /// The image's load address.
    public var imageAddress: UInt64?
    /// `abs` (default) or `rel:<debug_id>`.
    public var addressMode: String?
    /// The source line itself.
    public var contextLine: String?
    /// Source lines before.
    public var preContext: [String]
    /// Source lines after.
    public var postContext: [String]
    /// Local variables.
    public var vars: [String: JSONValue]
    /// A per-frame platform override.
    public var platform: String?
    /// Marks the start of an async-chained sub-trace.
    public var stackStart: Bool?

    /// Creates a frame.
    public init(
        function: String? = nil, rawFunction: String? = nil, module: String? = nil, package: String? = nil,
        filename: String? = nil, absPath: String? = nil, lineno: Int? = nil, colno: Int? = nil, inApp: Bool? = nil,
        instructionAddress: UInt64? = nil, symbolAddress: UInt64? = nil, imageAddress: UInt64? = nil,
        addressMode: String? = nil, contextLine: String? = nil, preContext: [String] = [],
        postContext: [String] = [], vars: [String: JSONValue] = [:], platform: String? = nil,
        stackStart: Bool? = nil
    ) {
        self.function = function
        self.rawFunction = rawFunction
        self.module = module
        self.package = package
        self.filename = filename
        self.absPath = absPath
        self.lineno = lineno
        self.colno = colno
        self.inApp = inApp
        self.instructionAddress = instructionAddress
        self.symbolAddress = symbolAddress
        self.imageAddress = imageAddress
        self.addressMode = addressMode
        self.contextLine = contextLine
        self.preContext = preContext
        self.postContext = postContext
        self.vars = vars
        self.platform = platform
        self.stackStart = stackStart
    }

    /// A frame that holds only its address, as stack captures make them before symbolication
    /// (inlined: the general initializer's nineteen defaults cost more than the capture itself).
    @inlinable
    package init(instructionAddress: UInt64) {
        self.instructionAddress = instructionAddress
        preContext = []
        postContext = []
        vars = [:]
    }

    /// Writes the frame object.
    package func encode(to writer: inout JSONWriter) {
        withUnsafePointer(to: self) { Frame.encode($0, to: &writer) }
    }

    /// Writes the frame at `frame`, reading each field where it is.
    static func encode(_ frame: UnsafePointer<Frame>, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("function", frame.pointee.function)
        writer.field("raw_function", frame.pointee.rawFunction)
        writer.field("module", frame.pointee.module)
        writer.field("package", frame.pointee.package)
        writer.field("filename", frame.pointee.filename)
        writer.field("abs_path", frame.pointee.absPath)
        writer.field("lineno", frame.pointee.lineno)
        writer.field("colno", frame.pointee.colno)
        writer.field("in_app", frame.pointee.inApp)
        writer.addressField("instruction_addr", frame.pointee.instructionAddress)
        writer.addressField("symbol_addr", frame.pointee.symbolAddress)
        writer.addressField("image_addr", frame.pointee.imageAddress)
        writer.field("addr_mode", frame.pointee.addressMode)
        writer.field("context_line", frame.pointee.contextLine)
        writer.nonEmpty("pre_context", frame.pointee.preContext)
        writer.nonEmpty("post_context", frame.pointee.postContext)
        writer.nonEmpty("vars", frame.pointee.vars)
        writer.field("platform", frame.pointee.platform)
        if frame.pointee.stackStart == true { writer.field("stack_start", true) }
        writer.endObject()
    }
}

/// A thread at the time of an event.
public struct SentryThread: Sendable, Hashable, JSONEncodable {
    /// The thread id.
    public var id: UInt64
    /// Its name.
    public var name: String?
    /// Whether it crashed.
    public var crashed: Bool?
    /// Whether it captured the event.
    public var current: Bool?
    /// Whether it is the main thread.
    public var main: Bool?
    /// Its state, e.g. `running`.
    public var state: String?
    /// Its stack (omit on the crashing thread when the exception carries it).
    public var stacktrace: Stacktrace?

    /// Creates a thread description.
    public init(
        id: UInt64, name: String? = nil, crashed: Bool? = nil, current: Bool? = nil, main: Bool? = nil,
        state: String? = nil, stacktrace: Stacktrace? = nil
    ) {
        self.id = id
        self.name = name
        self.crashed = crashed
        self.current = current
        self.main = main
        self.state = state
        self.stacktrace = stacktrace
    }

    /// Writes the thread object.
    package func encode(to writer: inout JSONWriter) {
        writer.object { w in
            w.field("id", id)
            w.field("name", name)
            w.field("crashed", crashed)
            w.field("current", current)
            w.field("main", main)
            w.field("state", state)
            w.field("stacktrace", stacktrace)
        }
    }
}
