// swift-tools-version: 6.1
import PackageDescription

/// Settings shared by every Swift target: Swift 6 language mode, explicit `any` for existentials.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "labrun",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "labrun", targets: ["labrun"]),
        .executable(name: "labrun-bench", targets: ["labrun-bench"]),
        .library(name: "LabRun", targets: ["LabRun"]),
    ],
    // PostgreSQL support is opt-in: the client's TLS stack (BoringSSL) is most of a fresh build, and a
    // laptop class needs only the default SQLite store. `make test` and a class server turn it on with
    // `--traits PostgreSQL`.
    traits: [
        .trait(name: "PostgreSQL", description: "The progress store on a PostgreSQL server (LABRUN_DATABASE_URL=postgres://…)."),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // Test only: the local Hub-compatible HTTP server the hub tests download from.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // C libraries from Debian's -dev packages, found with pkg-config.
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // SHA-256 and SHA-1 (model file digests, the Hub's etags) from the system's OpenSSL libcrypto.
        .systemLibrary(
            name: "CLibcrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),

        // The engine's hot loops in C, because Swift cannot choose instructions at run time (one
        // binary has to run fast on every x86-64 CPU) and its SIMD types do not reach these speeds:
        // quantized matrix and attention kernels for the fast Llama path, and float32 products for
        // BERT against the checkpoint's own weight layout (OpenBLAS repacks the whole weight on
        // every call). Portable C plus AVX2 and AVX-512 variants chosen at run time (the quantized
        // kernels have no AVX-512 variant: their AVX2 one serves those CPUs); optimised even
        // in debug builds so that the tests of the fast paths run in seconds. The measurements are
        // in docs/performance.md.
        .target(
            name: "CKernels",
            cSettings: [.unsafeFlags(["-O2"], .when(configuration: .debug))]
        ),

        // Lab and quiz files: front matter, steps, blocks, questions, answer keys, lint.
        .target(
            name: "LabKit",
            dependencies: ["CCmarkGFM", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        // The Python-subset language of lab code blocks.
        .target(name: "LabScript", swiftSettings: swiftSettings),
        // Tensors over BLAS, weight files, tokenizers, models, pipelines, the model hub.
        .target(
            name: "Inference",
            dependencies: ["COpenBLAS", "CKernels", "CLibcrypto"],
            swiftSettings: swiftSettings + [
                // The engine is optimised in debug builds too, so tests and `labrun check --run`
                // run real models in seconds rather than minutes.
                .unsafeFlags(["-Ounchecked"], .when(configuration: .release)),
                .unsafeFlags(["-O"], .when(configuration: .debug)),
            ]
        ),
        // Training: hand-written backward passes per architecture, cross-entropy, AdamW, gradient
        // clipping, LoRA adapters. Optimised in debug builds too, like the engine, so that the
        // conformance tests against PyTorch run in seconds.
        .target(
            name: "Training",
            dependencies: ["Inference", "COpenBLAS"],
            swiftSettings: swiftSettings + [
                .unsafeFlags(["-Ounchecked"], .when(configuration: .release)),
                .unsafeFlags(["-O"], .when(configuration: .debug)),
            ]
        ),
        // Bias metrics and mitigations, written against small model ports (MaskedPredictor,
        // NextTokenPredictor, SentenceEmbedder); they know nothing of the engine.
        .target(
            name: "Bias",
            swiftSettings: swiftSettings + [
                // Decoding-time mitigations loop over the whole vocabulary at every token; optimised
                // in debug builds too, like the engine, so `labrun check --run` stays in minutes.
                .unsafeFlags(["-O"], .when(configuration: .debug)),
            ]
        ),
        // The engine's models behind Bias's ports: a loaded model as a BiasModel.
        .target(
            name: "BiasEngine",
            dependencies: ["Bias", "Inference"],
            swiftSettings: swiftSettings + [
                .unsafeFlags(["-O"], .when(configuration: .debug)),
            ]
        ),
        // The progress store: every student's runs, answers and scores.
        .target(
            name: "Progress",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["PostgreSQL"])),
                .product(name: "NIOSSL", package: "swift-nio-ssl", condition: .when(traits: ["PostgreSQL"])),
                .product(name: "Logging", package: "swift-log", condition: .when(traits: ["PostgreSQL"])),
            ],
            swiftSettings: swiftSettings
        ),
        // The application: sessions, step execution, actions bound into LabScript, grading, rendering.
        .target(
            name: "LabRun",
            dependencies: ["LabKit", "LabScript", "Inference", "Bias", "BiasEngine", "Progress", "Training"],
            swiftSettings: swiftSettings
        ),
        // The command-line tool: argument parsing only, the logic lives in LabRun.
        .executableTarget(
            name: "labrun",
            dependencies: ["LabRun", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        // The machine's limits the benchmarks are reported against: FMA peak, read bandwidth.
        .target(
            name: "CMachineProbes",
            dependencies: ["CKernels"],
            path: "Benchmarks/probes"
        ),
        // Benchmark suites, run in release mode: `swift run -c release labrun-bench`.
        .executableTarget(
            name: "labrun-bench",
            dependencies: ["LabRun", "Progress", "Training", "Bias", "Inference", "COpenBLAS", "CMachineProbes", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Benchmarks/labrun-bench",
            swiftSettings: swiftSettings
        ),

        .testTarget(name: "LabKitTests", dependencies: ["LabKit"], exclude: ["Fixtures"], swiftSettings: swiftSettings),
        .testTarget(name: "LabScriptTests", dependencies: ["LabScript"], exclude: ["Conformance"], swiftSettings: swiftSettings),
        // Test only: a Hugging Face Hub look-alike on 127.0.0.1 serving the fixture models.
        .target(
            name: "HubTestServer",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                "CLibcrypto",
            ],
            path: "Tests/HubTestServer",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "InferenceTests", dependencies: ["Inference", "HubTestServer"], swiftSettings: swiftSettings),
        // Loss, gradients and AdamW trajectories against PyTorch on tiny models (Fixtures/, read by path).
        .testTarget(name: "TrainingTests", dependencies: ["Training", "Inference"], exclude: ["Fixtures"], swiftSettings: swiftSettings),
        // Bias through its ports (small fakes in Support/), and in Engine/ the adapters on real models.
        .testTarget(name: "BiasTests", dependencies: ["Bias", "BiasEngine"], swiftSettings: swiftSettings),
        // A small writer process for the progress store's crash-safety and multi-process tests:
        // it appends events to one SQLite file and reports each committed one on stdout.
        .executableTarget(
            name: "progress-writer",
            dependencies: ["Progress"],
            path: "Tests/ProgressWriter",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ProgressTests",
            dependencies: [
                "Progress", "progress-writer",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["PostgreSQL"])),
                .product(name: "Logging", package: "swift-log", condition: .when(traits: ["PostgreSQL"])),
            ],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "LabRunTests", dependencies: ["LabRun", "Progress", "Training"], swiftSettings: swiftSettings),
        // Seeded random and mutated inputs for the parsers and the interpreter. A short run by
        // default; LABRUN_FUZZ_ITERATIONS=100000 for the full one.
        .testTarget(name: "FuzzTests", dependencies: ["LabKit", "LabScript"], swiftSettings: swiftSettings),
        // Runs the built `labrun` binary and compares what it prints with golden files.
        .testTarget(name: "EndToEndTests", dependencies: ["labrun", "HubTestServer", "Progress"], swiftSettings: swiftSettings),
    ],
    swiftLanguageModes: [.v6]
)
