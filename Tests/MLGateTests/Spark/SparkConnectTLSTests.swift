import Foundation
import Testing

@testable import MLGate

/// Spark Connect over TLS: a TLS-terminating relay (``SparkTLSRelay``, Python's `ssl`
/// with a throwaway CA) in front of the tests' real Spark Connect server. The rows read
/// through TLS are those read without; an untrusted certificate, a wrong host name and a
/// server that does not select `h2` are refused clearly; the token goes to the server
/// over TLS as `authorization: Bearer …` and never into an error.
@Suite("Spark Connect over TLS", .serialized)
struct SparkConnectTLSTests {
    static let token = "tls-test-Tok-8f2e1c"
    static let query = "SELECT id, CAST(id * 1.5 AS DOUBLE) AS x, concat('r', CAST(id AS STRING)) AS s, id % 7 = 0 AS b FROM range(0, 3000)"

    /// The test server's `host:port`.
    static func upstream() throws -> String {
        let server = try SparkTestServer.shared.get()
        return try SparkConnectURL(server.url).display.replacingOccurrences(of: "sc://", with: "")
    }

    /// The relay's connection records once `count` connections have finished (they are
    /// written when both ends closed).
    static func connections(_ relay: SparkTLSRelay, count: Int) throws -> [SparkTLSRelay.Connection] {
        let deadline = Date().addingTimeInterval(20)
        while true {
            let seen = try relay.connections()
            if seen.count >= count || Date() > deadline { return seen }
            usleep(50_000)
        }
    }

    @Test("rows read through TLS equal the rows read without; the token reaches the server over TLS as a bearer token")
    func sameRows() throws {
        let plain = try SparkConnectClientTests.rows(SparkConnectClientTests.client(), Self.query)
        // The field as mlgate's HPACK writes it: the name, the value's length, the value.
        let value = "Bearer \(Self.token)"
        let relay = try SparkTLSRelay(upstream: Self.upstream(), marker: "authorization\(Character(UnicodeScalar(UInt8(value.utf8.count))))\(value)")
        for address in ["sc://localhost:\(relay.port)/;use_ssl=true", "sc://localhost:\(relay.port)/;use_ssl=true;token=\(Self.token)"] {
            let url = try SparkConnectURL(address, environment: [:])
            #expect(url.usesTLS)
            var client: SparkConnectClient? = try SparkConnectClient(url: url, timeout: 120, rootCertificates: relay.certificateAuthority)
            try client!.setConfig([(key: "spark.sql.session.timeZone", value: "UTC")])
            let secure = try SparkConnectClientTests.rows(client!, Self.query)
            #expect(secure.names == plain.names && secure.names == ["id", "x", "s", "b"])
            #expect(secure.cells == plain.cells)
            #expect(secure.cells.first?.count == 3000)
            try client!.releaseSession()
            client = nil
        }
        let seen = try Self.connections(relay, count: 2)
        #expect(seen.count == 2)
        #expect(seen.allSatisfy { $0.alpn == "h2" && $0.error == nil })
        // The first connection sent no token, the second sent it as `authorization: Bearer …`.
        #expect(seen.map(\.marker_seen) == [false, true])
    }

    @Test("a certificate from a CA not trusted is refused, naming the address but not the token")
    func untrusted() throws {
        let relay = try SparkTLSRelay(upstream: Self.upstream())
        // No root certificates given: the system's store, which does not hold the relay's throwaway CA.
        #expect {
            _ = try SparkConnectClient(url: SparkConnectURL("sc://localhost:\(relay.port)/;token=\(Self.token);use_ssl=true", environment: [:]), timeout: 20, rootCertificates: nil)
        } throws: { error in
            let text = "\(error)"
            return (error as? SparkConnectError)?.kind == .connection && text.contains("certificate verification failed")
                && text.contains("sc://localhost:\(relay.port)") && text.contains("token=***") && !text.contains(Self.token)
                && text.contains("GRPC_DEFAULT_SSL_ROOTS_FILE_PATH")
        }
        // A PEM file that is not the CA: refused too.
        let other = try Fixtures.temporaryDirectory().appendingPathComponent("other.pem")
        try Data().write(to: other)
        #expect(throws: SparkConnectError.self) {
            _ = try SparkConnectClient(url: SparkConnectURL("sc://localhost:\(relay.port)/;use_ssl=true", environment: [:]), timeout: 20, rootCertificates: other.path)
        }
    }

    @Test("a host name the certificate does not name is refused")
    func wrongHost() throws {
        let relay = try SparkTLSRelay(upstream: Self.upstream())
        // The certificate names DNS:localhost only.
        let text = try Self.refusal("sc://127.0.0.1:\(relay.port)/;token=\(Self.token)", trusting: relay)
        #expect(text.contains("mismatch") && !text.contains(Self.token))
        #expect(text.contains("the trusted certificates were read from \(relay.certificateAuthority)"))
    }

    /// The connection error of `address` with the relay's CA trusted.
    static func refusal(_ address: String, trusting relay: SparkTLSRelay) throws -> String {
        let url = try SparkConnectURL(address, environment: [:])
        do {
            _ = try SparkConnectClient(url: url, timeout: 20, rootCertificates: relay.certificateAuthority)
        } catch {
            #expect(error.kind == .connection)
            return error.description
        }
        Issue.record("\(address) connected")
        return ""
    }

    @Test("a TLS server that does not select h2 by ALPN is refused", arguments: ["http/1.1", "none"])
    func noHTTP2(_ alpn: String) throws {
        let relay = try SparkTLSRelay(upstream: Self.upstream(), alpn: alpn)
        let text = try Self.refusal("sc://localhost:\(relay.port)/;use_ssl=true;token=\(Self.token)", trusting: relay)
        // mlgate offers h2 only: a server without it selects nothing.
        #expect(text.contains("did not select HTTP/2") && text.contains("it chose none") && !text.contains(Self.token))
    }

    @Test("a server silent in the TLS handshake, or after it, is a timeout, not a hang")
    func silentServer() throws {
        let (listener, port) = SparkConnectClientTests.silentListener()
        defer { close(listener) }
        var start = Date()
        #expect(throws: SparkConnectError.self) {
            _ = try SparkConnectClient(url: SparkConnectURL("sc://localhost:\(port)/;use_ssl=true", environment: [:]), timeout: 1)
        }
        #expect(Date().timeIntervalSince(start) < 10)
        // The relay completes the handshake; what is behind it never answers.
        let relay = try SparkTLSRelay(upstream: "127.0.0.1:\(port)")
        start = Date()
        let client = try SparkConnectClient(
            url: SparkConnectURL("sc://localhost:\(relay.port)/;use_ssl=true", environment: [:]), timeout: 1, rootCertificates: relay.certificateAuthority)
        #expect {
            try client.executeSQL("SELECT 1") { _ throws(SparkConnectError) in }
        } throws: { error in
            "\(error)".contains("within the read timeout")
        }
        #expect(Date().timeIntervalSince(start) < 10)
    }
}
