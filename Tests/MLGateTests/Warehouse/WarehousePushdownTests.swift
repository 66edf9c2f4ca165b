import Foundation
import Testing

@testable import MLGate

/// A data gate's dataset checks on a typed table are computed by the server (one
/// aggregate query, no rows streamed) with the file mode's numbers: counts exactly,
/// statistics to 1e-12 relative.
@Suite struct WarehousePushdownTests {
    static let checks = """
            checks:
              - check: row_count
                min: 1
              - check: required_columns
                columns: [age, income, nowhere]
              - check: missing_fraction
                column: income
                max: 0.5
              - check: missing_fraction
                name: missing-region
                column: region
                max: 0.5
              - check: distinct_count
                column: region
                max: 10
              - check: distinct_count
                name: distinct-income
                column: income
                min: 1
              - check: column_mean
                column: age
                min: 0
              - check: column_std
                column: income
                min: 0
              - check: column_sum
                column: income
                min: 0
              - check: column_sum
                name: age-sum
                column: age
                min: 0
              - check: column_sum
                name: credit-sum
                column: credit_score
                min: 0
              - check: column_min
                column: credit_score
                min: 0
              - check: column_max
                column: income
                min: 0
              - check: column_quantile
                column: credit_score
                quantile: 0.1
                min: 0
              - check: column_quantile
                name: income-median
                column: income
                quantile: 0.5
                min: 0
              - check: column_mean
                name: absent
                column: nowhere
                min: 0
        """

    static func gate(input: String) -> String {
        "version: 1\ngates:\n  - name: typed\n    kind: data\n    input: \(input)\n\(checks)\n"
    }

    @Test func typedTableMatchesFileMode() async throws {
        let server = try PostgresTestServer.shared.get()
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = Fixtures.repositoryRoot.appendingPathComponent("Examples/loans/loans.csv")
        try server.load("loans_text", from: csv)
        try server.psql("""
            DROP TABLE IF EXISTS loans_typed;
            CREATE TABLE loans_typed AS SELECT application_id, age::integer, income::double precision,
              credit_score::numeric, region FROM loans_text
            """)
        let table = DatabaseTable(connection: server.url(), relation: .table("public.loans_typed"))
        let fileConfig = try ConfigLoader.parse(Self.gate(input: csv.path), file: "file.yml", directory: folder)
        let dbConfig = try ConfigLoader.parse(Self.gate(input: "\(server.url())#loans_typed"), file: "db.yml", directory: folder)

        // Every check is pushed down: one aggregate query gives the whole state.
        guard case .data(let data) = dbConfig.gates[0].body else { Issue.record("not a data gate"); return }
        let pushed = try #require(try DataGate.pushDown(data.checks, to: table, location: SourceLocation(file: "db.yml")))
        #expect(pushed.rows == 500)

        let fromFile = await GateRunner.run(fileConfig.gates[0])
        let fromServer = await GateRunner.run(dbConfig.gates[0])
        #expect(fromServer.checks.first?.message.hasSuffix("(PostgreSQL)") == true)
        #expect(fromFile.checks.count == fromServer.checks.count)
        for (file, server) in zip(fromFile.checks.dropFirst(), fromServer.checks.dropFirst()) {
            #expect(file.name == server.name)
            #expect(file.outcome == server.outcome, "\(file.name): \(file.message) / \(server.message)")
            #expect(file.measurements.map(\.name) == server.measurements.map(\.name), "\(file.name)")
            for (a, b) in zip(file.measurements, server.measurements) {
                let scale = max(abs(a.value), abs(b.value), 1)
                #expect(abs(a.value - b.value) <= 1e-12 * scale, "\(file.name) \(a.name): file \(a.value), server \(b.value)")
            }
        }
    }

    /// A pushdown's statements read one snapshot: a row inserted between the aggregate
    /// statement and the next is seen by neither, and by the next session.
    @Test func statementsOfASessionReadOneSnapshot() throws {
        let server = try PostgresTestServer.shared.get()
        _ = try server.psql("DROP TABLE IF EXISTS snapshot_rows; CREATE TABLE snapshot_rows AS SELECT g AS id FROM generate_series(1, 100) g")
        let table = DatabaseTable(connection: server.url(), relation: .table("snapshot_rows"))
        let location = SourceLocation(file: "db.yml")
        let session = try PostgresPushdownSession(table, location: location)
        #expect(try session.aggregateRow(["count(*)"]) == ["100"])
        _ = try server.psql("INSERT INTO snapshot_rows VALUES (101)")
        #expect(try session.aggregateRow(["count(*)", "max(id)"]) == ["100", "100"])
        let next = try PostgresPushdownSession(table, location: location)
        #expect(try next.aggregateRow(["count(*)"]) == ["101"])
    }

    /// A numeric statistic of a text column has the file mode's parsing rules, not SQL's:
    /// it is streamed, not pushed down (same numbers either way).
    @Test func textColumnStatisticsStream() throws {
        let server = try PostgresTestServer.shared.get()
        try server.load("loans_text_stream", from: Fixtures.repositoryRoot.appendingPathComponent("Examples/loans/loans.csv"))
        let config = try ConfigLoader.parse(
            Self.gate(input: "\(server.url())#loans_text_stream"), file: "db.yml", directory: URL(fileURLWithPath: "/tmp"))
        guard case .data(let data) = config.gates[0].body else { Issue.record("not a data gate"); return }
        let table = DatabaseTable(connection: server.url(), relation: .table("loans_text_stream"))
        #expect(try DataGate.pushDown(data.checks, to: table, location: SourceLocation(file: "db.yml")) == nil)
    }
}
