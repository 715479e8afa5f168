import SentryCore
import Tracing

/// How swift-distributed-tracing spans (OpenTelemetry semantic conventions) become Sentry spans.
enum SpanMapping {
    struct Mapped {
        var operation: String
        var description: String
        var data: [String: JSONValue]
        var status: SentryCore.SpanStatus?
    }

    /// The op before attributes are known.
    static func initialOperation(kind: SpanKind, name: String) -> String {
        switch kind {
        case .server: "http.server"
        case .client: "http.client"
        case .producer: "queue.publish"
        case .consumer: "queue.process"
        default: name
        }
    }

    static func map(kind: SpanKind, name: String, attributes: SpanAttributes, status: Tracing.SpanStatus?) -> Mapped {
        var data: [String: JSONValue] = [:]
        attributes.forEach { key, value in data[key] = json(value) }
        func string(_ keys: String...) -> String? {
            for key in keys { if let value = data[key]?.stringValue { return value } }
            return nil
        }
        var operation = name
        var description = name
        if let method = string("http.request.method", "http.method") {
            let isServer = kind == .server
            operation = isServer ? "http.server" : "http.client"
            if isServer {
                let target = string("http.route") ?? string("url.path", "http.target") ?? name
                description = "\(method) \(target)"
            } else if let url = string("url.full", "http.url") {
                description = "\(method) \(HTTPSpanURL.withoutQuery(url))"
            }
        } else if let system = string("db.system.name", "db.system") {
            operation = "db"
            description = string("db.query.text", "db.statement") ?? name
            data["db.system"] = .string(system)
        } else if let system = string("rpc.system") {
            let side = kind == .server ? "server" : "client"
            operation = system == "grpc" ? "grpc.\(side)" : "rpc.\(side)"
            description = string("rpc.method").map { "\(string("rpc.service").map { $0 + "/" } ?? "")\($0)" } ?? name
        } else if string("messaging.system") != nil {
            operation = kind == .consumer ? "queue.process" : (kind == .producer ? "queue.publish" : "queue.\(name)")
            description = string("messaging.destination.name") ?? name
        } else {
            operation = initialOperation(kind: kind, name: name)
        }
        var sentryStatus: SentryCore.SpanStatus?
        if let code = data["http.response.status_code"]?.intValue ?? data["http.status_code"]?.intValue {
            sentryStatus = SentryCore.SpanStatus(httpStatusCode: Int(code))
        } else if let status {
            sentryStatus = status.code == .ok ? .ok : .internalError
        }
        return Mapped(operation: operation, description: description, data: data, status: sentryStatus)
    }

    static func json(_ attribute: SpanAttribute) -> JSONValue {
        switch attribute {
        case .int32(let value): .int(Int64(value))
        case .int64(let value): .int(value)
        case .double(let value): .double(value)
        case .bool(let value): .bool(value)
        case .string(let value): .string(value)
        case .int32Array(let values): .array(values.map { .int(Int64($0)) })
        case .int64Array(let values): .array(values.map { .int($0) })
        case .doubleArray(let values): .array(values.map { .double($0) })
        case .boolArray(let values): .array(values.map { .bool($0) })
        case .stringArray(let values): .array(values.map { .string($0) })
        case .stringConvertible(let value): .string(value.description)
        case .stringConvertibleArray(let values): .array(values.map { .string($0.description) })
        default: .string("\(attribute)")
        }
    }
}
