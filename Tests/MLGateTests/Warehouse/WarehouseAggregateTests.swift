import Foundation
import Testing

@testable import MLGate

/// The model (classifiers and regressors), fairness and drift gates on a database table: the server groups the rows by the
/// columns a gate reads and sends each distinct row once with its count (per-distinct-score
/// positive and negative counts, each group's confusion counts), and the JSON report's
/// numbers are the file mode's on the same rows (counts exactly, the rest to 1e-12
/// relative), with a small fraction of the table's bytes moved.
@Suite struct WarehouseAggregateTests {
    /// 20,000 rows: a binary score with three decimals (1000 distinct scores), a weight,
    /// three class probabilities with two decimals, a regression target and estimate,
    /// two sensitive columns, and an id that makes every row distinct.
    static let table = """
        DROP TABLE IF EXISTS scored;
        CREATE TABLE scored AS SELECT
          'R' || i AS id,
          round(((i * 7919) % 1000) / 1000.0, 3)::float8 AS score,
          CASE WHEN ((i * 104729) % 997) / 997.0 < round(((i * 7919) % 1000) / 1000.0, 3) THEN 1 ELSE 0 END AS label,
          (ARRAY['north', 'south', 'east', 'west'])[i % 4 + 1] AS region,
          CASE WHEN i % 3 = 0 THEN 'F' ELSE 'M' END AS sex,
          ((1 + i % 3) / 2.0)::float8 AS w,
          (ARRAY['a', 'b', 'c'])[(i * 13) % 3 + 1] AS cls,
          ((i % 50) / 100.0)::numeric(4, 2) AS p_a,
          (((i * 7) % 50) / 100.0)::numeric(4, 2) AS p_b,
          (1 - (i % 50) / 100.0 - ((i * 7) % 50) / 100.0)::numeric(4, 2) AS p_c,
          ((i % 200 + 1) / 4.0)::float8 AS target,
          ((i % 200 + 1) / 4.0 + ((i * 31) % 21 - 10) / 8.0)::float8 AS estimate
        FROM generate_series(1, 20000) AS i
        """

    /// Every gate kind that reads predictions, each with every check of its kind it can
    /// take, and drift between the table and a query on it (`current`).
    static func config(_ input: String, current: String, champion: String = "champion.csv") -> String {
        """
        version: 1
        gates:
          - name: drift
            kind: drift
            reference: \(input)
            current: \(current)
            exclude: [id]
            drift_share: 0.9
          - name: drift-methods
            kind: drift
            reference: \(input)
            current: \(current)
            columns: [{name: score, method: wasserstein}, {name: target, method: psi}, {name: estimate, method: ks}, {name: p_a, method: jensenshannon},
              {name: region, method: chisquare}, {name: cls, method: jensenshannon}, {name: sex, method: psi}, {name: w, method: ks}]
            drift_share: 0.9
          - name: binary
            kind: model
            predictions: \(input)
            task: binary
            label: label
            score: score
            id: id
            slices: [region]
            min_slice_size: 100
            metrics: [{metric: roc_auc, min: 0.5}, {metric: average_precision, min: 0.1}, {metric: log_loss, max: 5}, {metric: brier_score, max: 1},
              {metric: accuracy, min: 0.1}, {metric: balanced_accuracy, min: 0.1}, {metric: precision, min: 0.1}, {metric: recall, min: 0.1},
              {metric: f1, min: 0.1}, {metric: matthews_corrcoef, min: -1}, {metric: cohen_kappa, min: -1}, {metric: specificity, min: 0},
              {metric: fpr, max: 1}, {metric: fnr, max: 1}]
          - name: paired
            kind: model
            baseline: {predictions: \(champion)}
            predictions: \(input)
            id: id
            task: binary
            label: label
            score: score
            bootstrap: {resamples: 200, seed: 4}
            metrics: [{metric: roc_auc, min: 0.5, max_drop: 0.01, confidence: 0.9}, {metric: log_loss, max: 5, max_drop: 0.1, confidence: 0.8},
              {metric: accuracy, min: 0.1, max_drop: 0.01, confidence: 0.95}]
          - name: weighted
            kind: model
            predictions: \(input)
            task: binary
            label: label
            score: score
            weight: w
            threshold: 0.3
            metrics: [{metric: roc_auc, min: 0.5}, {metric: average_precision, min: 0.1}, {metric: log_loss, max: 5}, {metric: f1, min: 0.1}]
          - name: regression
            kind: model
            predictions: \(input)
            task: regression
            label: target
            prediction: estimate
            slices: [region]
            min_slice_size: 100
            metrics: [{metric: mae, max: 100}, {metric: mse, max: 1000}, {metric: rmse, max: 100}, {metric: r2, min: -10},
              {metric: mape, max: 100}, {metric: median_absolute_error, max: 100}, {metric: max_error, max: 100}, {metric: explained_variance, min: -10}]
          - name: multiclass
            kind: model
            predictions: \(input)
            task: multiclass
            label: cls
            score: {prefix: p_}
            metrics: [{metric: accuracy, min: 0}, {metric: f1_macro, min: 0}, {metric: precision_weighted, min: 0}, {metric: recall_micro, min: 0},
              {metric: roc_auc_ovr, min: 0}, {metric: roc_auc_ovo_weighted, min: 0}, {metric: average_precision_macro, min: 0}, {metric: average_precision_micro, min: 0},
              {metric: log_loss, max: 10}, {metric: brier_score, max: 2}, {metric: top_k_accuracy, min: 0}, {metric: cohen_kappa, min: -1}]
          - name: fairness
            kind: fairness
            predictions: \(input)
            task: binary
            label: label
            score: score
            sensitive: [sex, region]
            min_group_size: 50
            reference: {sex: M, region: north}
            confidence: 0.9
            bootstrap: {resamples: 200, seed: 6}
            checks: [{check: demographic_parity_difference, max: 1}, {check: demographic_parity_ratio, min: 0}, {check: equalized_odds_difference, max: 1}, {check: equal_opportunity_difference, max: 1},
              {check: disparate_impact, min: 0, max: 100}, {check: group_difference, metric: accuracy, max: 1}]
          - name: fairness-regression
            kind: fairness
            predictions: \(input)
            task: regression
            label: target
            prediction: estimate
            sensitive: [region]
            min_group_size: 50
            checks: [{check: group_difference, metric: mean_prediction, max: 100}, {check: group_difference, name: mae-difference, metric: mean_absolute_error, max: 100}]

        """
    }

    /// The champion's predictions (table `champion_scored`): other scores of the same
    /// rows, in another order.
    static let championQuery = "SELECT id, label, round((score * 0.7 + ((i_seq * 31) % 100) / 400.0)::numeric, 3)::float8 AS score FROM (SELECT *, row_number() OVER () AS i_seq FROM scored) AS s ORDER BY md5(id)"

    /// The current rows of the drift gates: a third of the table, shifted.
    static let currentQuery = "SELECT id, score * 0.9 AS score, label, region, sex, w, cls, p_a, p_b, p_c, target + 1 AS target, estimate FROM scored WHERE sex = 'F' OR region = 'east'"

    /// The table on the server (named `name`: suites running beside each other keep
    /// tables of their own), and its rows and the current query's as CSV files
    /// (`scored.csv`, `current.csv`, exported by the server).
    static func prepare(_ server: PostgresTestServer, as name: String = "scored") throws -> URL {
        try server.psql(table.replacingOccurrences(of: "scored", with: name))
        let folder = try Fixtures.temporaryDirectory()
        try server.export(name, to: folder.appendingPathComponent("scored.csv"))
        try server.export("(\(currentQuery.replacingOccurrences(of: "scored", with: name)))", to: folder.appendingPathComponent("current.csv"))
        try server.psql(
            "DROP TABLE IF EXISTS champion_\(name); CREATE TABLE champion_\(name) AS \(championQuery.replacingOccurrences(of: "scored", with: name))")
        try server.export("champion_\(name)", to: folder.appendingPathComponent("champion.csv"))
        return folder
    }

    @Test func modelAndFairnessGatesMatchFileMode() async throws {
        let server = try PostgresTestServer.shared.get()
        let folder = try Self.prepare(server)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = server.url()
        let fileConfig = try ConfigLoader.parse(
            Self.config("scored.csv", current: "current.csv", champion: "champion.csv"), file: "file.yml", directory: folder)
        let dbConfig = try ConfigLoader.parse(
            Self.config(
                "'\(url)#scored'", current: "{database: '\(url)', query: \"\(Self.currentQuery)\"}",
                champion: "'\(url)#champion_scored'"),
            file: "file.yml", directory: folder)
        let fromFile = await GateRunner(config: fileConfig).run().withFixedTimes()
        let fromServer = await GateRunner(config: dbConfig).run().withFixedTimes()
        #expect(fromFile.gates.allSatisfy { gate in gate.checks.allSatisfy { $0.outcome != .error } }, "\(fromFile.gates)")

        // Each gate was computed from grouped rows: far fewer than the table's 20,000.
        for gate in fromServer.gates where gate.kind != .drift {
            let input = try #require(gate.checks.first)
            // A regressor's metrics are sums the server computes: no rows are sent.
            guard gate.name != "regression" else {
                #expect(input.message.contains(": 20000 rows (sums computed by the server), regression"), "\(input.message)")
                continue
            }
            // So are a binary model's with a score column (its ranking on the server).
            guard !["binary", "weighted"].contains(gate.name) else {
                #expect(input.message.contains(": 20000 rows (sums computed by the server), binary"), "\(input.message)")
                continue
            }
            // A champion's predictions were joined with the rows by id on the server,
            // the joined rows grouped by both models' columns and read in each model's
            // score order (a binary model with a score column).
            if gate.name == "paired" {
                let baseline = try #require(gate.checks.dropFirst().first)
                #expect(baseline.message.hasSuffix(": 20000 rows, paired by 'id' (joined by the server, read in each model's score order)"), "\(baseline.message)")
            }
            let match = input.message.firstMatch(of: /: 20000 rows \((\d+) distinct rows counted by the server\)/)
            #expect(match != nil, "\(gate.name): \(input.message)")
            if let match, let distinct = Int(match.1) {
                let most = ["fairness-regression": 20000, "paired": 20000][gate.name] ?? 6000
                #expect(distinct <= most, "\(gate.name): \(distinct) distinct rows")
            }
        }

        // The JSON reports are the same: every string once the input is renamed, counts
        // exactly, every other number to 1e-12 relative.
        // Drift's values were counted by the server: a few thousand per table, not 20,000 rows of 12 columns.
        for gate in fromServer.gates where gate.kind == .drift {
            let input = try #require(gate.checks.first)
            let counts = input.message.matches(of: /\((\d+) values counted by the server\)/).compactMap { Int($0.1) }
            #expect(counts.count == 2, "\(gate.name): \(input.message)")
            #expect(counts.allSatisfy { $0 < 20000 }, "\(gate.name): \(input.message)")
            // The continuous columns were summarized by the server (a row each; `psi` and
            // `jensenshannon` in reference-quantile bins); the integers, the texts and the
            // columns whose test takes their values counted.
            let summarized = gate.name == "drift" ? "score, p_a, p_b, p_c, target, estimate" : "score, target, estimate, p_a"
            #expect(input.message.contains("compared (\(summarized) summarized by the server)"), "\(gate.name): \(input.message)")
        }

        // The bootstraps ran: every paired check and fairness check has its interval
        // (both gates' rows grouped by the server).
        for gate in fromServer.gates where ["paired", "fairness"].contains(gate.name) {
            let name = gate.name == "paired" ? "drop_ci_low" : "ci_low"
            let judged = gate.checks.filter { $0.name != "input" && $0.name != "baseline" && $0.name != "group_size" }
            #expect(judged.count >= 3 && judged.allSatisfy { $0.measurements.contains { $0.name == name } }, "\(gate.name): \(judged)")
        }

        let display = postgresDisplay(url: url)
        #expect(!String(decoding: try JSONRenderer().render(fromServer), as: UTF8.self).contains(PostgresTestServer.password))
        let fileJSON = try reportJSON(fromFile)
        let serverJSON = try reportJSON(fromServer, renaming: [
                ("\(display)#champion_scored", "champion.csv"), ("\(display)#scored", "scored.csv"), ("\(display)#query", "current.csv"),
            ])
        var compared = 0
        expectSameNumbers(fileJSON, serverJSON, path: "report", compared: &compared)
        #expect(compared > 300, "\(compared) numbers compared")
    }

    /// A grouped read of the columns a model gate reads moves a small fraction of the
    /// bytes that streaming the table does.
    @Test func groupedReadMovesFewBytes() throws {
        let server = try PostgresTestServer.shared.get()
        try server.psql(Self.table.replacingOccurrences(of: "scored", with: "scored_bytes"))
        let table = DatabaseTable(connection: server.url(), relation: .table("scored_bytes"))
        let location = SourceLocation(file: "t.yml")

        var streamed = try PostgresTableReader(table, location: location)
        var streamedRows = 0
        while let batch = try streamed.nextBatch() { streamedRows += batch.rowCount }
        #expect(streamedRows == 20000)

        var grouped = try PostgresTableReader(table.grouped(reading: "label, score"), location: location)
        #expect(grouped.columns.last == DatabaseTable.rowCountColumn)
        let kept = Set(["label", "score"].map { grouped.columns.firstIndex(of: $0)! })
        grouped.keptColumns = kept
        var groups = 0, rows = 0
        let countColumn = grouped.columns.count - 1
        while let batch = try grouped.nextBatch() {
            groups += batch.rowCount
            for row in 0..<batch.rowCount { rows += Int(batch.string(countColumn, row) ?? "") ?? 0 }
        }
        #expect(rows == 20000, "the counts add up to the table's rows")
        #expect(groups <= 2000, "\(groups) groups: one per distinct (label, score)")
        #expect(grouped.bytesReceived * 10 < streamed.bytesReceived, "grouped \(grouped.bytesReceived) B, streamed \(streamed.bytesReceived) B")
    }

    /// Drift against an empty query: the server's row count of an empty table is a row
    /// counting 0, and the report is the file mode's on a header-only file.
    @Test func driftOnAnEmptyQueryIsTheFileModes() async throws {
        let server = try PostgresTestServer.shared.get()
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let loans = Fixtures.repositoryRoot.appendingPathComponent("Examples/loans/loans.csv")
        try server.load("drift_loans", from: loans)
        let header = try String(contentsOf: loans, encoding: .utf8).split(separator: "\n")[0]
        try (header + "\n").write(to: folder.appendingPathComponent("empty.csv"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: loans, to: folder.appendingPathComponent("loans.csv"))
        func config(_ reference: String, _ current: String) -> String {
            "version: 1\ngates:\n  - name: d\n    kind: drift\n    reference: \(reference)\n    current: \(current)\n    exclude: [application_id]\n"
        }
        let url = server.url()
        let fromFile = await GateRunner.run(try ConfigLoader.parse(config("loans.csv", "empty.csv"), file: "d.yml", directory: folder).gates[0])
        let fromServer = await GateRunner.run(
            try ConfigLoader.parse(
                config("'\(url)#drift_loans'", "{database: '\(url)', query: 'SELECT * FROM drift_loans WHERE false'}"), file: "d.yml",
                directory: folder
            ).gates[0])
        #expect(fromFile.checks.count == fromServer.checks.count)
        for (file, db) in zip(fromFile.checks, fromServer.checks).dropFirst() {
            #expect(file.outcome == db.outcome && file.message == db.message, "\(file.message) / \(db.message)")
        }
        #expect(fromServer.checks.first?.message.contains("0 rows (1 values counted by the server)") == true, "\(fromServer.checks.first?.message ?? "")")
    }

    /// A grouped read that meets a cell the predictions reader refuses is read again row
    /// by row: the error is the file mode's, naming its row.
    @Test func aBadCellInAGroupedReadIsTheFileModesError() async throws {
        let server = try PostgresTestServer.shared.get()
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var lines = try String(
            contentsOf: Fixtures.repositoryRoot.appendingPathComponent("Examples/loans/predictions.csv"), encoding: .utf8
        ).components(separatedBy: "\n")
        lines[301] = lines[301].replacingOccurrences(of: ",0.", with: ",1.", options: [], range: lines[301].range(of: ",0."))
        let csv = folder.appendingPathComponent("bad.csv")
        try lines.joined(separator: "\n").write(to: csv, atomically: true, encoding: .utf8)
        try server.load("bad_scores", from: csv)
        func gate(_ input: String) -> String {
            "version: 1\ngates:\n  - name: m\n    kind: model\n    predictions: \(input)\n    task: binary\n    label: label\n    score: score\n    metrics:\n      - {metric: roc_auc, min: 0.5}\n"
        }
        let fromFile = await GateRunner.run(try ConfigLoader.parse(gate("bad.csv"), file: "m.yml", directory: folder).gates[0])
        let fromServer = await GateRunner.run(
            try ConfigLoader.parse(gate("'\(server.url())#bad_scores'"), file: "m.yml", directory: folder).gates[0])
        let fileError = try #require(fromFile.checks.first)
        let serverError = try #require(fromServer.checks.first)
        #expect(fileError.outcome == .error)
        #expect(fileError.message.contains("row 302"), "\(fileError.message)")
        #expect(
            serverError.message.replacingOccurrences(of: "\(postgresDisplay(url: server.url()))#bad_scores", with: "bad.csv")
                == fileError.message)
    }

    /// The SQL of drift's read: each column's text once, one grouping set per column.
    @Test func countedStatementText() {
        let columns = [
            PostgresConnection.Column(name: "id", typeOID: 25), PostgresConnection.Column(name: "age", typeOID: 23),
            PostgresConnection.Column(name: "at", typeOID: 1114),
        ]
        #expect(
            PostgreSQLDialect().groupedCopyStatement(.query("SELECT 1;"), columns: columns, grouped: [1, 2], grouping: .eachColumn)
                == "COPY (SELECT mlgate_c1 AS \"age\", mlgate_c2 AS \"at\", count(*) AS \"mlgate_rows\", CASE WHEN GROUPING(mlgate_c1) = 0 THEN 1 WHEN GROUPING(mlgate_c2) = 0 THEN 2 ELSE -1 END AS \"mlgate_column\" FROM (SELECT \"age\" AS mlgate_c1, replace(\"at\"::text, ' ', 'T') AS mlgate_c2 FROM (SELECT 1) AS mlgate_query) AS mlgate_values GROUP BY GROUPING SETS ((), (mlgate_c1), (mlgate_c2))) TO STDOUT WITH (FORMAT csv, HEADER true)"
        )
    }

    /// The SQL of a grouped read: the columns read as text, the others NULL, grouped by position.
    @Test func groupedStatementText() {
        let dialect = PostgreSQLDialect()
        let columns = [
            PostgresConnection.Column(name: "id", typeOID: 25), PostgresConnection.Column(name: "ok", typeOID: 16),
            PostgresConnection.Column(name: "score", typeOID: 701),
        ]
        #expect(
            dialect.groupedCopyStatement(.table("s.t"), columns: columns, grouped: [1, 2], grouping: .rows)
                == "COPY (SELECT CASE WHEN \"ok\" THEN 'true' WHEN NOT \"ok\" THEN 'false' END AS \"ok\", \"score\" AS \"score\", count(*) AS \"mlgate_rows\" FROM \"s\".\"t\" GROUP BY 1, 2) TO STDOUT WITH (FORMAT csv, HEADER true)"
        )
    }
}

/// A report's JSON tree, its inputs renamed (`renaming`: each name with the one a file
/// mode's report gives) and the notes of what a server counted, computed or summarized
/// taken out, for ``expectSameNumbers(_:_:path:compared:)``.
func reportJSON(_ report: RunReport, renaming: [(String, String)] = []) throws -> Any {
    var text = String(decoding: try JSONRenderer().render(report), as: UTF8.self)
    for (name, file) in renaming { text = text.replacingOccurrences(of: name, with: file) }
    text = text.replacing(/\ \((\d+ distinct rows|\d+ values|sums) (counted|computed) by the server\)/, with: "")
        .replacing(/\ \(joined by the server[^()]*\)/, with: "")
        .replacing(/\ \([^()]* summarized by the server\)/, with: "")
    return try JSONSerialization.jsonObject(with: Data(text.utf8))
}

/// Compares two JSON trees: the same keys and strings, integers exactly, other numbers
/// to 1e-12 relative.
func expectSameNumbers(_ a: Any, _ b: Any, path: String, compared: inout Int) {
    switch (a, b) {
    case (let x as [String: Any], let y as [String: Any]):
        #expect(Set(x.keys) == Set(y.keys), "\(path): keys \(x.keys.sorted()) / \(y.keys.sorted())")
        for key in x.keys.sorted() where y[key] != nil {
            expectSameNumbers(x[key]!, y[key]!, path: "\(path).\(key)", compared: &compared)
        }
    case (let x as [Any], let y as [Any]):
        #expect(x.count == y.count, "\(path): \(x.count) / \(y.count) elements")
        for (index, (p, q)) in zip(x, y).enumerated() { expectSameNumbers(p, q, path: "\(path)[\(index)]", compared: &compared) }
    case (let x as String, let y as String):
        #expect(x == y, "\(path)")
    case (let x as NSNumber, let y as NSNumber):
        compared += 1
        let p = x.doubleValue, q = y.doubleValue
        if p.rounded() == p && abs(p) < 1e15 {
            #expect(p == q, "\(path): file \(p), server \(q)")
        } else {
            #expect(abs(p - q) <= 1e-12 * max(abs(p), abs(q)), "\(path): file \(p), server \(q)")
        }
    default:
        #expect(String(describing: a) == String(describing: b), "\(path)")
    }
}
