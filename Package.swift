// swift-tools-version: 6.2
import PackageDescription

// The sentence encoder's kernels target AVX2/FMA on x86_64 hosts; KGREC_PORTABLE=1 at build
// time drops that for CPUs older than Haswell, at a heavy cost: without AVX the SIMD16 kernels
// ran more than 50 times slower in a trial (the MovieLens titles took over 10 minutes, not 10 s).
#if arch(x86_64)
let textEncoderCPU: [String] = Context.environment["KGREC_PORTABLE"] == "1" ? [] : ["-target-cpu", "haswell"]
#else
let textEncoderCPU: [String] = []
#endif
let textEncoderSettings: [SwiftSetting] = [
    .unsafeFlags(["-O"] + textEncoderCPU),
]

let package = Package(
    name: "kgrec",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kgrec", targets: ["kgrec"]),
        .library(name: "RDF", targets: ["RDF"]),
        .library(name: "KnowledgeGraph", targets: ["KnowledgeGraph"]),
        .library(name: "Store", targets: ["Store"]),
        .library(name: "Embedding", targets: ["Embedding"]),
        .library(name: "BayesNet", targets: ["BayesNet"]),
        .library(name: "Evaluation", targets: ["Evaluation"]),
        .library(name: "Recommender", targets: ["Recommender"]),
        .library(name: "Server", targets: ["Server"]),
        .library(name: "TextEncoder", targets: ["TextEncoder"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // Already in Hummingbird's graph; named because Server uses their modules directly.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.14.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        // SHA-256 of the evaluation split files (already in the graph through the HTTP stack).
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // libxml2 through pkg-config; Debian/Ubuntu package: libxml2-dev.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        .target(name: "RDF", dependencies: ["CLibXML2"]),
        .target(name: "KnowledgeGraph", dependencies: ["RDF"]),
        .target(
            name: "Store",
            dependencies: [
                "KnowledgeGraph",
                .product(name: "GRDB", package: "GRDB.swift"),
                // Bulk inserts bind values through the SQLite C API directly (see BulkStatement).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .target(name: "Embedding"),
        .target(name: "BayesNet"),
        .target(name: "Evaluation", dependencies: ["KnowledgeGraph", .product(name: "Crypto", package: "swift-crypto")]),
        // The all-MiniLM-L6-v2 sentence encoder. Its kernels are SIMD code that only pays off
        // optimised: -O even in debug builds (the test suite runs in debug), and on x86_64 the
        // AVX2/FMA instruction set (Haswell, 2013, and later) so SIMD16<Float> maps to two ymm
        // registers with fused multiply-adds.
        .target(name: "TextEncoder", swiftSettings: textEncoderSettings),
        .target(name: "Recommender", dependencies: ["KnowledgeGraph", "Store", "Embedding", "Evaluation", "BayesNet"]),
        .target(
            name: "Server",
            dependencies: [
                "Recommender", "Store", "KnowledgeGraph",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ]
        ),
        .executableTarget(
            name: "kgrec",
            dependencies: [
                "RDF", "KnowledgeGraph", "Store", "Embedding", "BayesNet", "Evaluation", "Recommender", "Server",
                "TextEncoder",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Shared test fixtures and helpers (graph isomorphism, the repository's fixtures).
        .target(name: "TestSupport", dependencies: ["RDF"], path: "Tests/TestSupport"),
        .testTarget(name: "RDFTests", dependencies: ["RDF", "TestSupport"]),
        .testTarget(name: "KnowledgeGraphTests", dependencies: ["KnowledgeGraph", "TestSupport"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "KnowledgeGraph", "TestSupport"]),
        .testTarget(name: "EmbeddingTests", dependencies: ["Embedding", "Evaluation", "TestSupport"]),
        .testTarget(name: "BayesNetTests", dependencies: ["BayesNet", "TestSupport"]),
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "KnowledgeGraph", "TestSupport"]),
        .testTarget(name: "RecommenderTests", dependencies: ["Recommender", "Store", "KnowledgeGraph", "Embedding", "TestSupport"]),
        .testTarget(name: "TextEncoderTests", dependencies: ["TextEncoder", "TestSupport"]),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Recommender", "Store", "KnowledgeGraph", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
