import Foundation
import Testing

@testable import MLGate

/// A regressor's metrics on a Spark table are sums the cluster computes in one statement
/// (``RegressionSumsStatement``: no row fetched), with the file mode's numbers on the
/// CSV file of the same rows: counts exactly, the rest to 1e-12 relative.
@Suite("Spark regression sums", .serialized)
struct SparkRegressionTests {
    /// 6,000 rows of ``WarehouseRegressionTests/config(_:)``'s columns, a value per row,
    /// written as Swift prints a double (the shortest text that reads back): the
    /// file mode's and Spark's `CAST(… AS DOUBLE)` read the same doubles.
    static func csv() -> String {
        var text = "target,estimate,estimate_exact,estimate_int,w,region,bucket\n"
        for i in 1...6000 {
            let spread = Double((i * 7919) % 100003) / 37
            let target = 10 + spread + Double(i) / 1000
            let estimate = spread + Double((i * 31) % 997 - 498) / 7
            let exact = (spread + Double((i * 13) % 89 - 44) / 3 * 10000).rounded() / 10000
            let bucket = i % 7 == 0 ? "" : "b\(i % 3)"
            text += "\(target),\(estimate),\(exact),\(10 + (i * 7919) % 100003 / 37),\(Double(1 + i % 5) / 4),\(["north", "south", "east", "west"][i % 4]),\(bucket)\n"
        }
        return text
    }

    @Test("typed columns: every sum computed by the cluster; text columns: read grouped; both the file mode's report")
    func sumsMatchFileMode() async throws {
        let url = try SparkTestServer.shared.get().url
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("regressed.csv")
        try Self.csv().write(to: file, atomically: true, encoding: .utf8)
        try SparkTableReaderTests.view("mlgate_regressed", of: file)
        let typed = "SELECT CAST(target AS DOUBLE) AS target, CAST(estimate AS DOUBLE) AS estimate, CAST(estimate_exact AS DOUBLE) AS estimate_exact, CAST(estimate_int AS INT) AS estimate_int, CAST(w AS DOUBLE) AS w, region, bucket FROM global_temp.mlgate_regressed"
        let run = { (input: String) in
            await GateRunner(config: try ConfigLoader.parse(WarehouseRegressionTests.config(input), file: "r.yml", directory: folder)).run()
        }
        let fromFile = try await run("regressed.csv")
        #expect(fromFile.gates.allSatisfy { gate in gate.checks.allSatisfy { $0.outcome != .error } }, "\(fromFile.gates)")
        // Typed: summed by the cluster (a weighted median too, as on PostgreSQL). Text
        // columns of more than 15 digits are no plain numbers to Spark's cast: counted as
        // refused, and the rows read grouped.
        for (input, summed) in [("{spark: '\(url)', query: '\(typed)'}", true), ("'\(url)#global_temp.mlgate_regressed'", false)] {
            let fromSpark = try await run(input)
            for (a, b) in zip(fromFile.gates, fromSpark.gates) {
                let message = b.checks.first?.message ?? ""
                let expected = summed ? "6000 rows (sums computed by the server), regression" : "distinct rows counted by the server"
                #expect(message.contains(expected), "\(input) \(b.name): \(message)")
                #expect(a.checks.map(\.name) == b.checks.map(\.name))
                SparkPushdownTests.expectSameNumbers(a, b)
            }
            // Slices judged, including the empty value of an empty bucket.
            #expect(fromSpark.gates[0].checks.contains { $0.name == "mae[bucket=]" })
        }
    }

    @Test("a weighted median's steps: the cluster's the file mode's (WarehouseRegressionTests' cases)")
    func weightedMedianStepsMatchFileMode() async throws {
        let url = try SparkTestServer.shared.get().url
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var text = "target,estimate,w,part\n"
        for (name, entries) in WarehouseRegressionTests.medianSets {
            for (error, weight) in entries { text += "\(error),0.0,\(weight),\(name)\n" }
        }
        let file = folder.appendingPathComponent("medians.csv")
        try text.write(to: file, atomically: true, encoding: .utf8)
        try SparkTableReaderTests.view("mlgate_medians", of: file)
        let typed = "SELECT CAST(target AS DOUBLE) AS target, CAST(estimate AS DOUBLE) AS estimate, CAST(w AS DOUBLE) AS w, part FROM global_temp.mlgate_medians"
        try await WarehouseRegressionTests.expectMedians(folder: folder, input: "{spark: '\(url)', query: '\(typed)'}")
    }

    @Test("the statement: each value as the file mode reads it, the median by order, slices as text")
    func statementText() throws {
        let columns = [
            SparkSQLDialect.Column(name: "y", type: .float(bits: 64)), SparkSQLDialect.Column(name: "p", type: .int(bits: 32, signed: true)),
            SparkSQLDialect.Column(name: "s", type: .utf8(large: false)), SparkSQLDialect.Column(name: "f", type: .float(bits: 32)),
        ]
        let sql = try #require(SparkSQLDialect.regressionSumsStatement(
            .table("db.t"), label: columns[0], prediction: columns[1], weight: nil, slices: [columns[2]], median: true))
        #expect(sql.contains("SELECT CASE WHEN isnan(`y`) OR abs(`y`) = CAST('Infinity' AS DOUBLE) THEN NULL ELSE `y` END AS y, CAST(`p` AS DOUBLE) AS p, CAST(1 AS DOUBLE) AS w, coalesce(`s`, '') AS mlgate_s0 FROM `db`.`t`"))
        #expect(sql.contains("CAST(NULL AS STRING)"))
        #expect(sql.components(separatedBy: " UNION ALL ").count == 2)
        // The median by order (a sort spills; `percentile` holds every distinct value):
        // over every row, and per slice value.
        #expect(!sql.contains("percentile"))
        #expect(sql.contains("row_number() OVER ( ORDER BY ae) AS mlgate_r, count(*) OVER () AS mlgate_n"))
        #expect(sql.contains("row_number() OVER (PARTITION BY mlgate_s0 ORDER BY ae) AS mlgate_r, count(*) OVER (PARTITION BY mlgate_s0) AS mlgate_n"))
        #expect(sql.contains("WHERE mlgate_r = floor((mlgate_n + 1) / 2) OR mlgate_r = floor(mlgate_n / 2) + 1"))
        #expect(sql.contains("LEFT JOIN (SELECT mlgate_key, avg(ae) AS m FROM"))
        // A weighted median: each set's errors ordered with their running weight.
        let weighted = try #require(SparkSQLDialect.regressionSumsStatement(
            .table("db.t"), label: columns[0], prediction: columns[1], weight: columns[0], slices: [columns[2]], median: true))
        #expect(weighted.contains("sum(w) OVER (PARTITION BY mlgate_key ORDER BY ae, w ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS mlgate_cw"))
        #expect(weighted.contains("CASE WHEN t IS NULL OR NOT (t > 0) THEN CAST('NaN' AS DOUBLE)"))
        #expect(weighted.contains("sum(w) OVER (PARTITION BY mlgate_key ORDER BY ae, w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS mlgate_t"))
        #expect(!weighted.contains("count(*) OVER"))
        // A 32-bit float is not read exactly by a cast; a double slice's text is not Spark's.
        #expect(SparkSQLDialect.regressionSumsStatement(.table("t"), label: columns[3], prediction: columns[1], weight: nil, slices: [], median: false) == nil)
        #expect(SparkSQLDialect.regressionSumsStatement(.table("t"), label: columns[0], prediction: columns[1], weight: nil, slices: [columns[0]], median: false) == nil)
    }

    @Test("a regressor and its champion on the cluster: each one's sums computed there, the bootstrap drawn from one read of the joined rows")
    func pairedWithItsChampion() async throws {
        let url = try SparkTestServer.shared.get().url
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var candidate = "id,target,estimate,w,region\n", champion = "id,target,estimate,w\n"
        var championRows: [String] = []
        for i in 1...2000 {
            let target = Double(i % 200 + 1) / 4
            let estimate = ((target + Double((i * 31) % 21 - 10) / 8) * 10).rounded() / 10
            let other = target + Double((i * 17) % 9 - 4) / 4
            let weight = Double(1 + i % 3) / 2
            candidate += "r\(i),\(target),\(estimate),\(weight),\(["north", "south", "east", "west"][i % 4])\n"
            championRows.append("r\(i),\(target),\(other),\(weight)\n")
        }
        champion += championRows.reversed().joined()
        try SparkTableReaderTests.view("mlgate_reg_candidate", writing: candidate, to: "candidate.csv", in: folder)
        try SparkTableReaderTests.view("mlgate_reg_champion", writing: champion, to: "champion.csv", in: folder)
        func config(_ candidate: String, _ champion: String) -> String {
            "version: 1\ngates:\n  - name: paired\n    kind: model\n    predictions: \(candidate)\n    baseline: {predictions: \(champion)}\n"
                + "    id: id\n    task: regression\n    label: target\n    prediction: estimate\n    weight: w\n    slices: [region]\n"
                + "    bootstrap: {resamples: 100, seed: 3}\n"
                + "    metrics: [{metric: rmse, max: 100, max_drop: 1, confidence: 0.9}, {metric: r2, min: -10, max_drop: 1, confidence: 0.8}, {metric: max_error, max: 100, max_drop: 10, confidence: 0.9}, {metric: mae, max: 100, max_drop: 1}, {metric: median_absolute_error, max: 100, max_drop: 1, confidence: 0.9}]\n"
        }
        func typed(_ view: String, _ slice: String) -> String {
            "{spark: '\(url)', query: 'SELECT id, CAST(target AS DOUBLE) AS target, CAST(estimate AS DOUBLE) AS estimate, CAST(w AS DOUBLE) AS w\(slice) FROM global_temp.\(view)'}"
        }
        let fromFile = await GateRunner(config: try ConfigLoader.parse(config("candidate.csv", "champion.csv"), file: "r.yml", directory: folder)).run()
        let fromSpark = await GateRunner(
            config: try ConfigLoader.parse(config(typed("mlgate_reg_candidate", ", region"), typed("mlgate_reg_champion", "")), file: "r.yml", directory: folder)
        ).run()
        let gate = try #require(fromSpark.gates.first)
        #expect(gate.checks[0].message.hasSuffix(": 2000 rows (sums computed by the server), regression"), "\(gate.checks[0].message)")
        #expect(gate.checks[1].message.hasSuffix(": 2000 rows, paired by 'id' (joined by the server, sums computed by it)"), "\(gate.checks[1].message)")
        // Four metrics with a confidence (the median's drawn from reads in each model's
        // errors' order), overall and in four regions: each its interval.
        #expect(gate.checks.filter { $0.measurements.contains { $0.name == "drop_ci_low" } }.count == 20, "\(gate.checks.map(\.message))")
        SparkPushdownTests.expectSameNumbers(try #require(fromFile.gates.first), gate)
    }
}
