import Foundation
import Testing

@testable import MLGate

/// A regressor's metrics on a database table are sums the server computes in one
/// aggregate statement (``RegressionPushdown``): the report's numbers are the file mode's
/// on the same rows (counts exactly, the rest to 1e-12 relative), with no rows sent.
@Suite(.serialized) struct WarehouseRegressionTests {
    /// 30,000 rows with a value per row: a double target, a `real` estimate (read through
    /// its text), a `numeric` estimate, an integer estimate, a weight, and two slice
    /// columns, one with NULLs (the empty slice value).
    static let table = """
        DROP TABLE IF EXISTS regressed;
        CREATE TABLE regressed AS SELECT
          10 + ((i * 7919) % 100003) / 37.0 + i / 1000.0 AS target,
          (((i * 7919) % 100003) / 37.0 + ((i * 31) % 997 - 498) / 7.0)::real AS estimate,
          round((((i * 7919) % 100003) / 37.0 + ((i * 13) % 89 - 44) / 3.0)::numeric, 4) AS estimate_exact,
          (10 + ((i * 7919) % 100003) / 37)::integer AS estimate_int,
          ((1 + i % 5) / 4.0)::float8 AS w,
          (ARRAY['north', 'south', 'east', 'west'])[i % 4 + 1] AS region,
          CASE WHEN i % 7 = 0 THEN NULL ELSE 'b' || (i % 3) END AS bucket
        FROM generate_series(1, 30000) AS i
        """

    static func config(_ input: String) -> String {
        let every = "[{metric: mae, max: 1000}, {metric: mse, max: 100000}, {metric: rmse, max: 1000}, {metric: r2, min: -10}, {metric: mape, max: 100}, {metric: median_absolute_error, max: 1000}, {metric: max_error, max: 10000}, {metric: explained_variance, min: -10}]"
        let weighted = "[{metric: mae, max: 1000}, {metric: mse, max: 100000}, {metric: rmse, max: 1000}, {metric: r2, min: -10}, {metric: mape, max: 100}, {metric: max_error, max: 10000}, {metric: explained_variance, min: 0.999}]"
        // One gate in block style: the lines below `predictions` do not move with the input's length.
        func gate(_ name: String, label: String, prediction: String, _ extra: String = "", metrics: String) -> String {
            "  - name: \(name)\n    kind: model\n    predictions: \(input)\n    task: regression\n    label: \(label)\n    prediction: \(prediction)\n\(extra)    metrics: \(metrics)\n"
        }
        return "version: 1\ngates:\n"
            + gate("real", label: "target", prediction: "estimate", "    slices: [region, bucket]\n    min_slice_size: 5000\n", metrics: every)
            + gate("numeric", label: "target", prediction: "estimate_exact", metrics: every)
            + gate("integer", label: "estimate_int", prediction: "target", "    slices: [bucket]\n", metrics: every)
            + gate("weighted", label: "target", prediction: "estimate", "    weight: w\n    slices: [region]\n", metrics: weighted)
            + gate("weighted-median", label: "target", prediction: "estimate", "    weight: w\n    slices: [region]\n", metrics: "[{metric: median_absolute_error, max: 1000}]")
    }

    @Test func regressionSumsMatchFileMode() async throws {
        try await Self.expectSumsMatchFileMode(dialect: nil)
    }

    /// The form without grouping sets that Citus and Redshift are sent
    /// (``RegressionSumsStatement``), run on PostgreSQL as `dialect: citus`: the same
    /// report, medians (weighted or not) included.
    @Test func portableSumsMatchFileMode() async throws {
        try await Self.expectSumsMatchFileMode(dialect: "citus")
    }

    /// The `regressed` table's report from the server (as `dialect` when given) against
    /// the file mode's on its CSV export.
    static func expectSumsMatchFileMode(dialect: String?) async throws {
        let server = try PostgresTestServer.shared.get()
        try server.psql(Self.table)
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = try server.psql("COPY regressed TO STDOUT WITH (FORMAT csv, HEADER true)")
        try csv.write(to: folder.appendingPathComponent("regressed.csv"), atomically: true, encoding: .utf8)
        let url = server.url()
        let input = dialect.map { "{database: '\(url)', table: regressed, dialect: \($0)}" } ?? "'\(url)#regressed'"
        let fromFile = await GateRunner(config: try ConfigLoader.parse(Self.config("regressed.csv"), file: "r.yml", directory: folder))
            .run().withFixedTimes()
        let fromServer = await GateRunner(config: try ConfigLoader.parse(Self.config(input), file: "r.yml", directory: folder))
            .run().withFixedTimes()
        #expect(fromFile.gates.allSatisfy { gate in gate.checks.allSatisfy { $0.outcome != .error } }, "\(fromFile.gates)")
        for gate in fromServer.gates {
            let input = try #require(gate.checks.first)
            // A median, weighted (scikit-learn's weighted percentile) or not, is computed by
            // the server too, in either form.
            #expect(input.message.contains("30000 rows (sums computed by the server), regression"), "\(gate.name): \(input.message)")
        }
        // Slices judged and reported, including the empty value of a NULL bucket.
        #expect(fromServer.gates[0].checks.contains { $0.name == "mae[bucket=]" })
        let display = postgresDisplay(url: url)
        var serverText = String(decoding: try JSONRenderer().render(fromServer), as: UTF8.self)
        serverText = serverText.replacingOccurrences(of: "\(display)#regressed", with: "regressed.csv")
        serverText = serverText.replacing(/\ \((\d+ distinct rows counted|sums computed) by the server\)/, with: "")
        var compared = 0
        expectSameNumbers(
            try JSONSerialization.jsonObject(with: try JSONRenderer().render(fromFile)), try JSONSerialization.jsonObject(with: Data(serverText.utf8)),
            path: "report", compared: &compared)
        #expect(compared > 200, "\(compared) numbers compared")
    }

    /// The weighted median's cases (``weightedMedianStepsMatchFileMode()``), a slice value
    /// each: (absolute error, weight) rows, the estimate 0 and the target the error.
    static let medianSets: [(String, [(Double, Double)])] = [
        ("inside", [(1, 1), (2, 3), (3, 1)]),
        ("onstep", [(1, 1), (2, 1), (3, 1), (4, 1)]),
        ("zeronext", [(1, 1), (2, 1), (2.5, 0), (2.75, 0), (3, 1), (4, 1)]),
        ("lastrow", [(1, 0), (5, 2)]),
        ("ties", [(1, 0.5), (2, 0.25), (2, 0.25), (7, 1)]),
    ]

    /// Their medians, worked by hand from scikit-learn's definition.
    static let medianExpected: [String: Double] = [
        "median_absolute_error[part=inside]": 2, "median_absolute_error[part=onstep]": 2.5,
        "median_absolute_error[part=zeronext]": 2.5, "median_absolute_error[part=lastrow]": 5,
        "median_absolute_error[part=ties]": 4.5,
    ]

    /// A gate reporting the weighted median of `input`'s `medianSets` rows, per slice value.
    static func medianGate(_ input: String) -> String {
        "version: 1\ngates:\n  - {name: m, kind: model, predictions: \(input), task: regression, label: target, prediction: estimate, weight: w, slices: [part], min_slice_size: 1, metrics: [{metric: median_absolute_error, max: 100}]}\n"
    }

    /// The weighted median's steps (``RegressionSumsStatement``), each against the file
    /// mode on the same rows: half the total weight inside a row's weight (that row's
    /// error), exactly at a running weight (the mean with the next row's error), the next
    /// row weighing 0 (the mean with the first row past it that weighs something), the
    /// last row reached; per slice value as over every row.
    @Test func weightedMedianStepsMatchFileMode() async throws {
        let server = try PostgresTestServer.shared.get()
        var rows: [String] = []
        for (name, entries) in Self.medianSets {
            for (error, weight) in entries { rows.append("(\(error), 0, \(weight), '\(name)')") }
        }
        try server.psql(
            "DROP TABLE IF EXISTS medians; CREATE TABLE medians (target float8, estimate float8, w float8, part text); INSERT INTO medians VALUES \(rows.joined(separator: ", "))")
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = try server.psql("COPY medians TO STDOUT WITH (FORMAT csv, HEADER true)")
        try csv.write(to: folder.appendingPathComponent("medians.csv"), atomically: true, encoding: .utf8)
        try await Self.expectMedians(folder: folder, input: "'\(server.url())#medians'")
    }

    /// Runs ``medianGate(_:)`` on `folder`'s `medians.csv` and on the server's `input`:
    /// the server computes the medians, and both are the hand-worked ones.
    static func expectMedians(folder: URL, input: String) async throws {
        let fromFile = await GateRunner.run(try ConfigLoader.parse(medianGate("medians.csv"), file: "m.yml", directory: folder).gates[0])
        let fromServer = await GateRunner.run(try ConfigLoader.parse(medianGate(input), file: "m.yml", directory: folder).gates[0])
        #expect(fromServer.checks.first?.message.contains("sums computed by the server") == true, "\(fromServer.checks.first?.message ?? "")")
        let values = { (result: GateResult) in
            Dictionary(uniqueKeysWithValues: result.checks.compactMap { check in check.measurements.first.map { (check.name, $0.value) } })
        }
        for (name, value) in medianExpected {
            #expect(values(fromFile)[name] == value, "file mode \(name)")
            #expect(values(fromServer)[name] == value, "server \(name)")
        }
        #expect(values(fromServer) == values(fromFile))
    }

    /// A value the file mode refuses (here a NaN estimate) is not summed: the rows are
    /// read grouped, and the error is the file mode's, naming its row (in both forms).
    @Test(arguments: [String?.none, "citus"]) func aNonFiniteValueIsTheFileModesError(dialect: String?) async throws {
        let server = try PostgresTestServer.shared.get()
        try server.psql(
            "DROP TABLE IF EXISTS regressed_nan; CREATE TABLE regressed_nan AS SELECT i::float8 AS target, CASE WHEN i = 40 THEN 'NaN' ELSE i + 0.5 END::float8 AS estimate FROM generate_series(1, 100) AS i")
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = try server.psql("COPY regressed_nan TO STDOUT WITH (FORMAT csv, HEADER true)")
        try csv.write(to: folder.appendingPathComponent("nan.csv"), atomically: true, encoding: .utf8)
        func gate(_ input: String) -> String {
            "version: 1\ngates:\n  - {name: m, kind: model, predictions: \(input), task: regression, label: target, prediction: estimate, metrics: [{metric: mae, max: 1}]}\n"
        }
        let fromFile = await GateRunner.run(try ConfigLoader.parse(gate("nan.csv"), file: "m.yml", directory: folder).gates[0])
        let input = dialect.map { "{database: '\(server.url())', table: regressed_nan, dialect: \($0)}" } ?? "'\(server.url())#regressed_nan'"
        let fromServer = await GateRunner.run(try ConfigLoader.parse(gate(input), file: "m.yml", directory: folder).gates[0])
        let fileError = try #require(fromFile.checks.first), serverError = try #require(fromServer.checks.first)
        #expect(fileError.outcome == .error && fileError.message.contains("row 41"), "\(fileError.message)")
        #expect(serverError.message.replacingOccurrences(of: "\(postgresDisplay(url: server.url()))#regressed_nan", with: "nan.csv") == fileError.message)
    }

    /// The statement: the values as doubles (`real` through its text), one scan with the
    /// means as windows, one grouping set per slice.
    @Test func statementText() throws {
        let dialect = PostgreSQLDialect()
        let columns = [
            PostgresConnection.Column(name: "y", typeOID: 701), PostgresConnection.Column(name: "p", typeOID: 700),
            PostgresConnection.Column(name: "s", typeOID: 25), PostgresConnection.Column(name: "t", typeOID: 25),
        ]
        // A text label: the double its text spells in a plain decimal's shape, else NULL (refused); a json one, none.
        let text = try #require(
            dialect.regressionSumsStatement(.table("t"), label: columns[2], prediction: columns[1], weight: nil, slices: [], median: true))
        #expect(text.contains("SELECT \(dialect.decimalDouble("\"s\"")) AS y, "))
        #expect(text.contains("count(*) FILTER (WHERE y IS NULL OR "))
        let json = PostgresConnection.Column(name: "j", typeOID: 114)
        #expect(dialect.regressionSumsStatement(.table("t"), label: json, prediction: columns[1], weight: nil, slices: [], median: true) == nil)
        let sql = try #require(
            dialect.regressionSumsStatement(.table("t"), label: columns[0], prediction: columns[1], weight: nil, slices: [columns[2]], median: true))
        #expect(sql.hasPrefix("SELECT CASE WHEN GROUPING(mlgate_s0) = 0 THEN 0 ELSE -1 END, mlgate_s0, count(*), sum(w), sum(w * ae)"))
        #expect(sql.contains("SELECT \"y\"::float8 AS y, (\"p\"::text)::float8 AS p, 1::float8 AS w, coalesce((\"s\")::text, '') AS mlgate_s0 FROM \"t\""))
        #expect(sql.contains("percentile_cont(0.5) WITHIN GROUP (ORDER BY ae)"))
        #expect(sql.hasSuffix("GROUP BY GROUPING SETS ((), (mlgate_s0))"))

        // Citus and Redshift: one aggregate per set joined to its means; a median from
        // each set's errors numbered in order (windows), a server that refuses them read.
        let median = try #require(
            dialect.regressionSumsStatement(.table("t"), label: columns[0], prediction: columns[1], weight: nil, slices: [], median: true, engine: .citus))
        #expect(!median.contains("GROUPING") && median.contains("row_number() OVER ( ORDER BY ae) AS mlgate_r"))
        #expect(RegressionPushdown.refusesMedian(PostgresError(.server, "window", sqlState: "0A000")))
        #expect(!RegressionPushdown.refusesMedian(PostgresError(.server, "timeout", sqlState: "57014")))
        let portable = try #require(
            dialect.regressionSumsStatement(.table("t"), label: columns[0], prediction: columns[1], weight: nil, slices: [columns[2], columns[3]], median: false, engine: .redshift))
        #expect(!portable.contains("GROUPING") && !portable.contains("OVER"))
        #expect(portable.components(separatedBy: " UNION ALL ").count == 3)
        #expect(portable.hasPrefix("SELECT -1, CAST(NULL AS text), CAST(NULL AS text), count(*), sum(w)"))
        #expect(portable.contains("SELECT 1, CAST(NULL AS text), mlgate_errors.mlgate_s1, count(*)"))
        #expect(portable.hasSuffix("ON mlgate_errors.mlgate_s1 = mlgate_means.mlgate_key GROUP BY mlgate_errors.mlgate_s1"))

        // A weighted median of a join (a champion paired on the server): the join
        // evaluated once for the statement's many reads of it, on PostgreSQL only.
        let weight = PostgresConnection.Column(name: "w", typeOID: 701)
        let weighted = { (engine: WarehouseDialect, shared: Bool) in
            dialect.regressionSumsStatement(
                .table("t"), label: columns[0], prediction: columns[1], weight: weight, slices: [columns[2]], median: true, engine: engine,
                shared: shared) ?? ""
        }
        let once = weighted(.postgresql, true)
        #expect(once.hasPrefix("WITH mlgate_shared AS MATERIALIZED (SELECT \"y\"::float8 AS y, (\"p\"::text)::float8 AS p, \"w\"::float8 AS w, coalesce((\"s\")::text, '') AS mlgate_s0 FROM \"t\") SELECT -1"))
        #expect(once.components(separatedBy: "FROM \"t\"").count == 2 && once.contains("FROM (SELECT * FROM mlgate_shared) AS mlgate_values"))
        #expect(weighted(.postgresql, false).contains("MATERIALIZED") == false)
        #expect(weighted(.citus, true).contains("MATERIALIZED") == false)
        #expect(weighted(.redshift, true).contains("MATERIALIZED") == false)
    }
}
