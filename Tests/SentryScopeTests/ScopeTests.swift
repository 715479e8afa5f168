import SentryCore
import Testing

@testable import SentryScope

@Suite struct ScopeTests {
    @Test func mergeOrderIsGlobalThenIsolationThenCurrentThenTheEvent() {
        var global = Scope()
        global.setTag("global", forKey: "a")
        global.setTag("global", forKey: "b")
        global.setTag("global", forKey: "c")
        global.setExtra("global", forKey: "x")
        global.level = .debug
        var isolation = Scope()
        isolation.setTag("isolation", forKey: "b")
        isolation.setTag("isolation", forKey: "c")
        isolation.user = User(id: "isolation-user")
        var current = Scope()
        current.setTag("current", forKey: "c")
        current.level = .fatal
        current.fingerprint = ["custom"]
        var event = Event(level: .error)
        event.tags = ["event": "own", "a": "event wins"]
        _ = ScopeApplication.apply([global, isolation, current], to: &event)
        #expect(event.tags == ["a": "event wins", "b": "isolation", "c": "current", "event": "own"])
        #expect(event.extra == ["x": "global"])
        #expect(event.level == .fatal)
        #expect(event.user?.id == "isolation-user")
        #expect(event.fingerprint == ["custom"])
        #expect(event.contexts.trace?.traceId == isolation.propagationContext.traceId)
    }

    /// A scope whose user, fingerprint, `extra` values under `extraKeys` and "shared" context all
    /// name the layer it stands for.
    func layer(_ name: String, extraKeys: [String]) -> Scope {
        var scope = Scope()
        scope.user = User(id: "\(name)-user")
        scope.fingerprint = [name]
        for key in extraKeys { scope.setExtra(.string(name), forKey: key) }
        scope.setContext(.object(["from": .string(name)]), forKey: "shared")
        return scope
    }

    @Test func laterScopesWinForEveryFieldAndTheEventOverAll() {
        var global = layer("global", extraKeys: ["x", "y"])
        global.setContext(.object(["from": "global"]), forKey: "only-global")
        let isolation = layer("isolation", extraKeys: ["x", "y"])
        let current = layer("current", extraKeys: ["x"])
        var event = Event(level: .error)
        _ = ScopeApplication.apply([global, isolation, current], to: &event)
        #expect(event.user?.id == "current-user")
        #expect(event.fingerprint == ["current"])
        #expect(event.extra == ["x": "current", "y": "isolation"])
        #expect(event.contexts.other["shared"] == .object(["from": "current"]))
        #expect(event.contexts.other["only-global"] == .object(["from": "global"]))

        // Without a value in the current scope, the isolation scope's wins over the global one.
        var partial = Event(level: .error)
        _ = ScopeApplication.apply([global, isolation, Scope()], to: &partial)
        #expect(partial.user?.id == "isolation-user")
        #expect(partial.fingerprint == ["isolation"])

        // The event's own values win over every scope.
        var own = Event(level: .error)
        own.user = User(id: "event-user")
        own.fingerprint = ["event"]
        own.extra = ["x": "event"]
        _ = ScopeApplication.apply([global, isolation, current], to: &own)
        #expect(own.user?.id == "event-user")
        #expect(own.fingerprint == ["event"])
        #expect(own.extra == ["x": "event", "y": "isolation"])
    }

    @Test func breadcrumbsMergeByTimeAndKeepTheNewest() {
        var global = Scope()
        var isolation = Scope()
        isolation.maxBreadcrumbs = 3
        for (index, time) in [1.0, 3.0, 5.0].enumerated() {
            global.addBreadcrumb(Breadcrumb(message: "g\(index)", timestamp: SentryTimestamp(secondsSince1970: time)))
        }
        for (index, time) in [2.0, 4.0].enumerated() {
            isolation.addBreadcrumb(Breadcrumb(message: "i\(index)", timestamp: SentryTimestamp(secondsSince1970: time)))
        }
        var event = Event()
        _ = ScopeApplication.apply([global, isolation], to: &event)
        #expect(event.breadcrumbs.map(\.message) == ["g1", "i1", "g2"])
    }

    @Test func breadcrumbRingKeepsTheLastHundredInOrder() {
        var scope = Scope()
        for index in 0..<250 { scope.addBreadcrumb(Breadcrumb(message: "\(index)")) }
        #expect(scope.breadcrumbs.count == 100)
        #expect(scope.breadcrumbs.first?.message == "150")
        #expect(scope.breadcrumbs.last?.message == "249")
        scope.maxBreadcrumbs = 10
        #expect(scope.breadcrumbs.map(\.message) == (240..<250).map { "\($0)" })
        scope.maxBreadcrumbs = 0
        scope.addBreadcrumb(Breadcrumb(message: "ignored"))
        #expect(scope.breadcrumbs.isEmpty)
    }

    @Test func featureFlagsAreAnLRUOfOneHundred() {
        var scope = Scope()
        for index in 0..<150 { scope.addFeatureFlag("flag\(index)", result: index % 2 == 0) }
        scope.addFeatureFlag("flag60", result: true)  // re-evaluated: becomes the newest
        #expect(scope.featureFlags.count == 100)
        #expect(scope.featureFlags.first?.flag == "flag50")
        #expect(scope.featureFlags.last == .init(flag: "flag60", result: true))
        var event = Event()
        _ = ScopeApplication.apply([scope], to: &event)
        #expect(event.contexts.flags?.values.count == 100)
    }

    @Test func forksNeverLeakIntoTheirParent() {
        let parent = ScopeHandle()
        parent.setTag("parent", forKey: "who")
        let child = parent.fork()
        child.setTag("child", forKey: "who")
        child.addBreadcrumb(Breadcrumb(message: "child only"))
        #expect(parent.snapshot.tags == ["who": "parent"])
        #expect(parent.snapshot.breadcrumbs.isEmpty)
        #expect(child.snapshot.tags == ["who": "child"])
    }

    @Test func concurrentTasksEachSeeTheirOwnIsolationScope() async {
        await withTaskGroup(of: Bool.self) { group in
            for task in 0..<50 {
                group.addTask {
                    await Scopes.withIsolationScope { scope in
                        scope.setTag("\(task)", forKey: "task")
                        for step in 0..<20 {
                            Scopes.isolation.addBreadcrumb(Breadcrumb(message: "\(task)-\(step)"))
                            await Task.yield()
                        }
                        let snapshot = Scopes.isolation.snapshot
                        return snapshot.tags["task"] == "\(task)"
                            && snapshot.breadcrumbs.allSatisfy { $0.message?.hasPrefix("\(task)-") == true }
                            && snapshot.breadcrumbs.count == 20
                    }
                }
            }
            for await isolated in group { #expect(isolated) }
        }
        #expect(Scopes.isolation.snapshot.tags["task"] == nil)
    }

    @Test func childTasksInheritTheBoundScope() async {
        await Scopes.withScope { scope in
            scope.setTag("inherited", forKey: "k")
            let seen = await Task { Scopes.current.snapshot.tags["k"] }.value
            #expect(seen == "inherited")
            await withTaskGroup(of: String?.self) { group in
                group.addTask { Scopes.current.snapshot.tags["k"] }
                for await value in group { #expect(value == "inherited") }
            }
        }
    }

    @Test func synchronousCodeOutsideTasksFallsBackPerThread() {
        Scopes.withScope { scope in
            scope.setTag("sync", forKey: "k")
            #expect(Scopes.current.snapshot.tags["k"] == "sync")
        }
        #expect(Scopes.current.snapshot.tags["k"] == nil)
    }
}
