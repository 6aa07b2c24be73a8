// swift-tools-version:6.0
// workos-emulator: a self-hosted server that speaks the WorkOS REST API.
import PackageDescription

/// Every target is built in Swift 6 language mode with `ExistentialAny`.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "workos-emulator",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "workos-emulator", targets: ["WorkOSEmulator"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
    ],
    targets: [
        // libsqlite3 from the system (Debian: libsqlite3-dev).
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        // POSIX sockets; knows nothing of HTTP.
        .target(name: "Sockets", swiftSettings: strictSettings),
        // HTTP/1.1 parsing, connections, server and router; knows nothing of WorkOS or SQLite.
        .target(name: "HTTP1", dependencies: ["Sockets"], swiftSettings: strictSettings),
        // SQLite through the C API; never sees a request.
        .target(name: "SQLite", dependencies: ["CSQLite"], swiftSettings: strictSettings),
        // An RFC 8259 JSON value with its own parser and serializer (explicit nulls, ordered keys).
        .target(name: "JSONCodec", swiftSettings: strictSettings),
        // Password hashing: our own scrypt hashes, and verification of hashes imported from other systems.
        .target(
            name: "PasswordHashing",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // RSA signing keys with self-signed certificates, JWKs and RS256 JWTs (AuthKit access tokens).
        .target(
            name: "TokenSigning",
            dependencies: [
                "JSONCodec",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strictSettings
        ),
        // The emulator itself: WorkOS routes, models, repositories.
        .target(
            name: "WorkOSAPI",
            dependencies: [
                "HTTP1", "SQLite", "JSONCodec", "PasswordHashing", "TokenSigning",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // SHA-256 for PKCE and HMAC-SHA1 for TOTP (RFC 6238), never written by hand.
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("../../migrations"), .copy("../../seed")],
            swiftSettings: strictSettings
        ),
        // glibc's mallopt, for the executable's start-up (no package: part of libc).
        .systemLibrary(name: "CMalloc"),
        .executableTarget(
            name: "WorkOSEmulator", dependencies: ["WorkOSAPI", "CMalloc"], swiftSettings: strictSettings
        ),
        // Test support: a real server on port 0 and a small raw-socket HTTP client.
        .target(
            name: "EmulatorTesting",
            dependencies: ["WorkOSAPI", "Sockets", "JSONCodec"],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "SocketsTests", dependencies: ["Sockets"], swiftSettings: strictSettings),
        .testTarget(
            name: "HTTP1Tests", dependencies: ["HTTP1", "Sockets", "EmulatorTesting"], swiftSettings: strictSettings
        ),
        .testTarget(name: "SQLiteTests", dependencies: ["SQLite"], swiftSettings: strictSettings),
        .testTarget(name: "JSONCodecTests", dependencies: ["JSONCodec"], swiftSettings: strictSettings),
        .testTarget(name: "PasswordHashingTests", dependencies: ["PasswordHashing"], swiftSettings: strictSettings),
        .testTarget(
            name: "TokenSigningTests",
            dependencies: [
                "TokenSigning", "JSONCodec",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "WorkOSAPITests",
            dependencies: [
                "WorkOSAPI", "EmulatorTesting", "JSONCodec", "SQLite", "TokenSigning", "Sockets",
                // HMAC-SHA256 to check webhook signatures independently of the emulator's signer.
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
