public import SentryCore

/// Realistic events for the benchmarks: what a server's error event looks like on the wire.
public enum Fixtures {
    /// An error event of about 10 KB as JSON: one exception with 30 frames, 6 breadcrumbs, 10 tags,
    /// user, request and the usual contexts (no SDK info: the client adds it, and its type is not
    /// public API).
    public static func largeErrorEvent() -> Event {
        errorEvent(frames: 30, breadcrumbs: 6, tags: 10, withRequest: true)
    }

    /// An error event of about 2 KB as JSON: one exception with 3 frames, 2 tags, no breadcrumbs.
    public static func smallErrorEvent() -> Event {
        errorEvent(frames: 3, breadcrumbs: 0, tags: 2, withRequest: false)
    }

    /// The event as a one-item envelope.
    public static func envelope(_ event: Event) -> Envelope { Envelope(event: event) }

    /// A size in KB with one decimal, for benchmark names: "10.3 KB".
    public static func kilobytes(_ bytes: Int) -> String {
        let tenths = (bytes * 10 + 512) / 1024
        return "\(tenths / 10).\(tenths % 10) KB"
    }

    /// Builds an error event of the given shape (deterministic contents, fresh event id).
    public static func errorEvent(frames frameCount: Int, breadcrumbs breadcrumbCount: Int, tags tagCount: Int,
                                  withRequest: Bool) -> Event {
        let modules = ["OrderService", "NIOPosix", "Hummingbird", "PostgresNIO", "App", "Foundation"]
        let frames: [Frame] = (0..<frameCount).map { index in
            let module = modules[index % modules.count]
            let inApp = module == "OrderService" || module == "App"
            let verb = ["handle", "process", "decode", "run", "execute"][index % 5]
            let function: String = module + "." + verb + "(request:context:)"
            let address: UInt64 = 0x5555_5555_0000 + UInt64(index) * 0x1f4
            return Frame(
                function: function,
                module: module,
                filename: "Handler\(index).swift",
                absPath: "/app/Sources/\(module)/Handler\(index).swift",
                lineno: 40 + index * 7,
                colno: 17,
                inApp: inApp,
                instructionAddress: address)
        }
        let exception = SentryException(
            type: "OrderService.PaymentError",
            value: "card_declined: the card issuer refused the authorisation for order 8f3c2a (insufficient funds)",
            module: "OrderService",
            threadId: 140_245_334_812_416,
            stacktrace: Stacktrace(frames: frames),
            mechanism: Mechanism(type: "generic", handled: true))

        var event = Event(level: .error, exceptions: [exception])
        event.logger = "OrderService.PaymentController"
        event.transaction = "POST /api/v2/orders/{id}/pay"
        event.serverName = "orders-7d9f8b6c5-x2x7q"
        event.release = "orders@2.14.3+8f3c2ad"
        event.environment = "production"
        for index in 0..<tagCount {
            let suffix = ["eu-west-1", "checkout", "v2", "premium"][index % 4]
            event.tags["tag.key.\(index)"] = "value-\(index)-" + suffix
        }
        event.user = User(id: "user-4821973", email: "jane.doe@example.com", ipAddress: "{{auto}}")
        if withRequest {
            event.request = Request(
                method: "POST", url: "https://api.example.com/api/v2/orders/8f3c2a/pay", queryString: "retry=1",
                headers: [
                    "Content-Type": "application/json", "User-Agent": "ExampleApp/5.2.1 (iOS 18.2; iPhone15,3)",
                    "Accept": "application/json", "X-Request-Id": "3b2f9c1e-4a8d-4c7b-9e2f-1a6d5c8b7e90",
                    "Accept-Language": "en-GB,en;q=0.9",
                ])
        }
        event.contexts = Contexts(
            trace: TraceContext(traceId: SentryId(), spanId: SpanId(), op: "http.server", status: .internalError),
            os: OSContext(name: "Linux", version: "6.1.0", kernelVersion: "6.1.0-28-cloud-amd64",
                          distributionName: "debian", distributionVersion: "12"),
            runtime: RuntimeContext(name: "swift", version: "6.3.1"),
            device: DeviceContext(arch: "x86_64", processorCount: 2, memorySize: 25_769_803_776),
            app: AppContext(appName: "orders", appVersion: "2.14.3"))
        var breadcrumbs: [Breadcrumb] = []
        for index in 0..<breadcrumbCount {
            let isQuery = index % 2 == 0
            let data: [String: JSONValue] = ["duration_ms": .double(3.25 + Double(index)), "rows": .int(Int64(index))]
            breadcrumbs.append(Breadcrumb(
                message: "SELECT id, status, amount FROM orders WHERE id = $1 AND tenant_id = $2 -- \(index)",
                category: isQuery ? "query" : "http", level: .info, type: isQuery ? "query" : "http", data: data))
        }
        event.breadcrumbs = breadcrumbs
        return event
    }
}
