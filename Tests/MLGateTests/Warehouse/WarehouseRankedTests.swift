import Foundation
import Testing

@testable import MLGate

/// A binary model gate over a table whose scores are all distinct: the server groups the
/// rows and sends them in descending score order with each score's rank
/// (``DatabaseTable/Grouping/ranked(score:)``), mlgate folds them into sums and keeps no
/// row, and the report is the file mode's. A score column the server holds as text is
/// ranked by the doubles its texts spell (``PostgreSQLDialect/decimalDouble(_:)``); one
/// of another type (`name`; `json`, grouped by its text) is read grouped without ranks,
/// its rows kept.
@Suite struct WarehouseRankedTests {
    /// 20,000 rows, 20,000 distinct scores (some printed with an exponent), three regions,
    /// a sample weight of four values; and the same rows with the score as text, as
    /// `json` and as `name` (types the server does not order as numbers), and as text
    /// with row R7's (0.771675) written `0.771675e-000`, which the reader reads and the
    /// server's shape leaves out (sent last, out of order).
    static func tables(_ name: String) -> String {
        """
        DROP TABLE IF EXISTS \(name);
        CREATE TABLE \(name) AS SELECT
          'R' || i AS id,
          ((((i * 7919) % 20000) + 0.5) / 20000.0)::float8 AS score,
          CASE WHEN ((i * 104729) % 997) / 997.0 < (((i * 7919) % 20000) + 0.5) / 20000.0 THEN 1 ELSE 0 END AS label,
          (ARRAY['north', 'south', 'east'])[i % 3 + 1] AS region,
          (ARRAY[0.5, 1, 2.25, 3])[i % 4 + 1]::float8 AS weight
        FROM generate_series(1, 20000) AS i;
        DROP TABLE IF EXISTS \(name)_text;
        CREATE TABLE \(name)_text AS SELECT id, score::text AS score, label, region, weight FROM \(name);
        DROP TABLE IF EXISTS \(name)_json;
        CREATE TABLE \(name)_json AS SELECT id, to_json(score) AS score, label, region, weight FROM \(name);
        DROP TABLE IF EXISTS \(name)_name;
        CREATE TABLE \(name)_name AS SELECT id, CAST(score::text AS name) AS score, label, region, weight FROM \(name);
        DROP TABLE IF EXISTS \(name)_odd;
        CREATE TABLE \(name)_odd AS SELECT id, CASE WHEN id = 'R7' THEN score::text || 'e-000' ELSE score::text END AS score,
          label, region, weight FROM \(name);
        """
    }

    @Test func aRankedReadGivesTheFileModesReport() async throws {
        let server = try PostgresTestServer.shared.get()
        try server.psql(Self.tables("ranked"))
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try server.export("ranked", to: folder.appendingPathComponent("ranked.csv"))
        try await RankedScoresTests.expectInputsMatchFile(
            "ranked.csv", ["ranked", "ranked_text", "ranked_name", "ranked_json"].map { "'\(server.url())#\($0)'" },
            summed: Set(["ranked", "ranked_text"].map { "'\(server.url())#\($0)'" }), folder: folder, rows: 20000)
    }

    /// A negative weight in a weighted ranked read: the table is read again row by row,
    /// and the error is the file mode's, naming its row.
    @Test func aNegativeWeightIsTheFileModesError() async throws {
        let server = try PostgresTestServer.shared.get()
        try server.psql(Self.tables("ranked_negative") + "UPDATE ranked_negative SET weight = -2 WHERE id = 'R300';")
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try server.export("ranked_negative", to: folder.appendingPathComponent("negative.csv"))
        func run(_ input: String) async throws -> GateResult {
            await GateRunner.run(
                try ConfigLoader.parse(RankedScoresTests.gateConfig(input, weight: "weight"), file: "m.yml", directory: folder).gates[0])
        }
        let fileError = try #require(try await run("negative.csv").checks.first)
        let serverError = try #require(try await run("'\(server.url())#ranked_negative'").checks.first)
        #expect(fileError.outcome == .error && serverError.outcome == .error)
        #expect(fileError.message.contains("expected a weight ≥ 0, found -2"), "\(fileError.message)")
        #expect(
            serverError.message.replacingOccurrences(of: "\(postgresDisplay(url: server.url()))#ranked_negative", with: "negative.csv")
                == fileError.message)
    }

    @Test func theServerRanksNumberAndTextColumns() throws {
        let server = try PostgresTestServer.shared.get()
        try server.psql(Self.tables("ranked_read"))
        enum Read { case ranked, unfolded, rows }
        for weighted in [false, true] {
            var columns = PredictionColumns(task: .binary, label: "label", scores: .column("score"), slices: ["region"])
            columns.multiplicity = DatabaseTable.rowCountColumn
            if weighted { columns.weight = "weight" }
            let tables = [
                ("ranked_read", Read.ranked), ("ranked_read_text", .ranked), ("ranked_read_odd", .unfolded), ("ranked_read_name", .rows),
                ("ranked_read_json", .rows),
            ]
            for (name, read) in tables {
                let context = "\(name), weighted: \(weighted)"
                let table = DatabaseTable(connection: server.url(), relation: .table(name)).grouped(.ranked(score: "score"), reading: "m")
                var reader = try PostgresTableReader(table, location: SourceLocation(file: "m.yml"))
                let added = read == .rows ? ["weight", DatabaseTable.rowCountColumn] : [DatabaseTable.rowCountColumn, DatabaseTable.distinctScoresColumn]
                #expect(Array(reader.columns.suffix(2)) == added, "\(context): \(reader.columns)")
                var consumer = try RankedScoresConsumer(columns: columns, header: reader.columns, path: name)
                reader.keptColumns = consumer.columnsRead
                try consumer.consume(&reader)
                #expect((consumer.loader.labels.count == 0) == (read == .ranked), "\(context): \(consumer.loader.labels.count) rows kept")
                switch try consumer.finish() {
                case .sums(let sums):
                    #expect(read == .ranked && sums.rows == 20000 && sums.slices.count == 3, "\(context)")
                case .rows(let rows):
                    #expect(read == .rows && rows.rowCount == 20000, "\(context)")
                case .unfolded(let reason):
                    #expect(read == .unfolded && reason.contains("after"), "\(context): \(reason)")
                }
            }
        }
    }
}
