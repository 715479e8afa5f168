// sentry-inbox: a local Sentry ingestion endpoint for development.
//
//     sentry-inbox [--port N] [--host ADDR] [--dir PATH] [--key KEY] [--project ID] [--any]
//
// Prints the DSN to use, then one line per received envelope item, until SIGINT or SIGTERM.

import Glibc
import SentryInbox

/// Writes `line` straight to a file descriptor (stdout by default): unbuffered, so piped output shows up as it
/// happens, and one `write` per line, so lines from different connection threads do not interleave.
func emit(_ line: String, to descriptor: Int32 = STDOUT_FILENO) {
    let bytes = Array((line + "\n").utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
        if written < 0 && errno == EINTR { continue }
        guard written > 0 else { return }
        offset += written
    }
}

let usage = """
    usage: sentry-inbox [options]
      --port N        TCP port to listen on (default 9000; 0 picks a free port)
      --host ADDR     IPv4 address to listen on (default 127.0.0.1)
      --dir PATH      write every received envelope into PATH (created if missing)
      --key KEY       the DSN public key clients must send (default \(InboxConfiguration.defaultPublicKey))
      --project ID    the project id clients must use (default \(InboxConfiguration.defaultProjectId))
      --any           accept any key and any project id
      -h, --help      show this help
    """

/// Parses the command line into a configuration; exits with status 2 on bad usage.
func parseArguments(_ arguments: [String]) -> InboxConfiguration {
    var configuration = InboxConfiguration(port: 9000)
    var index = 0
    func value(for flag: String) -> String {
        index += 1
        guard index < arguments.count else {
            emit("sentry-inbox: \(flag) needs a value\n\(usage)", to: STDERR_FILENO)
            exit(2)
        }
        return arguments[index]
    }
    while index < arguments.count {
        let argument = arguments[index]
        switch argument {
        case "--port":
            let text = value(for: argument)
            guard let port = Int(text), (0...65_535).contains(port) else {
                emit("sentry-inbox: invalid port \(text)", to: STDERR_FILENO)
                exit(2)
            }
            configuration.port = port
        case "--host": configuration.host = value(for: argument)
        case "--dir": configuration.storageDirectory = value(for: argument)
        case "--key": configuration.publicKey = value(for: argument)
        case "--project": configuration.projectId = value(for: argument)
        case "--any": configuration.acceptsAnyCredentials = true
        case "-h", "--help":
            emit(usage)
            exit(0)
        default:
            emit("sentry-inbox: unknown argument \(argument)\n\(usage)", to: STDERR_FILENO)
            exit(2)
        }
        index += 1
    }
    return configuration
}

var configuration = parseArguments(Array(CommandLine.arguments.dropFirst()))
configuration.log = { line in emit(line) }

// Block SIGINT and SIGTERM before any thread starts (threads inherit the mask), then wait for them here.
var signals = sigset_t()
sigemptyset(&signals)
sigaddset(&signals, SIGINT)
sigaddset(&signals, SIGTERM)
pthread_sigmask(SIG_BLOCK, &signals, nil)

let server: InboxServer
do {
    server = try InboxServer(configuration: configuration)
} catch {
    emit("sentry-inbox: \(error)", to: STDERR_FILENO)
    exit(1)
}

emit("sentry-inbox listening on http://\(configuration.host):\(server.port)")
emit("DSN: \(server.dsn)")
if let directory = configuration.storageDirectory { emit("storing envelopes in \(directory)") }
if configuration.acceptsAnyCredentials { emit("accepting any key and project id") }

var received: Int32 = 0
sigwait(&signals, &received)
emit("sentry-inbox: received signal \(received), stopping (\(server.received().count) envelopes received)")
server.stop()
exit(0)
