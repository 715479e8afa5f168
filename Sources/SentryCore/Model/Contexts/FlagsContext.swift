/// `contexts.flags`: the most recent feature-flag evaluations.
public struct FlagsContext: Sendable, Hashable, JSONEncodable {
    /// One evaluation.
    public struct Evaluation: Sendable, Hashable, JSONEncodable {
        /// The flag's name.
        public var flag: String
        /// What it evaluated to.
        public var result: Bool

        /// Creates an evaluation.
        public init(flag: String, result: Bool) {
            self.flag = flag
            self.result = result
        }

        /// Writes `{flag, result}`.
        package func encode(to writer: inout JSONWriter) {
            writer.object { w in
                w.field("flag", flag)
                w.field("result", result)
            }
        }
    }

    /// Evaluations, oldest first.
    public var values: [Evaluation]

    /// Creates a flags context.
    public init(values: [Evaluation] = []) { self.values = values }

    /// Writes `{"values": [...]}`.
    package func encode(to writer: inout JSONWriter) {
        writer.object { w in w.field("values", values) }
    }
}
