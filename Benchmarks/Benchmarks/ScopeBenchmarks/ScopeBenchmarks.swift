// Scopes: forking the current scope for a block, and recording breadcrumbs. Not on the disabled
// path (the façade never reaches a scope without an SDK), but on every request once one is started.

import Benchmark
import BenchmarkSupport
import SentryCore

/// Fills a scope the way a busy request does: 10 tags, a user, 100 breadcrumbs (the default cap).
func populate(_ scope: inout Scope) {
    for index in 0..<10 { scope.setTag("value-\(index)", forKey: "tag.\(index)") }
    scope.user = User(id: "user-4821973", email: "jane.doe@example.com")
    for index in 0..<scope.maxBreadcrumbs {
        scope.addBreadcrumb(Breadcrumb(message: "GET /api/items/\(index)", category: "http"))
    }
}

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .nanoseconds,
        warmupIterations: 3,
        scalingFactor: .kilo,
        maxDuration: .milliseconds(600),
        maxIterations: 1_000)
    let breadcrumb = Breadcrumb(message: "SELECT * FROM orders WHERE id = $1", category: "query", level: .info)

    Benchmark("Scope fork + setTag (empty scope)", configuration: configuration) { benchmark in
        for index in benchmark.scaledIterations {
            Scopes.withScope { $0.setTag("checkout", forKey: "flow\(index & 1)") }
        }
    } setup: {
        Scopes.resetDefaults()
    }

    Benchmark("Scope fork + setTag (10 tags, 100 breadcrumbs)", configuration: configuration) { benchmark in
        for index in benchmark.scaledIterations {
            Scopes.withScope { $0.setTag("checkout", forKey: "flow\(index & 1)") }
        }
    } setup: {
        Scopes.resetDefaults()
        Scopes.current.configure(populate)
    } teardown: {
        Scopes.resetDefaults()
    }

    let scopeBox = Box<Scope>()
    Benchmark("Scope value: addBreadcrumb (buffer full)", configuration: configuration) { benchmark in
        var scope = scopeBox.value!
        scopeBox.value = nil  // one owner, so appending never copies the buffer
        for _ in benchmark.scaledIterations {
            scope.addBreadcrumb(breadcrumb)
        }
        scopeBox.value = scope
    } setup: {
        var scope = Scope()
        populate(&scope)
        scopeBox.value = scope
    }

    let handleBox = Box<ScopeHandle>()
    Benchmark("ScopeHandle: addBreadcrumb (locked, buffer full)", configuration: configuration) { benchmark in
        let handle = handleBox.value!
        for _ in benchmark.scaledIterations {
            handle.addBreadcrumb(breadcrumb)
        }
    } setup: {
        var scope = Scope()
        populate(&scope)
        handleBox.value = ScopeHandle(scope)
    }
}
