import Foundation
import Testing

@testable import MLGate

/// The SQL dialect of the engine behind the wire protocol: detected from the server or
/// given as `dialect:`; Citus and Redshift read drift's value counts as a `UNION ALL` of
/// per-column `GROUP BY`s instead of `GROUPING SETS` — the same numbers, checked on the
/// tests' own PostgreSQL.
@Suite struct WarehouseDialectTests {
    @Test func detectedFromTheServersVersion() throws {
        let redshift = "PostgreSQL 8.0.2 on i686-pc-linux-gnu, compiled by GCC gcc (GCC) 3.4.2 20041017 (Red Hat 3.4.2-6.fc3), Redshift 1.0.12103"
        #expect(WarehouseDialect.detect(version: redshift, citus: false) == .redshift)
        #expect(WarehouseDialect.detect(version: "PostgreSQL 15.8 (Debian 15.8-0+deb12u1) on x86_64-pc-linux-gnu", citus: true) == .citus)
        #expect(WarehouseDialect.detect(version: "PostgreSQL 15.8 (Debian 15.8-0+deb12u1) on x86_64-pc-linux-gnu", citus: false) == .postgresql)
        let server = try PostgresTestServer.shared.get()
        let connection = try PostgresConnection(try PostgresConnectionParameters(server.url()), statementTimeout: 10_000)
        #expect(try WarehouseDialect.detect(on: connection) == .postgresql)
    }

    /// The Citus form: one `GROUP BY` per column read and a row counting the table's rows.
    @Test func unionStatementText() {
        var dialect = PostgreSQLDialect()
        dialect.engine = .citus
        let columns = [PostgresConnection.Column(name: "id", typeOID: 25), PostgresConnection.Column(name: "age", typeOID: 23)]
        #expect(
            dialect.groupedCopyStatement(.table("t"), columns: columns, grouped: [1], grouping: .eachColumn)
                == "COPY (SELECT mlgate_c1 AS \"age\", count(*) AS \"mlgate_rows\", 1 AS \"mlgate_column\" FROM (SELECT \"age\" AS mlgate_c1 FROM \"t\") AS mlgate_values GROUP BY mlgate_c1 UNION ALL SELECT NULL AS \"age\", count(*) AS \"mlgate_rows\", -1 AS \"mlgate_column\" FROM \"t\") TO STDOUT WITH (FORMAT csv, HEADER true)"
        )
    }

    /// An ordered read (a regressor and its champion): grouped, in the key's order, with
    /// only the row count added — the same SQL on every PostgreSQL-wire engine.
    @Test func orderedStatementText() {
        let columns = [("target", 701), ("estimate", 1700), ("mlgate_champion_estimate", 701), ("region", 25)]
            .map { PostgresConnection.Column(name: $0.0, typeOID: UInt32($0.1)) }
        let grouped = "COPY (SELECT mlgate_c0 AS \"target\", mlgate_c1 AS \"estimate\", mlgate_c2 AS \"mlgate_champion_estimate\", mlgate_c3 AS \"region\", \"mlgate_rows\" "
            + "FROM (SELECT \"target\" AS mlgate_c0, \"estimate\" AS mlgate_c1, \"mlgate_champion_estimate\" AS mlgate_c2, \"region\" AS mlgate_c3, count(*) AS \"mlgate_rows\" "
            + "FROM \"j\" GROUP BY 1, 2, 3, 4) AS mlgate_groups ORDER BY "
        for engine in [WarehouseDialect.postgresql, .citus, .redshift] {
            var dialect = PostgreSQLDialect()
            dialect.engine = engine
            #expect(
                dialect.groupedCopyStatement(.table("j"), columns: columns, grouped: [0, 1, 2, 3], grouping: .ordered(.descending(["estimate"])))
                    == grouped + "mlgate_c1 DESC) TO STDOUT WITH (FORMAT csv, HEADER true)")
            // Several columns: ties by the next (a text column by the double its text spells).
            #expect(
                dialect.groupedCopyStatement(
                    .table("j"), columns: columns, grouped: [0, 1, 2, 3], grouping: .ordered(.descending(["estimate", "mlgate_champion_estimate", "region"])))
                    == grouped + "mlgate_c1 DESC, mlgate_c2 DESC, \(dialect.decimalDouble("mlgate_c3")) DESC NULLS LAST) TO STDOUT WITH (FORMAT csv, HEADER true)")
            #expect(
                dialect.groupedCopyStatement(
                    .table("j"), columns: columns, grouped: [0, 1, 2, 3], grouping: .ordered(.absoluteDifference("target", "mlgate_champion_estimate")))
                    == grouped + "abs(CAST(mlgate_c0 AS float8) - CAST(mlgate_c2 AS float8))) TO STDOUT WITH (FORMAT csv, HEADER true)")
        }
    }

    /// Drift with `dialect: citus` and `dialect: redshift` reports what the detected
    /// PostgreSQL form (grouping sets) reports.
    @Test func unionFormGivesTheSameDrift() async throws {
        let server = try PostgresTestServer.shared.get()
        try server.load("dialect_loans", from: Fixtures.repositoryRoot.appendingPathComponent("Examples/loans/loans.csv"))
        let url = server.url()
        func report(_ dialect: String?) async throws -> Any {
            let option = dialect.map { ", dialect: \($0)" } ?? ""
            let config = """
                version: 1
                gates:
                  - name: d
                    kind: drift
                    reference: {database: '\(url)', table: dialect_loans\(option)}
                    current: {database: '\(url)', query: "SELECT * FROM dialect_loans WHERE region <> 'east'"\(option)}
                    exclude: [application_id]
                """
            let run = await GateRunner(config: try ConfigLoader.parse(config, file: "d.yml", directory: URL(fileURLWithPath: "/tmp"))).run()
                .withFixedTimes()
            #expect(run.gates[0].checks.allSatisfy { $0.outcome != .error }, "\(run.gates[0].checks.map(\.message))")
            return try JSONSerialization.jsonObject(with: try JSONRenderer().render(run))
        }
        let detected = try await report(nil)
        for dialect in ["citus", "redshift"] {
            var compared = 0
            expectSameNumbers(detected, try await report(dialect), path: dialect, compared: &compared)
            #expect(compared > 30)
        }
    }
}
