@testable import SentryCore
import Testing

/// A reference type, so a leaked or doubly released binding shows up.
private final class Marker: Sendable {
    let name: String
    init(_ name: String) { self.name = name }
}

private enum Bound {
    @TaskLocal static var marker: Marker?
    @TaskLocal static var number: Int = 0
}

private struct Failure: Error {}

/// `TaskLocalBinding` pushes and pops through the runtime directly; it must behave as
/// `TaskLocal.withValue` does.
@Suite struct TaskLocalBindingTests {
    /// Binds `marker` for `body`, the way the SDK's async helpers do.
    private func withMarker<Result>(
        _ marker: Marker, isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> Result
    ) async rethrows -> Result {
        TaskLocalBinding.bind(marker, to: Bound.$marker)
        defer { TaskLocalBinding.unbind() }
        return try await body()
    }

    @Test func aBindingIsVisibleInTheBodyAcrossSuspensionsAndGoneAfter() async {
        #expect(Bound.marker == nil)
        let name = await withMarker(Marker("outer")) {
            await Task.yield()
            try? await Task.sleep(for: .milliseconds(1))  // resumes on another thread, maybe
            return Bound.marker?.name
        }
        #expect(name == "outer")
        #expect(Bound.marker == nil)
    }

    @Test func bindingsNestAndUnwindInOrder() async {
        let names = await withMarker(Marker("outer")) {
            let inner = await withMarker(Marker("inner")) { Bound.marker?.name }
            return [inner, Bound.marker?.name]
        }
        #expect(names == ["inner", "outer"])
        #expect(Bound.marker == nil)
    }

    @Test func childTasksInheritTheBindingAndDetachedOnesDoNot() async {
        let (child, group, detached) = await withMarker(Marker("parent")) {
            async let child = Bound.marker?.name
            let group = await withTaskGroup(of: String?.self) { group in
                for _ in 0..<4 { group.addTask { Bound.marker?.name } }
                return await group.reduce(into: [String?]()) { $0.append($1) }
            }
            let detached = await Task.detached { Bound.marker?.name }.value
            return (await child, group, detached)
        }
        #expect(child == "parent")
        #expect(group == Array(repeating: "parent", count: 4))
        #expect(detached == nil)
    }

    @Test func aThrowingBodyStillUnbinds() async {
        await #expect(throws: Failure.self) {
            try await withMarker(Marker("failing")) { throw Failure() }
        }
        #expect(Bound.marker == nil)
    }

    @Test func aValueTypeBindsAndTheValueIsReleasedAfterwards() async {
        weak var released: Marker?
        do {
            let marker = Marker("weak")
            released = marker
            TaskLocalBinding.bind(42, to: Bound.$number)
            let seen = await withMarker(marker) { (Bound.marker === marker, Bound.number) }
            TaskLocalBinding.unbind()
            #expect(seen == (true, 42))
        }
        #expect(Bound.number == 0)
        #expect(released == nil)  // the runtime took one reference and gave it back
    }

    @Test func aSynchronousCallerBindsAndUnbinds() {
        TaskLocalBinding.bind(Marker("sync"), to: Bound.$marker)
        #expect(Bound.marker?.name == "sync")
        TaskLocalBinding.unbind()
        #expect(Bound.marker == nil)
    }
}
