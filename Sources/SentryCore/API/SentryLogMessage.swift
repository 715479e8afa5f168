/// A log message that remembers how it was built: `"Order \(id) placed"` keeps the template
/// `Order {0} placed` and the parameter `id`, so Sentry can group by template.
public struct SentryLogMessage: Sendable, ExpressibleByStringInterpolation {
    /// The formatted text.
    public private(set) var body: String
    /// The template with `{0}`, `{1}`… placeholders; `nil` when nothing was interpolated.
    public var template: String? { parameters.isEmpty ? nil : templateText }
    /// The interpolated values, in order.
    public private(set) var parameters: [AttributeValue]
    private var templateText: String

    /// A plain message.
    public init(stringLiteral value: String) {
        body = value
        templateText = value
        parameters = []
    }

    /// A message built by interpolation.
    public init(stringInterpolation: StringInterpolation) {
        body = stringInterpolation.body
        templateText = stringInterpolation.template
        parameters = stringInterpolation.parameters
    }

    /// Collects the literal parts and the parameters.
    public struct StringInterpolation: StringInterpolationProtocol {
        var body = ""
        var template = ""
        var parameters: [AttributeValue] = []

        /// Reserves room.
        public init(literalCapacity: Int, interpolationCount: Int) {
            body.reserveCapacity(literalCapacity * 2)
            template.reserveCapacity(literalCapacity + interpolationCount * 3)
            parameters.reserveCapacity(interpolationCount)
        }

        /// A literal part.
        public mutating func appendLiteral(_ literal: String) {
            body += literal
            template += literal
        }

        /// A string parameter.
        public mutating func appendInterpolation(_ value: String) { add(.string(value), value) }
        /// An integer parameter.
        public mutating func appendInterpolation(_ value: some BinaryInteger) { add(.int(Int64(clamping: value)), "\(value)") }
        /// A floating-point parameter.
        public mutating func appendInterpolation(_ value: Double) { add(.double(value), "\(value)") }
        /// A boolean parameter.
        public mutating func appendInterpolation(_ value: Bool) { add(.bool(value), "\(value)") }
        /// Any other value, as its description.
        public mutating func appendInterpolation(_ value: some CustomStringConvertible) {
            let text = value.description
            add(.string(text), text)
        }

        private mutating func add(_ parameter: AttributeValue, _ text: String) {
            let index = parameters.count
            template += index < Self.placeholders.count ? Self.placeholders[index] : "{\(index)}"
            parameters.append(parameter)
            body += text
        }

        /// `{0}` to `{9}`, made once instead of interpolated per parameter.
        private static let placeholders = (0..<10).map { "{\($0)}" }
    }
}
