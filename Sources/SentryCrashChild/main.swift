// sentry-crash-child: a test helper for the crash handler (SentryCrashTests run it).
//
//     SentryCrashChild crash <method> <dsn> <cache-dir>   start the SDK, then crash by <method>
//     SentryCrashChild nosdk <method>                     crash the same way without the SDK
//     SentryCrashChild exit <dsn> <cache-dir>             capture a message, then return without close
//     SentryCrashChild report <dsn> <cache-dir>           start the SDK (it sends pending crash
//                                                         reports), flush and exit 0
//     SentryCrashChild bench                              print symbolication timings
//
// Methods: force-unwrap, fatal-error, index-out-of-range, segfault, abort; threads-at-once (four
// threads fault at once); overflow-app-thread (a stack overflow on a pthread the app created,
// after it called into the SDK), overflow-sdk-thread (one on a `BackgroundThread`).

import Glibc
import Sentry
import SentrySymbolication
import Synchronization

@inline(never) func crashByForceUnwrap() {
    let number: Int? = Int(CommandLine.arguments.count > 100 ? "1" : "not a number")
    print(number!)
}

@inline(never) func crashByFatalError() {
    fatalError("the crash child gave up")
}

@inline(never) func crashByIndexOutOfRange() {
    let values = [1, 2, 3]
    print(values[CommandLine.arguments.count + 10])
}

@inline(never) func crashBySegfault() {
    let pointer = UnsafeMutablePointer<Int>(bitPattern: 8 * (CommandLine.arguments.count > 100 ? 2 : 1))!
    pointer.pointee = 42
}

@inline(never) func crashByAbort() {
    abort()
}

/// Recurses until the stack runs out (each frame keeps some locals alive, so nothing folds it).
@inline(never) func overflowTheStack(_ depth: Int) -> Int {
    var padding = (depth, depth &+ 1, depth &+ 2, depth &+ 3, depth &+ 4, depth &+ 5, depth &+ 6, depth &+ 7)
    return withUnsafeMutablePointer(to: &padding) { pointer in
        blackHole(pointer.pointee.0)
        return overflowTheStack(depth &+ 1) &+ pointer.pointee.7
    }
}

/// A thread the app creates itself with `pthread_create` (not the SDK's `BackgroundThread`).
final class AppThread {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }

    static func start(stackSize: Int = 512 * 1024, _ body: @escaping () -> Void) {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setstacksize(&attributes, stackSize)
        var thread = pthread_t()
        let payload = Unmanaged.passRetained(AppThread(body)).toOpaque()
        let status = pthread_create(&thread, &attributes, { raw in
            Unmanaged<AppThread>.fromOpaque(raw!).takeRetainedValue().body()
            return nil
        }, payload)
        pthread_attr_destroy(&attributes)
        if status != 0 {
            print("pthread_create failed: \(status)")
            exit(3)
        }
    }
}

/// Four app threads meet at a barrier, then all fault at once.
func crashOnSeveralThreads(count: Int = 4) {
    let barrier = UnsafeMutablePointer<pthread_barrier_t>.allocate(capacity: 1)
    pthread_barrier_init(barrier, nil, UInt32(count))
    for _ in 0..<count {
        AppThread.start {
            pthread_barrier_wait(barrier)
            crashBySegfault()
        }
    }
}

func crash(_ method: String) {
    switch method {
    case "force-unwrap": crashByForceUnwrap()
    case "fatal-error": crashByFatalError()
    case "index-out-of-range": crashByIndexOutOfRange()
    case "segfault": crashBySegfault()
    case "abort": crashByAbort()
    case "threads-at-once":
        crashOnSeveralThreads()
        sleep(30)
    case "overflow-app-thread":
        // The thread calls into the SDK once (as request handlers do), then overflows its stack.
        AppThread.start {
            SentrySDK.addBreadcrumb(Breadcrumb(message: "on the app thread", category: "test"))
            print(overflowTheStack(0))
        }
        sleep(30)
    case "overflow-sdk-thread":
        BackgroundThread.start { print(overflowTheStack(0)) }
        sleep(30)
    default: break
    }
    print("unknown method \(method)")
    exit(2)
}

func start(dsn: String, cacheDirectory: String) {
    SentrySDK.start { options in
        options.dsn = dsn
        options.cacheDirectoryPath = cacheDirectory
        options.release = "crash-child@1.0.0"
        options.environment = "test"
        options.enableDiskSpool = false
    }
}

func microseconds(_ body: () -> Void) -> Double {
    let start = ContinuousClock.now
    body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6
}

func rounded(_ value: Double) -> Double { (value * 10).rounded() / 10 }

@inline(never) func deepStack(_ depth: Int, _ body: () -> Void) {
    if depth <= 0 { body() } else { deepStack(depth - 1, body) }
    blackHole(depth)
}

@inline(never) func blackHole(_ value: Int) { if value == -42 { print(value) } }

/// Stack capture + symbolication of a 30-frame stack, and the first debug-image list.
func bench() {
    var images: [LoadedImage] = []
    let firstList = microseconds { images = Symbolicator().loadedImages() }
    var debugImages: [DebugImage] = []
    let firstDebugImages = microseconds { debugImages = Symbolicator().loadedImages().map(\.debugImage) }
    print("images: \(images.count) loaded, \(debugImages.count) debug images")
    print("first image list: \(rounded(firstList)) µs; image list + debug images (fresh symbolicator): \(rounded(firstDebugImages)) µs")

    let processor = SymbolicatingEventProcessor()
    var frameCount = 0
    func captureAndSymbolicate() {
        deepStack(24) {
            let addresses = Symbolicator.captureAddresses(limit: 30)
            let event = Event(level: .error, exceptions: [
                SentryException(type: "Bench", stacktrace: Stacktrace(frames: addresses.reversed().map { Frame(instructionAddress: $0) }))
            ])
            let processed = processor.process(event, hint: .none)
            frameCount = processed?.exceptions.first?.stacktrace?.frames.count ?? 0
        }
    }
    let first = microseconds(captureAndSymbolicate)
    print("first capture + symbolication (reads the tables): \(rounded(first)) µs, \(frameCount) frames after trimming")
    var samples: [Double] = []
    for _ in 0..<2000 { samples.append(microseconds(captureAndSymbolicate)) }
    samples.sort()
    print("30-frame capture + symbolication, cached: median \(rounded(samples[samples.count / 2])) µs, p90 \(rounded(samples[samples.count * 9 / 10])) µs")
    let capture = (0..<2000).map { _ in microseconds { _ = Symbolicator.captureAddresses(limit: 30) } }.sorted()
    print("capture alone: median \(rounded(capture[capture.count / 2])) µs")
    // The façade's per-call signal-stack check once the thread has its stack.
    SignalStack.setWanted(true)
    SignalStack.prepareIfWanted()
    let calls = 10_000_000
    let check = microseconds { for _ in 0..<calls { SignalStack.prepareIfWanted() } }
    print("signal-stack check on a prepared thread: \(rounded(check * 1000 / Double(calls))) ns per call")
}

/// Counts the calls of a `_swift_willThrow` hook installed before the SDK starts.
let earlierHookCalls = Atomic<Int>(0)

/// Installs a throw hook of "someone else" first, then starts the SDK, throws, and prints whether
/// both hooks saw the throw: the SDK must chain to the hook it found, and still record the site.
func throwHookChain() {
    struct Thrown: Error {}
    guard let slot = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "_swift_willThrow") else {
        print("no _swift_willThrow")
        exit(3)
    }
    let hook: @convention(c) (UnsafeMutableRawPointer?) -> Void = { _ in earlierHookCalls.add(1, ordering: .relaxed) }
    slot.assumingMemoryBound(to: UnsafeRawPointer?.self).pointee = unsafeBitCast(hook, to: UnsafeRawPointer.self)
    SentrySDK.start { options in
        options.dsn = "https://key@127.0.0.1:9/1"
        options.enableDiskSpool = false
        options.beforeSend = { event in
            print("stacktrace: \(event.exceptions.last?.mechanism?.data["stacktrace"]?.stringValue ?? "none")")
            return nil
        }
    }
    do { throw Thrown() } catch { SentrySDK.capture(error: error) }
    print("earlier hook calls: \(earlierHookCalls.load(ordering: .relaxed))")
    SentrySDK.close(timeout: .seconds(1))
}

let arguments = CommandLine.arguments
switch arguments.count > 1 ? arguments[1] : "" {
case "throw-hook-chain":
    throwHookChain()
case "crash" where arguments.count == 5:
    start(dsn: arguments[3], cacheDirectory: arguments[4])
    SentrySDK.setTag(arguments[2], forKey: "crash.method")
    SentrySDK.addBreadcrumb(Breadcrumb(message: "about to crash", category: "test"))
    // Let the crash handler's background refresh pick the scope up (it runs every 200 ms).
    usleep(350_000)
    crash(arguments[2])
case "exit" where arguments.count == 4:
    // Captures and returns from main without closing the SDK: the exit hook must deliver it.
    start(dsn: arguments[2], cacheDirectory: arguments[3])
    SentrySDK.capture(message: "sent at exit")
case "nosdk" where arguments.count == 3:
    crash(arguments[2])
case "bench":
    bench()
case "report" where arguments.count == 4:
    start(dsn: arguments[2], cacheDirectory: arguments[3])
    _ = SentrySDK.flush(timeout: .seconds(10))
    SentrySDK.close()
default:
    print("usage: SentryCrashChild crash <method> <dsn> <cache-dir> | nosdk <method> | report <dsn> <cache-dir> | throw-hook-chain")
    exit(2)
}
