// swift-tools-version: 6.1
import PackageDescription

// The benchmarks live in their own package so the SDK's manifest never pulls in ordo-one/benchmark
// (and its malloc interposer). Run them with `Scripts/bench.sh`; build them with
// `Scripts/build-benchmarks.sh`. Figures and targets: `Docs/performance.md`.

/// One executable per concern, each under `Benchmarks/<Name>/` where the benchmark plugin finds it.
let suites: [(name: String, dependencies: [Target.Dependency])] = [
    ("FacadeBenchmarks", [.product(name: "Sentry", package: "sentry-swift")]),
    ("ScopeBenchmarks", [.product(name: "SentryCore", package: "sentry-swift")]),
    ("SerializationBenchmarks", [.product(name: "SentryCore", package: "sentry-swift")]),
    ("GzipBenchmarks", [.product(name: "SentryTransport", package: "sentry-swift")]),
    ("TransportBenchmarks", [
        .product(name: "SentryTransport", package: "sentry-swift"),
        .product(name: "SentryInbox", package: "sentry-swift"),
    ]),
    ("DeliveryBenchmarks", [
        .product(name: "SentryTransport", package: "sentry-swift"),
        .product(name: "SentryInbox", package: "sentry-swift"),
        "CurlReference",
    ]),
    ("DeadServerBenchmarks", [.product(name: "SentryTransport", package: "sentry-swift")]),
    ("LogBurstBenchmarks", [
        .product(name: "Sentry", package: "sentry-swift"), .product(name: "SentryInbox", package: "sentry-swift"),
    ]),
    ("TracingBenchmarks", [
        .product(name: "Sentry", package: "sentry-swift"), .product(name: "SentryIntegrations", package: "sentry-swift"),
        .product(name: "Tracing", package: "swift-distributed-tracing"),
    ]),
    ("ThrowBenchmarks", [.product(name: "Sentry", package: "sentry-swift")]),
    ("AIBenchmarks", [.product(name: "Sentry", package: "sentry-swift"), .product(name: "SentryAI", package: "sentry-swift")]),
    ("TelemetryBenchmarks", [
        .product(name: "Sentry", package: "sentry-swift"), .product(name: "SentryIntegrations", package: "sentry-swift"),
        .product(name: "Logging", package: "swift-log"),
    ]),
]

let package = Package(
    name: "sentry-swift-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "sentry-swift", path: ".."),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        // Only the malloc interposer trait: the default traits would also pull the Linux 6.3 ARC runtime
        // interposer, a package this machine's mirror does not carry.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Fixtures shared by the suites: realistic events and a few small helpers.
        .target(
            name: "BenchmarkSupport",
            dependencies: [.product(name: "SentryCore", package: "sentry-swift")],
            path: "Sources/BenchmarkSupport"),
        // A bare libcurl keep-alive loop: the reference the SDK's delivery is compared against.
        .target(
            name: "CurlReference", path: "Sources/CurlReference",
            linkerSettings: [.linkedLibrary("curl")]),
        // Each hot path in a loop for callgrind's instruction counts (Scripts/bench-instructions.sh).
        .executableTarget(
            name: "HotPaths",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "Sentry", package: "sentry-swift"), .product(name: "SentryAI", package: "sentry-swift"),
                .product(name: "SentryIntegrations", package: "sentry-swift"),
                .product(name: "SentryTransport", package: "sentry-swift"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/HotPaths"),
    ] + suites.map { suite in
        .executableTarget(
            name: suite.name,
            dependencies: suite.dependencies + [
                "BenchmarkSupport",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/\(suite.name)",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")])
    }
)

for target in package.targets where target.type != .system {
    target.swiftSettings = [.swiftLanguageMode(.v6)]
}
