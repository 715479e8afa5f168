/// A record that can write itself with attributes shared by its whole batch.
protocol SharedAttributesEncodable: Sendable {
    func encode(to writer: inout JSONWriter, sharedAttributes: [String: Attribute])
}

extension SentryLog: SharedAttributesEncodable {}
extension MetricRecord: SharedAttributesEncodable {}

/// A record paired with its batch's shared attributes, for a container item.
struct WithSharedAttributes<Record: SharedAttributesEncodable>: JSONEncodable {
    var record: Record
    var shared: [String: Attribute]

    func encode(to writer: inout JSONWriter) { record.encode(to: &writer, sharedAttributes: shared) }
}
