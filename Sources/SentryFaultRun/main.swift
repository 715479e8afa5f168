// The fault-injection run's traffic: mixed errors, messages, transactions, logs and metrics
// against a sink that `Scripts/fault-run.sh` makes misbehave (500, 429, 20 s delays, resets,
// down/up). Every 10 s it prints its memory and CPU; at the end it stops sending, measures its
// CPU while the server is down with a spool to resend, then flushes and writes what it created
// and what is left (spool, pending client reports) as JSON for the accounting.
//
// Usage: sentry-fault-run <envelope-port> <seconds> <cache-directory> <output.json>
import Foundation
import Sentry
import SentryTransport

let arguments = CommandLine.arguments
guard arguments.count == 5, let port = Int(arguments[1]), let seconds = Double(arguments[2]) else {
    print("usage: sentry-fault-run <envelope-port> <seconds> <cache-directory> <output.json>")
    exit(2)
}
let cacheDirectory = arguments[3]
let outputPath = arguments[4]

/// Process CPU time (user + system) in seconds.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// Resident memory in MB.
func residentMB() -> Double {
    let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
    let pages = Double(statm.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0)
    return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
}

var options = Options()
options.dsn = "http://5f1c0a6b2e4d4c8f9a7b3d2e1f0a9b8c@127.0.0.1:\(port)/1"
options.release = "fault-run@1.0.0"
options.tracesSampleRate = 1
options.enableLogs = true
options.cacheDirectoryPath = cacheDirectory
options.defaultIntegrations = false
let dsn = try Dsn(options.dsn!)
let transport = CurlTransport(configuration: TransportConfiguration(dsn: dsn, options: options, environment: [:]))
options.transport = transport
SentrySDK.start(options: options, environment: [:])

struct Failure: Error, CustomStringConvertible {
    var sender: Int
    var index: Int
    var description: String { "fault run failure \(sender)-\(index)" }
}

/// The ids of captured events, written to a file as they come so the harness's own memory stays flat.
let createdPath = outputPath + ".created"
nonisolated(unsafe) let createdFile = fopen(createdPath, "w")!  // written only under `created`'s lock
let created = Locked<Int>(0)
let started = Date()
let senders = 4
let group = DispatchGroup()
for sender in 0..<senders {
    group.enter()
    Thread.detachNewThread {
        var index = 0
        while Date().timeIntervalSince(started) < seconds {
            index += 1
            let id = index % 2 == 0
                ? SentrySDK.capture(error: Failure(sender: sender, index: index))
                : SentrySDK.capture(message: "fault run message \(sender)-\(index)")
            if id != .empty {
                created.withLock { count in
                    fputs("event:\(id)\n", createdFile)
                    count += 1
                }
            }
            if index % 5 == 0 {
                SentrySDK.withSpan(operation: "task", name: "fault run transaction") { span in
                    for child in 0..<3 { span.startChild(operation: "step", description: "step \(child)").finish() }
                }
            }
            SentrySDK.logger.info("fault run log \(index)")
            SentrySDK.metrics.count(key: "fault_run.iterations")
            usleep(80_000)  // about 12 iterations a second per sender
        }
        group.leave()
    }
}

var lastCPU = cpuSeconds()
var lastTime = Date()
while Date().timeIntervalSince(started) < seconds {
    Thread.sleep(forTimeInterval: 10)
    let now = Date()
    let cpu = cpuSeconds()
    let line = String(
        format: "t=%4.0fs rss=%6.1f MB cpu=%4.0f%% created=%d queued=%d", now.timeIntervalSince(started), residentMB(),
        100 * (cpu - lastCPU) / now.timeIntervalSince(lastTime), created.withLock { $0 }, transport.queuedCount)
    print(line)
    fflush(nil)
    (lastCPU, lastTime) = (cpu, now)
}
group.wait()

// The server is down now (the script's schedule) and the spool holds envelopes: the SDK must sleep.
Thread.sleep(forTimeInterval: 3)
let idleStart = (cpuSeconds(), Date())
Thread.sleep(forTimeInterval: 20)
let idleCPU = (cpuSeconds() - idleStart.0) / Date().timeIntervalSince(idleStart.1)
print(String(format: "idle while the server is down: cpu=%.2f%% rss=%.1f MB", 100 * idleCPU, residentMB()))
fflush(nil)

// The script brings the server back at about this point; resend everything it will take.
Thread.sleep(forTimeInterval: 4)
let delivered = SentrySDK.flush(timeout: .seconds(90))
SentrySDK.close(timeout: .seconds(5))
print("flush after recovery: \(delivered ? "everything delivered" : "not everything delivered")")

var spooled: [String] = []
let spoolDirectory = cacheDirectory + "/envelopes"
for name in (try? FileManager.default.contentsOfDirectory(atPath: spoolDirectory)) ?? [] where name.hasSuffix(".envelope") {
    guard let data = FileManager.default.contents(atPath: spoolDirectory + "/" + name), let envelope = try? Envelope.parse(Array(data)),
        let id = envelope.header.eventId
    else { continue }
    for item in envelope.items where item.header.type == .event || item.header.type == .transaction {
        spooled.append("\(item.header.type.rawValue):\(id)")
    }
}
var pending: [String: Int] = [:]
for entry in transport.recorder.takeReport()?.discardedEvents ?? [] {
    pending["\(entry.reason.rawValue):\(entry.category.rawValue)", default: 0] += entry.quantity
}
_ = created.withLock { _ in fclose(createdFile) }
let output: [String: Any] = [
    "created_path": createdPath, "spooled": spooled, "pending": pending, "idle_cpu": idleCPU, "rss_mb": residentMB(),
]
let data = try JSONSerialization.data(withJSONObject: output)
_ = FileManager.default.createFile(atPath: outputPath, contents: data)
