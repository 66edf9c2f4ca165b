// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "mlgate",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "MLGate", targets: ["MLGate"]),
        .executable(name: "mlgate", targets: ["mlgate"]),
        .plugin(name: "MLGatePlugin", targets: ["MLGatePlugin"]),
        .plugin(name: "MLGateInitPlugin", targets: ["MLGateInitPlugin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // libxml2, wrapped as GRDB wraps SQLite: a module map and a shim header.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        // zlib, for reading gzip inputs as they stream (GzipByteSource).
        .systemLibrary(
            name: "CZlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        // libzstd, for ZSTD-compressed Parquet pages (polars' default codec).
        .systemLibrary(
            name: "CZstd",
            providers: [.apt(["libzstd-dev"]), .brew(["zstd"])]
        ),
        // libbrotli's decoder, for BROTLI-compressed Parquet pages (pyarrow's compression="brotli").
        .systemLibrary(
            name: "CBrotli",
            providers: [.apt(["libbrotli-dev"]), .brew(["brotli"])]
        ),
        // OpenSSL (libssl-dev), for TLS to PostgreSQL servers (sslmode=require/verify-full).
        .systemLibrary(
            name: "COpenSSL",
            providers: [.apt(["libssl-dev"]), .brew(["openssl"])]
        ),
        // libcurl, loaded on the first HTTP request (dlopen) rather than linked: the MLflow
        // and SageMaker registries and merge-request comments use it; a gate never maps it.
        .target(
            name: "CMLGateCurl",
            linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]
        ),
        // glibc's mallopt, for the executable's allocator tuning (header only, nothing linked).
        .systemLibrary(name: "CMalloc"),
        // The library: everything that decides. It neither prints nor exits.
        .target(
            name: "MLGate",
            dependencies: [
                "CLibXML2",
                "CZlib",
                "CZstd",
                "CBrotli",
                "COpenSSL",
                "CMLGateCurl",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The executable: argument parsing and printing, thin over MLGate.
        .executableTarget(
            name: "mlgate",
            dependencies: [
                "MLGate",
                "CMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // `swift package mlgate`: runs the gate. No permissions are declared so that the
        // plain verb (and `--help`) works; see docs/plugins.md.
        .plugin(
            name: "MLGatePlugin",
            capability: .command(
                intent: .custom(verb: "mlgate", description: "Run the mlgate quality gate with mlgate.yml from the package root.")
            ),
            dependencies: ["mlgate"]
        ),
        // `swift package mlgate-init`: writes a starter mlgate.yml (and a CI file).
        .plugin(
            name: "MLGateInitPlugin",
            capability: .command(
                intent: .custom(verb: "mlgate-init", description: "Write a starter mlgate.yml (and, with --ci github|gitlab, a CI file).")
            ),
            dependencies: ["mlgate"]
        ),
        // The plugins' pure logic, compiled on its own so that the tests can reach it;
        // the plugins compile the same file through symbolic links.
        .target(
            name: "MLGatePluginSupport",
            path: "Plugins/Shared",
            exclude: ["ToolRunner.swift"]
        ),
        .testTarget(
            name: "MLGateTests",
            dependencies: ["MLGate", "CLibXML2", "mlgate", "MLGatePluginSupport"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
