import Foundation
import Testing

@testable import MLGate

/// A data gate's dataset checks on a Spark table are computed by the cluster (one
/// aggregate statement, and one of `percentile_disc` order statistics for quantiles; no
/// rows fetched) with the file mode's numbers on the CSV file of the same rows: counts
/// and quantiles exactly, statistics to 1e-12 relative.
@Suite("Spark pushdown", .serialized)
struct SparkPushdownTests {
    static func url() throws -> String { try SparkTestServer.shared.get().url }

    /// The rows of `relation` as a streamed read gives them, as a CSV file.
    static func streamedCSV(_ relation: DatabaseTable.Relation) throws -> String {
        var reader = try SparkTable(connection: try url(), relation: relation).reader(location: SourceLocation(file: "test"))
        let rows = try SparkTableReaderTests.cells(&reader)
        return csv(rows.map { $0.map { $0 ?? "" } }, header: reader.columns)
    }

    /// Rows as a CSV file with a header row, quoted where a cell needs it.
    static func csv(_ rows: [[String]], header: [String]) -> String {
        func quoted(_ cell: String) -> String {
            cell.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
        }
        return ([header] + rows).map { $0.map(quoted).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// The gate run on `csv` as a file and on `relation` in Spark.
    static func runBoth(_ checks: String, csv: String, relation: String) async throws -> (file: GateResult, spark: GateResult) {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try csv.write(to: folder.appendingPathComponent("rows.csv"), atomically: true, encoding: .utf8)
        let gate = { (input: String) in "version: 1\ngates:\n  - name: typed\n    kind: data\n    input: \(input)\n\(checks)\n" }
        let file = await GateRunner.run(try ConfigLoader.parse(gate("rows.csv"), file: "file.yml", directory: folder).gates[0])
        let spark = await GateRunner.run(try ConfigLoader.parse(gate(relation), file: "spark.yml", directory: folder).gates[0])
        return (file, spark)
    }

    static func expectSameNumbers(_ file: GateResult, _ spark: GateResult) {
        #expect(file.checks.count == spark.checks.count)
        for (a, b) in zip(file.checks.dropFirst(), spark.checks.dropFirst()) {
            #expect(a.name == b.name)
            #expect(a.outcome == b.outcome, "\(a.name): \(a.message) / \(b.message)")
            #expect(a.measurements.map(\.name) == b.measurements.map(\.name), "\(a.name)")
            for (x, y) in zip(a.measurements, b.measurements) {
                let scale = max(abs(x.value), abs(y.value), 1)
                #expect(abs(x.value - y.value) <= 1e-12 * scale, "\(a.name) \(x.name): file \(x.value), Spark \(y.value)")
                // Counts and quantiles (order statistics interpolated as numpy does) are exact.
                if a.check == "column_quantile" || x.name == "count" || x.name == "rows" { #expect(x.value == y.value, "\(a.name) \(x.name)") }
            }
        }
    }

    @Test("typed and text columns: every check pushed down, the file mode's numbers")
    func typedAndText() async throws {
        let csv = Fixtures.repositoryRoot.appendingPathComponent("Examples/loans/loans.csv")
        try SparkTableReaderTests.view("mlgate_pd_loans", of: csv)
        let text = try String(contentsOf: csv, encoding: .utf8)
        let url = try Self.url()
        let typed = "SELECT application_id, CAST(age AS INT) AS age, CAST(income AS DOUBLE) AS income, CAST(credit_score AS BIGINT) AS credit_score, region FROM global_temp.mlgate_pd_loans"
        for relation in ["'\(url)#global_temp.mlgate_pd_loans'", "{spark: '\(url)', query: '\(typed)'}"] {
            let (file, spark) = try await Self.runBoth(WarehousePushdownTests.checks, csv: text, relation: relation)
            let input = try #require(spark.checks.first?.message)
            #expect(input.contains("(Spark; pushed down: aggregates computed by the cluster, no rows fetched;"), "\(input)")
            Self.expectSameNumbers(file, spark)
        }
    }

    @Test("NaN is an empty cell, several partitions, quantiles at every rank")
    func doublesAcrossPartitions() async throws {
        let query = "SELECT IF(id % 7 = 0, CAST('NaN' AS DOUBLE), IF(id % 11 = 0, NULL, id / 3.0D - 400)) AS x, CAST(id % 13 AS SMALLINT) AS k, IF(id % 5 = 0, '', CAST(id % 17 AS STRING)) AS t FROM range(0, 3001, 1, 3)"
        var checks = "    checks:\n      - check: missing_fraction\n        column: x\n        max: 1\n      - check: distinct_count\n        column: x\n        min: 0\n"
        checks += "      - check: column_std\n        column: x\n        min: 0\n      - check: column_mean\n        column: t\n        min: 0\n"
        checks += "      - check: column_sum\n        column: x\n        min: -1000000000\n      - check: column_sum\n        name: sum-k\n        column: k\n        min: 0\n"
        for (index, q) in [0, 0.1, 0.25, 1.0 / 3, 0.5, 0.9, 0.999, 1].enumerated() {
            checks += "      - check: column_quantile\n        name: q\(index)\n        column: \(index % 2 == 0 ? "x" : "k")\n        quantile: \(q)\n        min: -1000\n"
            checks += "      - check: column_quantile\n        name: t\(index)\n        column: t\n        quantile: \(q)\n        min: -1000\n"
        }
        let (file, spark) = try await Self.runBoth(checks, csv: try Self.streamedCSV(.query(query)), relation: "{spark: '\(try Self.url())', query: \"\(query)\"}")
        #expect(spark.checks.first?.message.contains("pushed down") == true, "\(spark.checks.first?.message ?? "")")
        Self.expectSameNumbers(file, spark)
    }

    @Test("a text column the file mode reads otherwise (1e3, +5) streams: same numbers")
    func oddNumbersStream() async throws {
        let query = "SELECT CASE WHEN id = 3 THEN '1e3' WHEN id = 4 THEN '+5' ELSE CAST(id AS STRING) END AS v FROM range(0, 50)"
        let checks = "    checks:\n      - check: column_mean\n        column: v\n        min: 0\n"
        let (file, spark) = try await Self.runBoth(checks, csv: try Self.streamedCSV(.query(query)), relation: "{spark: '\(try Self.url())', query: \"\(query)\"}")
        #expect(spark.checks.first?.message.hasSuffix("(Spark)") == true, "\(spark.checks.first?.message ?? "")")
        Self.expectSameNumbers(file, spark)
    }
}
