import Foundation
import Testing

@testable import MLGate

/// Where connection settings come from: the URL, then the libpq environment, then the
/// password file, then the defaults — and what is shown of them.
@Suite struct PostgresConnectionParametersTests {
    @Test func urlWinsOverEnvironment() throws {
        let parameters = try PostgresConnectionParameters(
            "postgresql://ci%40corp:p%3Ass@db.example:6543/eval?sslmode=verify-full&connect_timeout=5",
            environment: ["PGHOST": "other", "PGPORT": "1", "PGUSER": "x", "PGPASSWORD": "env", "PGDATABASE": "y", "PGSSLMODE": "disable"])
        #expect(parameters.host == "db.example")
        #expect(parameters.port == 6543)
        #expect(parameters.user == "ci@corp")
        #expect(parameters.password == "p:ss")
        #expect(parameters.database == "eval")
        #expect(parameters.sslMode == .verifyFull)
        #expect(parameters.connectTimeout == 5)
    }

    @Test func environmentFillsWhatTheURLLeavesOut() throws {
        let parameters = try PostgresConnectionParameters(
            "postgresql:///",
            environment: ["PGHOST": "warehouse", "PGPORT": "5439", "PGUSER": "reader", "PGPASSWORD": "env-pw", "PGSSLMODE": "require", "HOME": "/nonexistent"])
        #expect(parameters.host == "warehouse")
        #expect(parameters.port == 5439)
        #expect(parameters.user == "reader")
        #expect(parameters.database == "reader", "libpq: the database defaults to the user name")
        #expect(parameters.password == "env-pw")
        #expect(parameters.sslMode == .require)
    }

    @Test func defaults() throws {
        let parameters = try PostgresConnectionParameters("", environment: ["USER": "alice", "HOME": "/nonexistent"])
        #expect(parameters.host == "localhost")
        #expect(parameters.port == 5432)
        #expect(parameters.user == "alice")
        #expect(parameters.sslMode == .prefer)
        #expect(parameters.password == nil)
    }

    @Test func passwordFile() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("pgpass")
        try """
            # host:port:database:user:password
            other:5432:*:reader:not-this
            db.example:5432:eval:reader:wrong-db
            db.example:*:*:reader:pa\\:ss\\\\word
            """.write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        let parameters = try PostgresConnectionParameters(
            "postgresql://reader@db.example/analytics", environment: ["PGPASSFILE": file.path])
        #expect(parameters.password == "pa:ss\\word")
        // A file others can read is ignored, as libpq ignores it.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        #expect(try PostgresConnectionParameters("postgresql://reader@db.example/analytics", environment: ["PGPASSFILE": file.path]).password == nil)
    }

    @Test(arguments: [
        ("postgresql://u@h:0/db", "invalid port '0'"),
        ("postgresql://u@h/db?sslmode=sometimes", "invalid sslmode 'sometimes'"),
        ("postgresql://u@h/db?connect_timeout=soon", "invalid connect_timeout 'soon'"),
    ])
    func invalidSettings(_ url: String, _ message: String) {
        #expect {
            _ = try PostgresConnectionParameters(url, environment: [:])
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test func displayNeverHoldsThePassword() {
        let table = DatabaseTable(connection: "postgresql://ci:hunter2@db:5432/eval?password=hunter3&sslmode=require", relation: .table("a.b"))
        // The one redaction masks a lone user name as well (CredentialRedaction).
        #expect(table.display == "postgresql://***@db:5432/eval?sslmode=require#a.b")
        #expect(!table.provenance.contains("hunter"))
        let query = DatabaseTable(connection: "postgres://db/eval", relation: .query("SELECT 1"))
        #expect(query.display == "postgres://db/eval#query")
    }

    @Test func commandLineURLNamesItsTable() throws {
        let input = try TableInput(path: "postgresql://ci:hunter2@db/eval#analytics.loans")
        #expect(input.database?.relation == .table("analytics.loans"))
        #expect(input.path == "postgresql://***@db/eval#analytics.loans")
        #expect(throws: DiagnosticError.self) { try TableInput(path: "postgresql://ci@db/eval") }
    }
}
