package import SentryCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#elseif canImport(Foundation)
import Foundation
#endif

/// Turns Swift errors into Sentry exceptions: the full type name, a readable message, the
/// mechanism, and the chain of underlying errors (for types that conform to ``ErrorWithCause``).
package enum ErrorConversion {
    /// The deepest cause chain followed.
    package static let maxChainLength = 10

    /// The exceptions for `error`, oldest (root cause) first, the thrown error last with
    /// `exception_id` 0. `mechanism` describes how the thrown error was caught; `stacktrace` gives
    /// each error's stack where one is known (where it was thrown).
    package static func exceptions(
        for error: any Error, mechanism: Mechanism, stacktrace: (any Error) -> Stacktrace? = { _ in nil }
    ) -> [SentryException] {
        // Breadth-first over the causes, numbering as we go: the thrown error is 0.
        typealias Node = (error: any Error, id: Int, parent: Int?, source: String?, causes: Int)
        var nodes: [Node] = [(error, 0, nil, nil, 0)]
        var index = 0
        while index < nodes.count, nodes.count < maxChainLength {
            if let wrapper = nodes[index].error as? any ErrorWithCause {
                let causes = wrapper.underlyingErrors
                nodes[index].causes = causes.count
                for (position, cause) in causes.enumerated() where nodes.count < maxChainLength {
                    let source = causes.count == 1 ? "underlyingError" : "underlyingErrors[\(position)]"
                    nodes.append((cause, nodes.count, nodes[index].id, source, 0))
                }
            }
            index += 1
        }
        let isChain = nodes.count > 1
        return nodes.reversed().map { node in
            var nodeMechanism = node.id == 0 ? mechanism : Mechanism(type: "chained", handled: mechanism.handled)
            if isChain {
                nodeMechanism.exceptionId = node.id
                nodeMechanism.parentId = node.parent
                nodeMechanism.source = node.source
                if node.causes > 1 { nodeMechanism.isExceptionGroup = true }
            }
            let (module, type) = typeName(of: node.error)
            return SentryException(
                type: type, value: message(of: node.error), module: module, stacktrace: stacktrace(node.error),
                mechanism: nodeMechanism)
        }
    }

    /// `(module, full type name)`, e.g. `("MyApp", "MyApp.Handler.RequestError")`.
    package static func typeName(of error: any Error) -> (module: String?, type: String) {
        let key = ObjectIdentifier(Swift.type(of: error))
        if let known = typeNames.withLock({ $0[key] }) { return known }
        let full = String(reflecting: Swift.type(of: error))
        let module = full.split(separator: ".", maxSplits: 1).first.map(String.init)
        let name = (module == full ? nil : module, full)
        typeNames.withLock { names in
            if names.count >= 1_000 { names.removeAll() }
            names[key] = name
        }
        return name
    }

    /// Type names by metadata: reflecting a type's name costs more than the rest of the conversion.
    private static let typeNames = Locked<[ObjectIdentifier: (module: String?, type: String)]>([:])

    /// The error's message: `LocalizedError.errorDescription`, else its description.
    package static func message(of error: any Error) -> String {
        #if canImport(FoundationEssentials) || canImport(Foundation)
        if let localized = error as? any LocalizedError, let description = localized.errorDescription {
            return description
        }
        #endif
        return String(describing: error)
    }
}
