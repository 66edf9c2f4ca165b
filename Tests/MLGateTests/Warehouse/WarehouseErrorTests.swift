import Foundation
@testable import MLGate
import Testing

/// Each way a database table cannot be read: the gate's `input` result is an error (exit
/// 2) that names the table, the config line, the server's message and SQLSTATE — and
/// never the password.
@Suite struct WarehouseErrorTests {
    struct Case: Sendable, CustomStringConvertible {
        var description: String
        /// The input mapping's keys, given the server.
        var input: @Sendable (PostgresTestServer) throws -> String
        /// What the message must hold.
        var expected: [String]
    }

    static let cases: [Case] = [
        Case(description: "missing table", input: { "{database: '\($0.url())', table: analytics.nowhere}" },
             expected: ["relation \"analytics.nowhere\" does not exist", "SQLSTATE 42P01"]),
        Case(description: "missing column", input: { "{database: '\($0.url())', query: 'SELECT nowhere FROM loans_errors'}" },
             expected: ["column \"nowhere\" does not exist", "SQLSTATE 42703"]),
        Case(description: "a query failing as it runs",
             input: { "{database: '\($0.url())', query: 'SELECT 1 / (count(*) OVER (ORDER BY a) - 3) AS a FROM loans_errors'}" },
             expected: ["division by zero", "SQLSTATE 22012"]),
        Case(description: "statement timeout", input: { "{database: '\($0.url())', query: 'SELECT pg_sleep(30)', statementTimeout: 1}" },
             expected: ["canceling statement due to statement timeout", "SQLSTATE 57014"]),
        Case(description: "failed authentication",
             input: { "{database: 'postgresql://mlgate:wrong-Pa55word@127.0.0.1:\($0.port)/postgres?sslmode=disable', table: loans_errors}" },
             expected: ["password authentication failed for user \"mlgate\"", "SQLSTATE 28P01"]),
        Case(description: "unreachable server",
             input: { _ in "{database: 'postgresql://mlgate:\(PostgresTestServer.password)@127.0.0.1:\(try PostgresTestServer.freePort())/postgres', table: t}" },
             expected: ["cannot connect to 127.0.0.1:", "Connection refused"]),
        Case(description: "TLS certificate for another host (verify-full)",
             input: { "{database: '\($0.url(sslmode: "verify-full"))&sslrootcert=\($0.certificate.path)', table: loans_errors}" },
             expected: ["TLS handshake failed (sslmode=verify-full)", "certificate verification failed"]),
        Case(description: "a database that does not exist",
             input: { "{database: 'postgresql://mlgate:\(PostgresTestServer.password)@127.0.0.1:\($0.port)/nowhere?sslmode=disable', table: t}" },
             expected: ["database \"nowhere\" does not exist", "SQLSTATE 3D000"]),
    ]

    /// The server with the table `loans_errors` (1…10), made once for every case.
    static let prepared: Result<PostgresTestServer, any Error> = Result {
        let server = try PostgresTestServer.shared.get()
        try server.psql("DROP TABLE IF EXISTS loans_errors; CREATE TABLE loans_errors AS SELECT generate_series(1, 10) AS a")
        return server
    }

    @Test(arguments: cases)
    func errorIsLocatedWithServerMessage(_ example: Case) async throws {
        let server = try Self.prepared.get()
        let yaml = """
            version: 1
            gates:
              - name: warehouse
                kind: data
                input: \(try example.input(server))
                checks:
                  - check: column_mean
                    column: a
                    min: 0
            """
        let config = try ConfigLoader.parse(yaml, file: "db.yml", directory: URL(fileURLWithPath: "/tmp"))
        let result = await GateRunner.run(config.gates[0])
        let input = try #require(result.checks.first)
        #expect(input.name == "input")
        #expect(input.outcome == .error)
        #expect(result.status.exitCode == 2)
        let text = "\(input.message)\n\(input.details ?? "")"
        for expected in example.expected { #expect(text.contains(expected), "\(text)") }
        #expect(text.contains("db.yml:5:"), "the config line of the input: \(text)")
        #expect(!text.contains(PostgresTestServer.password) && !text.contains("wrong-Pa55word"), "no password: \(text)")
        #expect(result.checks.dropFirst().allSatisfy { $0.outcome == .skipped })
    }

    /// sslmode=require against a server that answers the SSLRequest with 'N'.
    @Test func tlsRequiredButNotOffered() async throws {
        let listener = try RefusingTLSListener()
        let table = DatabaseTable(
            connection: "postgresql://u:\(PostgresTestServer.password)@127.0.0.1:\(listener.port)/db?sslmode=require",
            relation: .table("t"))
        let input = TableInput(database: table, location: SourceLocation(file: "db.yml", line: 7, column: 12))
        let config = GateConfig(
            name: "warehouse", kind: .data, location: SourceLocation(file: "db.yml", line: 3),
            body: .data(DataGateConfig(input: input, checks: [], contract: nil)))
        let result = await GateRunner.run(config)
        let check = try #require(result.checks.first)
        #expect(check.outcome == .error)
        let text = "\(check.details ?? check.message)"
        #expect(text.contains("db.yml:7:12"))
        #expect(text.contains("the server does not offer TLS, and sslmode=require requires it"), "\(text)")
        #expect(!text.contains(PostgresTestServer.password))
    }

    /// TLS that works: sslmode=require, and verify-full against the server's own certificate.
    @Test(arguments: ["require", "verify-full"])
    func tlsConnects(_ mode: String) async throws {
        let server = try Self.prepared.get()
        let url = "postgresql://mlgate:\(PostgresTestServer.password)@localhost:\(server.port)/postgres?sslmode=\(mode)&sslrootcert=\(server.certificate.path)"
        let input = TableInput(database: DatabaseTable(connection: url, relation: .query("SELECT a, ssl FROM loans_errors, pg_stat_ssl WHERE pid = pg_backend_pid()")), location: SourceLocation(file: "db.yml"))
        var collected: [String] = []
        var reader = try #require(try input.openDatabaseReader())
        #expect(reader.columns == ["a", "ssl"])
        while let batch = try reader.nextBatch() {
            for row in 0..<batch.rowCount { collected.append(batch.string(1, row) ?? "") }
        }
        #expect(collected == Array(repeating: "true", count: 10), "every row came over TLS")
    }
}

/// A TCP listener that answers one SSLRequest with 'N' (no TLS) and closes.
final class RefusingTLSListener: Sendable {
    let port: Int
    private let descriptor: Int32

    init() throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let descriptor = self.descriptor
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && listen(descriptor, 1) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard ok else { throw PostgresTestServer.ServerError("cannot listen") }
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread {
            let client = accept(descriptor, nil, nil)
            guard client >= 0 else { return }
            var request = [UInt8](repeating: 0, count: 8)
            _ = recv(client, &request, 8, Int32(MSG_WAITALL))
            var answer = UInt8(ascii: "N")
            _ = send(client, &answer, 1, 0)
            var rest = [UInt8](repeating: 0, count: 256)
            _ = recv(client, &rest, 256, 0)
            close(client)
        }
    }

    deinit { close(descriptor) }
}
