import Foundation

/// A TLS-terminating relay in front of the tests' Spark Connect server
/// (`Fixtures/spark/tls_relay.py`, Python's `ssl` module): a throwaway CA and a
/// certificate for `localhost` made with the openssl CLI, ALPN `h2` (or `alpn`), each
/// connection's decrypted bytes relayed to `upstream`. Stopped when released.
final class SparkTLSRelay {
    let port: Int
    let folder: URL
    private let process: Process

    /// The CA that signed the relay's certificate (PEM).
    var certificateAuthority: String { folder.appendingPathComponent("ca.crt").path }

    /// One line per connection the relay saw: the ALPN protocol selected, whether the marker was seen.
    struct Connection: Decodable {
        var alpn: String?
        var marker_seen: Bool
        var error: String?
    }

    init(upstream: String, alpn: String = "h2", marker: String = "") throws {
        folder = try Fixtures.temporaryDirectory()
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Fixtures.url("spark/tls_relay.py").path, folder.path, upstream, "--alpn", alpn, "--marker", marker]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("ready "), let chosen = Int(text.dropFirst(6)) else {
            kill(process.processIdentifier, SIGKILL)
            throw PostgresTestServer.ServerError("the TLS relay did not start: '\(text)'")
        }
        port = chosen
    }

    deinit {
        // SIGKILL: the test runner's threads may block SIGTERM, and a spawned child inherits that mask.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }

    /// The connections the relay finished (a connection is written once both ends closed).
    func connections() throws -> [Connection] {
        let log = folder.appendingPathComponent("connections.jsonl")
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Connection.self, from: Data($0.utf8)) }
    }
}
