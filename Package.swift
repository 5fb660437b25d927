// swift-tools-version:6.0
// tempmed: a text-to-video search daemon built on TempMe (ICLR 2025).
import PackageDescription

// Every Swift target keeps its bounds and overflow checks (plain -O in release): the video, store
// and model code parse bytes from outside (containers, records, weights, query text). The numeric
// kernels are C (CTempMeKernels, -O3) and OpenBLAS; -Ounchecked on the Swift targets measured no
// faster (encode CPU seconds per video equal within noise), so none of them uses it.

/// libgrpc++ and its abseil graph, de-duplicated (SwiftPM's pkg-config expansion overflows the link line).
let grpcLibraries: [LinkerSetting] = [
    "grpc++", "grpc", "address_sorting", "re2", "upb", "cares", "z", "gpr",
    "absl_throw_delegate", "absl_raw_logging_internal", "ssl", "crypto", "absl_raw_hash_set",
    "absl_hashtablez_sampler", "absl_hash", "absl_city", "absl_low_level_hash",
    "absl_random_distributions", "absl_random_seed_sequences", "absl_random_internal_pool_urbg",
    "absl_random_internal_randen", "absl_random_internal_randen_hwaes",
    "absl_random_internal_randen_hwaes_impl", "absl_random_internal_randen_slow",
    "absl_random_internal_platform", "absl_random_internal_seed_material",
    "absl_random_seed_gen_exception", "absl_statusor", "absl_status", "absl_cord",
    "absl_cordz_info", "absl_cord_internal", "absl_cordz_functions", "absl_exponential_biased",
    "absl_cordz_handle", "absl_bad_optional_access", "absl_strerror", "absl_str_format_internal",
    "absl_synchronization", "absl_graphcycles_internal", "absl_stacktrace", "absl_symbolize",
    "absl_debugging_internal", "absl_demangle_internal", "absl_malloc_internal", "absl_time",
    "absl_civil_time", "absl_strings", "absl_strings_internal", "atomic", "rt", "absl_base",
    "absl_spinlock_wait", "absl_int128", "absl_time_zone", "absl_bad_variant_access",
    "absl_log_severity",
].map { .linkedLibrary($0) }

let package = Package(
    name: "tempmed",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tempmed", targets: ["tempmed"]),
        .executable(name: "tempmectl", targets: ["tempmectl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        // C boundaries: system libraries and small C/C++ shims.
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas"),
        .systemLibrary(name: "CRocksDB", pkgConfig: "rocksdb"),
        .systemLibrary(name: "CFFmpeg", pkgConfig: "libavformat"),
        .target(
            name: "CTempMeKernels",
            cSettings: [.unsafeFlags(["-O3", "-fno-math-errno"])]
        ),
        .target(
            name: "CTempMeShim",
            cxxSettings: [.unsafeFlags(["-std=c++17"])],
            linkerSettings: grpcLibraries
        ),

        // Libraries, one concern each.
        // Standard-library helpers every module may use: Duration as seconds, the SplitMix64 generator.
        .target(name: "TempMeBasics"),
        // oneDNN (Debian's libdnnl-dev) behind a small C API, for the precision microbenchmark only.
        .target(name: "CTempMeDNNL", linkerSettings: [.linkedLibrary("dnnl")]),
        // Numeric kernels: the only Swift code that imports OpenBLAS, and the owner of its thread count;
        // the int8 GEMM and CPU feature dispatch (C in CTempMeKernels).
        .target(name: "TempMeKernels", dependencies: ["COpenBLAS", "CTempMeKernels"]),
        .target(name: "TempMeModel", dependencies: ["TempMeBasics", "TempMeKernels", "CTempMeKernels"]),
        .target(name: "TempMeVideo", dependencies: ["CFFmpeg", "TempMeBasics"]),
        .target(name: "TempMeStore", dependencies: ["CRocksDB", "TempMeBasics", "TempMeKernels"]),
        .target(name: "TempMeProto", dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        // Milvus's public API (Protos/milvus, vendored), generated like TempMeProto: the Milvus backend's messages.
        .target(name: "MilvusProto", dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        .target(name: "TempMeRPC", dependencies: ["CTempMeShim", "TempMeBasics"]),
        // The typed client of the tempme.v1 API (tempmectl, the end-to-end tests): transport and messages only.
        .target(
            name: "TempMeClient",
            dependencies: ["TempMeRPC", "TempMeProto", .product(name: "SwiftProtobuf", package: "swift-protobuf")]
        ),
        // Metric names, help texts and the recording calls the service and the daemon make (swift-metrics facade).
        .target(name: "TempMeMetrics", dependencies: [.product(name: "CoreMetrics", package: "swift-metrics")]),
        // Request handling (ingest, search, records) over the engine and the store; no transport.
        .target(
            name: "TempMeService",
            dependencies: ["TempMeBasics", "TempMeModel", "TempMeVideo", "TempMeStore", "TempMeProto", "TempMeMetrics"]
        ),
        // The HTTP listener (Hummingbird, HTTPS through HummingbirdTLS): /metrics, the JSON API, the web page; calls the service like the gRPC adapter.
        .target(
            name: "TempMeHTTP",
            dependencies: [
                "TempMeBasics", "TempMeService", "TempMeProto", "TempMeMetrics",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),
        // The Milvus backend of the store interface, over Milvus's gRPC API.
        .target(
            name: "TempMeMilvus",
            dependencies: ["TempMeBasics", "TempMeKernels", "TempMeStore", "TempMeRPC", "MilvusProto", .product(name: "SwiftProtobuf", package: "swift-protobuf")]
        ),
        // The daemon around the service: configuration, lifecycle, systemd, the runner, the gRPC adapter.
        .target(
            name: "TempMeDaemon",
            dependencies: [
                "TempMeBasics", "TempMeKernels", "TempMeModel", "TempMeStore", "TempMeMilvus", "TempMeProto", "TempMeRPC",
                "TempMeService", "TempMeMetrics", "TempMeHTTP", "TempMeVideo",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),
        // A model's retrieval quality on a manifest (tempmectl eval), with no daemon.
        .target(name: "TempMeEvaluation", dependencies: ["TempMeBasics", "TempMeKernels", "TempMeModel", "TempMeVideo", "TempMeStore"]),

        // Measurements for the tools (tempmectl bench, tempme-store-tool), kept out of the daemon's libraries.
        .target(
            name: "TempMeBenchmarks",
            dependencies: ["TempMeBasics", "TempMeKernels", "TempMeModel", "TempMeVideo", "TempMeStore"]
        ),

        // Executables: argument parsing and wiring only.
        .executableTarget(
            name: "tempmed",
            dependencies: [
                "TempMeDaemon", "TempMeService", "TempMeModel", "TempMeRPC",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "tempme-store-tool", dependencies: ["TempMeBasics", "TempMeStore", "TempMeMilvus", "TempMeBenchmarks"]),
        // GEMM microbenchmark at the encoder's shapes per number format, and the int8 accuracy study (docs/precision.md).
        .executableTarget(
            name: "tempme-precision-bench",
            dependencies: ["TempMeBasics", "TempMeKernels", "TempMeModel", "TempMeVideo", "TempMeEvaluation", "TempMeBenchmarks", "CTempMeKernels", "CTempMeDNNL"]
        ),
        .executableTarget(
            name: "tempmectl",
            dependencies: [
                // TempMeDaemon and TempMeService only for `restore`, which runs offline on a data directory.
                "TempMeClient", "TempMeProto", "TempMeEvaluation", "TempMeBenchmarks", "TempMeModel", "TempMeBasics", "TempMeVideo",
                "TempMeDaemon", "TempMeService",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),

        // Tests mirror the libraries; end-to-end tests run the built binaries.
        // Helpers that more than one test target needs, built as a plain library.
        .target(name: "TempMeTestSupport", dependencies: ["TempMeDaemon"], path: "Tests/TempMeTestSupport"),
        .testTarget(name: "TempMeBasicsTests", dependencies: ["TempMeBasics"]),
        .testTarget(name: "TempMeKernelsTests", dependencies: ["TempMeKernels"], exclude: ["Golden"]),
        .testTarget(name: "TempMeModelTests", dependencies: ["TempMeModel", "TempMeKernels", "TempMeBasics"], exclude: ["Golden"]),
        .testTarget(name: "TempMeVideoTests", dependencies: ["TempMeVideo", "TempMeBasics"], exclude: ["Golden"]),
        .testTarget(
            name: "TempMeStoreTests", dependencies: ["TempMeStore", "TempMeBasics", "TempMeBenchmarks", "tempme-store-tool"],
            exclude: ["Reference"]),
        .testTarget(name: "TempMeBenchmarksTests", dependencies: ["TempMeBenchmarks", "TempMeVideo", "TempMeStore"]),
        .testTarget(name: "TempMeRPCTests", dependencies: ["TempMeRPC", "TempMeBasics", "TempMeTestSupport"], exclude: ["Interop"]),
        .testTarget(
            name: "TempMeMilvusTests",
            dependencies: ["TempMeMilvus", "TempMeStore", "TempMeBasics", "MilvusProto", "TempMeTestSupport"]),
        .testTarget(name: "TempMeServiceTests", dependencies: ["TempMeService", "TempMeModel", "TempMeStore", "TempMeProto", "TempMeTestSupport"]),
        .testTarget(
            name: "TempMeDaemonTests",
            dependencies: [
                "TempMeDaemon", "TempMeService", "TempMeRPC", "TempMeTestSupport", "TempMeProto",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]),
        .testTarget(name: "TempMeEvaluationTests", dependencies: ["TempMeEvaluation"]),
        .testTarget(name: "TempMeClientTests", dependencies: ["TempMeClient", "TempMeProto", "TempMeRPC"]),
        .testTarget(name: "EndToEndTests", dependencies: ["TempMeClient", "TempMeProto", "TempMeTestSupport", "tempmed", "tempmectl"]),
    ],
    cxxLanguageStandard: .cxx17
)
