// swift-tools-version: 6.1
import PackageDescription

// The module graph is one-way: every SDK module depends on SentryCore and on no sibling.
// `Scripts/check-module-graph.py` reads `swift package dump-package` and enforces it in CI.

let sdkModules = [
    "SentryScope", "SentryTracing", "SentryProfiling", "SentryMetrics", "SentryAI", "SentryIntegrations",
    "SentrySymbolication", "SentryCrash",
]

let mcpProduct: Target.Dependency = .product(name: "MCP", package: "swift-sdk", condition: .when(traits: ["MCP"]))

var targets: [Target] = [
    // C libraries, reached through module maps. Their types never leak: modules use `internal import`.
    .systemLibrary(
        name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl",
        providers: [.apt(["libcurl4-openssl-dev"])]),
    .systemLibrary(
        name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
        providers: [.apt(["zlib1g-dev"])]),

    // The Swift runtime's task-local push and pop (header only, nothing linked): SentryCore binds
    // scopes and spans around an async body without `TaskLocal.withValue`'s two extra frames.
    .systemLibrary(name: "CRuntimeShims", path: "Sources/CRuntimeShims"),

    // C helpers (stack capture, thread ids) that Swift's Glibc module does not expose.
    .target(name: "CSentry"),

    // Protocol types, envelope, DSN, options, JSON, the façade and the protocols. No package
    // dependencies; one header of its own.
    .target(name: "SentryCore", dependencies: ["CRuntimeShims"]),
    .target(name: "SentryTransport", dependencies: ["SentryCore", "CCurl", "CZlib"]),

    // The umbrella: wiring only.
    .target(
        name: "Sentry",
        dependencies: ["SentryCore", "SentryTransport"] + sdkModules.map { .target(name: $0) }),
    .target(name: "SentryTesting", dependencies: ["Sentry", "SentryCore", "SentryMetrics", "SentryTransport"]),

    // The local inbox: a development ingestion endpoint (library for tests + executable).
    .target(name: "SentryInbox", dependencies: ["SentryCore", "CZlib"]),
    .executableTarget(name: "SentryInboxServer", dependencies: ["SentryInbox"]),

    // The example app: sends to SENTRY_DSN, or to an in-process inbox when none is set.
    .executableTarget(
        name: "SentryExample",
        dependencies: [
            "Sentry", "SentryInbox", "SentryIntegrations", "SentryMetrics", "SentryAI", "SentryProfiling",
            .product(name: "Logging", package: "swift-log"), .product(name: "CoreMetrics", package: "swift-metrics"),
            .target(name: "SentryMCP", condition: .when(traits: ["MCP"])), mcpProduct,
        ]),
    // The fault-injection run's traffic (Scripts/fault-run.sh).
    .executableTarget(name: "SentryFaultRun", dependencies: ["Sentry", "SentryTransport"]),
    // A test helper: starts the SDK and crashes on request (SentryCrashTests run it).
    .executableTarget(name: "SentryCrashChild", dependencies: ["Sentry", "SentrySymbolication"]),

    .testTarget(name: "SentryCoreTests", dependencies: ["SentryCore"]),
    .testTarget(name: "SentryTransportTests", dependencies: ["SentryTransport", "SentryInbox", "CZlib"]),
    .testTarget(
        name: "SentryTests",
        dependencies: [
            "Sentry", "SentryTesting", "SentryInbox", "SentryScope", "SentryIntegrations", "SentryMetrics", "SentryTransport",
            "SentryAI",
            .product(name: "Tracing", package: "swift-distributed-tracing"), .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
        ]),
    .testTarget(name: "SentryInboxTests", dependencies: ["SentryInbox", "SentryCore", "CZlib"]),

    // MCP servers (modelcontextprotocol/swift-sdk), behind the trait `MCP`: without it the MCP
    // package is not even resolved and these targets compile to nothing.
    .target(name: "SentryMCP", dependencies: ["SentryCore", "SentryAI", mcpProduct]),
    .testTarget(name: "SentryMCPTests", dependencies: ["SentryMCP", "SentryAI", "SentryCore", "SentryTesting", mcpProduct]),
]
let cHelpers: [String: [Target.Dependency]] = [
    "SentryScope": ["CSentry"], "SentrySymbolication": ["CSentry"], "SentryCrash": ["CSentry"], "SentryProfiling": ["CSentry"],
]
let ecosystem: [String: [Target.Dependency]] = [
    "SentryIntegrations": [
        .product(name: "Tracing", package: "swift-distributed-tracing"), .product(name: "Logging", package: "swift-log"),
    ],
    "SentryMetrics": [.product(name: "CoreMetrics", package: "swift-metrics")],
]
targets += sdkModules.map {
    .target(name: $0, dependencies: ["SentryCore"] + (cHelpers[$0] ?? []) + (ecosystem[$0] ?? []))
}
// The crash tests receive the crash child's reports in an in-process inbox and symbolicate them;
// the profiling tests name sampled frames with the SDK's symbolicator.
let testHelpers: [String: [Target.Dependency]] = [
    "SentryCrash": ["SentryInbox", "SentrySymbolication"], "SentryProfiling": ["SentrySymbolication"],
]
targets += sdkModules.map {
    .testTarget(
        name: "\($0)Tests",
        dependencies: [.target(name: $0), "SentryCore", "SentryTransport", "SentryTesting"] + (ecosystem[$0] ?? [])
            + (testHelpers[$0] ?? []))
}

// Framework integrations, each behind a package trait that is off by default: an app or library
// that enables none resolves none of these packages (Scripts/check-module-graph.py checks it).
let frameworks: [(module: String, trait: String, products: [Target.Dependency], testProducts: [Target.Dependency])] = [
    ("SentryHummingbird", "Hummingbird",
     [.product(name: "Hummingbird", package: "hummingbird", condition: .when(traits: ["Hummingbird"]))],
     [.product(name: "HummingbirdTesting", package: "hummingbird", condition: .when(traits: ["Hummingbird"]))]),
    ("SentryAsyncHTTPClient", "AsyncHTTPClient",
     [.product(name: "AsyncHTTPClient", package: "async-http-client", condition: .when(traits: ["AsyncHTTPClient"]))],
     // Its tests serve the outgoing requests with Hummingbird, so they run when both traits are on.
     [.product(name: "Hummingbird", package: "hummingbird", condition: .when(traits: ["Hummingbird"])),
      .product(name: "HummingbirdTesting", package: "hummingbird", condition: .when(traits: ["Hummingbird"]))]),
    ("SentryServiceLifecycle", "ServiceLifecycle",
     [.product(name: "ServiceLifecycle", package: "swift-service-lifecycle", condition: .when(traits: ["ServiceLifecycle"]))],
     []),
    ("SentryVapor", "Vapor",
     [.product(name: "Vapor", package: "vapor", condition: .when(traits: ["Vapor"]))],
     [.product(name: "VaporTesting", package: "vapor", condition: .when(traits: ["Vapor"]))]),
]
for framework in frameworks {
    targets.append(.target(name: framework.module, dependencies: ["SentryCore"] + framework.products))
    targets.append(
        .testTarget(
            name: "\(framework.module)Tests",
            dependencies: [.target(name: framework.module), "SentryCore", "Sentry", "SentryTesting", "SentryInbox"]
                + framework.products + framework.testProducts))
}

// The example server (`swift run --traits Hummingbird,AsyncHTTPClient sentry-example-server`).
targets.append(
    .executableTarget(
        name: "SentryExampleServer",
        dependencies: [
            "Sentry", "SentryInbox", "SentryHummingbird", "SentryAsyncHTTPClient", "SentryServiceLifecycle",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Hummingbird", package: "hummingbird", condition: .when(traits: ["Hummingbird"])),
            .product(name: "AsyncHTTPClient", package: "async-http-client", condition: .when(traits: ["AsyncHTTPClient"])),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle", condition: .when(traits: ["ServiceLifecycle"])),
        ]))

// The same routes on Vapor, for the framework benchmark (`swift run --traits Vapor sentry-example-vapor-server`).
targets.append(
    .executableTarget(
        name: "SentryExampleVaporServer",
        dependencies: [
            "Sentry", "SentryInbox", "SentryVapor",
            .product(name: "Vapor", package: "vapor", condition: .when(traits: ["Vapor"])),
        ]))

let package = Package(
    name: "sentry-swift",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Sentry", targets: ["Sentry"]),
        .library(name: "SentryCore", targets: ["SentryCore"]),
        .library(name: "SentryTransport", targets: ["SentryTransport"]),
        .library(name: "SentryTesting", targets: ["SentryTesting"]),
        .library(name: "SentryInbox", targets: ["SentryInbox"]),
        .library(name: "SentryMCP", targets: ["SentryMCP"]),
        .executable(name: "sentry-inbox", targets: ["SentryInboxServer"]),
        .executable(name: "sentry-example", targets: ["SentryExample"]),
        .executable(name: "sentry-fault-run", targets: ["SentryFaultRun"]),
        .executable(name: "sentry-example-server", targets: ["SentryExampleServer"]),
        .executable(name: "sentry-example-vapor-server", targets: ["SentryExampleVaporServer"]),
    ] + sdkModules.map { .library(name: $0, targets: [$0]) }
        + frameworks.map { .library(name: $0.module, targets: [$0.module]) },
    // A Hummingbird app runs in a swift-service-lifecycle ServiceGroup (Hummingbird depends on
    // it): the Hummingbird trait brings SentryServiceLifecycle along.
    // Opt-in integrations with heavier packages; none is on by default.
    traits: Set(
        frameworks.map {
            $0.trait == "Hummingbird"
                ? Trait.trait(name: $0.trait, enabledTraits: ["ServiceLifecycle"]) : Trait.trait(name: $0.trait)
        } + [.trait(name: "MCP", description: "SentryMCP: spans for modelcontextprotocol/swift-sdk servers")]),
    // Every user resolves these: light ecosystem APIs only. Frameworks (Hummingbird, Vapor,
    // AsyncHTTPClient) come behind traits that are off by default.
    dependencies: [
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.4.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/vapor", from: "4.122.3"),
        // Only with the trait `MCP` (0.x: minor versions may break the API).
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", .upToNextMinor(from: "0.12.1")),
    ],
    targets: targets
)

for target in package.targets where target.type != .system && target.name != "CSentry" {
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .swiftLanguageMode(.v6),
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
    ]
}
