import Foundation
import Testing

@testable import MLGate

/// A binary model gate whose ranking, counts, log loss and Brier score the server
/// computes (``BinaryRankingPushdown``): the report is the file mode's on the same rows
/// — tied scores, text classes with a `positive_label`, a prediction column or a
/// threshold, zero weights (a score whose rows all weigh 0 is no threshold), missing
/// slice cells, a `numeric` score, two slice columns, Citus's form, a query — and a table holding a value the
/// file mode refuses (or classes it refuses) gives the file mode's error, naming its row.
@Suite struct WarehouseBinaryPushdownTests {
    /// 6,000 rows: scores of two decimals (ties), labels `no`/`yes` following them, a
    /// prediction that disagrees now and then, regions with missing cells, a segment,
    /// weights of four values with 0 among them, and one score (0.995) whose rows all
    /// weigh 0; the score also as `numeric`.
    static func table(_ name: String) -> String {
        """
        DROP TABLE IF EXISTS \(name);
        CREATE TABLE \(name) AS SELECT
          'R' || i AS id,
          CASE WHEN i % 1000 = 0 THEN 0.995 ELSE round((((i * 7919) % 1000) / 999.0)::numeric, 2)::float8 END AS score,
          CASE WHEN ((i * 104729) % 997) / 997.0 < (((i * 7919) % 1000) / 999.0) THEN 'yes' ELSE 'no' END AS label,
          CASE WHEN (((i * 7919) % 1000) / 999.0 >= 0.5) <> (i % 11 = 0) THEN 'yes' ELSE 'no' END AS prediction,
          CASE WHEN i % 7 = 0 THEN NULL ELSE (ARRAY['north', 'south', 'east'])[i % 3 + 1] END AS region,
          (ARRAY['a', 'b'])[i % 2 + 1] AS segment,
          CASE WHEN i % 1000 = 0 THEN 0 ELSE (ARRAY[0, 0.5, 1, 2.25])[i % 4 + 1] END::float8 AS weight
        FROM generate_series(1, 6000) AS i;
        ALTER TABLE \(name) ADD COLUMN score_decimal numeric(4, 3);
        UPDATE \(name) SET score_decimal = score;
        """
    }

    /// A binary model gate over `input`: `score`, and either the prediction column or a
    /// threshold of 0.3, with or without weights, sliced by region and segment.
    static func config(_ input: String, score: String = "score", prediction: Bool, weight: Bool) -> String {
        """
        version: 1
        gates:
          - {name: m, kind: model, predictions: \(input), task: binary, label: label, score: \(score), positive_label: 'yes',
            \(prediction ? "prediction: prediction," : "threshold: 0.3,") \(weight ? "weight: weight," : "") slices: [region, segment], min_slice_size: 10,
            metrics: [{metric: roc_auc, min: 0.5}, {metric: average_precision, min: 0.1}, {metric: log_loss, max: 5}, {metric: brier_score, max: 1},
              {metric: accuracy, min: 0.1}, {metric: f1, min: 0.1}, {metric: balanced_accuracy, min: 0.1}, {metric: matthews_corrcoef, min: -1}]}

        """
    }

    static func run(_ yaml: String, folder: URL) async throws -> GateResult {
        await GateRunner.run(try ConfigLoader.parse(yaml, file: "m.yml", directory: folder).gates[0])
    }

    @Test func theServersSumsGiveTheFileModesReport() async throws {
        let server = try PostgresTestServer.shared.get()
        try server.psql(Self.table("pushed"))
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try server.export("pushed", to: folder.appendingPathComponent("pushed.csv"))
        let url = server.url()
        // The table; Citus's form (the classes counted by one `GROUP BY` per set), which
        // PostgreSQL runs too; a query.
        let inputs = [
            ("'\(url)#pushed'", "score"), ("'\(url)#pushed'", "score_decimal"), ("{database: '\(url)', table: pushed, dialect: citus}", "score"),
            ("{database: '\(url)', query: 'SELECT * FROM pushed WHERE id IS NOT NULL'}", "score"),
        ]
        try await Self.expectFileModes("pushed.csv", inputs, folder: folder)
    }

    /// For a prediction column or a threshold, with weights or not, ``config(_:score:prediction:weight:)``
    /// over each of `inputs` (a server's table and its score column) gives the report it
    /// gives over `file`, in `folder`: the sums said computed by the server, counts,
    /// rankings and curves exactly, log loss and Brier score to 1e-12 (every number to
    /// 1e-12 with weights: a count times a weight against that many additions).
    static func expectFileModes(_ file: String, _ inputs: [(table: String, score: String)], folder: URL) async throws {
        for prediction in [true, false] {
            for weight in [false, true] {
                let context = "prediction: \(prediction), weight: \(weight)"
                let fromFile = try await Self.run(Self.config(file, prediction: prediction, weight: weight), folder: folder)
                #expect(fromFile.checks.allSatisfy { $0.outcome != .error }, "\(context): \(fromFile.checks.map(\.message))")
                for (table, score) in inputs {
                    let pushed = try await Self.run(Self.config(table, score: score, prediction: prediction, weight: weight), folder: folder)
                    let input = pushed.checks.first?.message ?? ""
                    #expect(input.contains(": 6000 rows (sums computed by the server), binary, classes no, yes (positive: yes)"), "\(context): \(input)")
                    #expect(fromFile.checks.count == pushed.checks.count, "\(context)")
                    for (a, b) in zip(fromFile.checks, pushed.checks).dropFirst() {
                        #expect(a.name == b.name && a.outcome == b.outcome, "\(context) \(a.name): \(a.message) / \(b.message)")
                        for (x, y) in zip(a.measurements, b.measurements) {
                            let close = weight || a.name.hasPrefix("log_loss") || a.name.hasPrefix("brier")
                            #expect(
                                close ? abs(x.value - y.value) <= 1e-12 * abs(x.value) : x.value == y.value,
                                "\(context) \(score) \(a.name) \(x.name): \(x.value) / \(y.value)")
                        }
                    }
                    if weight {
                        RankedScoresTests.expectCurvesClose(pushed.curves ?? [], fromFile.curves ?? [])
                    } else {
                        #expect(fromFile.curves == pushed.curves, "\(context): the curves")
                    }
                    // 100 distinct scores and 0.995, whose rows weigh nothing: not thinned.
                    #expect(fromFile.curves?.first?.x.count == (weight ? 101 : 102) + 1, "\(context)")
                }
            }
        }
    }

    /// A NULL score, a score above 1, a missing label, a third class: the server's sums
    /// are not taken, the table is read as the file mode reads it, and the error is the
    /// file mode's, naming its row.
    @Test(arguments: [
        ("refused_null", "score = NULL", "the score is missing"),
        ("refused_above", "score = 1.5", "expected a probability in [0, 1], found 1.5"),
        ("refused_label", "label = NULL", "the label is missing"),
        ("refused_class", "prediction = 'maybe'", "a binary model has two classes"),
        ("refused_weight", "weight = 'NaN'", "expected a finite number for the weight"),
    ])
    func aRefusedValueIsTheFileModesError(table: String, update: String, message: String) async throws {
        let server = try PostgresTestServer.shared.get()
        try server.psql(Self.table(table) + "UPDATE \(table) SET \(update) WHERE id = 'R300';")
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try server.export(table, to: folder.appendingPathComponent("\(table).csv"))
        let file = try #require(try await Self.run(Self.config("\(table).csv", prediction: true, weight: true), folder: folder).checks.first)
        let pushed = try #require(
            try await Self.run(Self.config("'\(server.url())#\(table)'", prediction: true, weight: true), folder: folder).checks.first)
        #expect(file.outcome == .error && pushed.outcome == .error)
        #expect(file.message.contains(message), "\(file.message)")
        #expect(pushed.message.replacingOccurrences(of: "\(postgresDisplay(url: server.url()))#\(table)", with: "\(table).csv") == file.message)
    }

    /// Rows that all weigh 0: no score is a threshold, the server's sums are not taken,
    /// and the report is the file mode's.
    @Test func rowsThatAllWeighNothingAreTheFileModes() async throws {
        let server = try PostgresTestServer.shared.get()
        try server.psql(Self.table("weightless") + "UPDATE weightless SET weight = 0;")
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try server.export("weightless", to: folder.appendingPathComponent("weightless.csv"))
        let file = try await Self.run(Self.config("weightless.csv", prediction: true, weight: true), folder: folder)
        let pushed = try await Self.run(Self.config("'\(server.url())#weightless'", prediction: true, weight: true), folder: folder)
        let input = pushed.checks.first?.message ?? ""
        #expect(input.contains("sums computed by the server") == false && input.contains(": 6000 rows"), "\(input)")
        #expect(file.checks.count == pushed.checks.count)
        for (a, b) in zip(file.checks, pushed.checks).dropFirst() {
            #expect(a.name == b.name && a.outcome == b.outcome && a.message == b.message, "\(a.name): \(a.message) / \(b.message)")
        }
        #expect(file.curves == pushed.curves)
    }

    /// The statements' text: each set's groups come sorted by the negated score, which
    /// the windows follow, the loss sums are compensated, the curve's points are thinned
    /// on the server, and Citus counts the cells with one `GROUP BY` per set instead of
    /// grouping sets.
    @Test func theStatementsText() throws {
        let column = { (name: String, oid: UInt32) in PostgresConnection.Column(name: name, typeOID: oid) }
        for engine in [WarehouseDialect.postgresql, .citus] {
            let statement = try #require(
                PostgreSQLDialect().binaryRankingStatement(
                    .table("p"), score: column("score", 701), label: column("label", 25), prediction: nil, weight: nil,
                    slices: [column("region", 25)], threshold: 0.3, engine: engine))
            let ranking = statement.rankingStatement(positive: ["1", "1.0"])
            #expect(ranking.contains("l IN ('1', '1.0') AS y"))
            #expect(ranking.contains(" GROUP BY -s HAVING sum(w) > 0") && ranking.contains(" GROUP BY mlgate_s0, -s HAVING sum(w) > 0"))
            #expect(ranking.contains("coalesce(sum(gp) OVER (ORDER BY ns ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS cpb"))
            #expect(ranking.contains("coalesce(sum(gl) OVER (PARTITION BY mlgate_s0 ORDER BY ns ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS clb"))
            #expect(ranking.contains("sum(gl), sum((clb - ((clb + gl) - ((clb + gl) - clb))) + (gl - ((clb + gl) - clb)))"))
            #expect(ranking.contains("array_to_string(array_agg((cpb + gp) ORDER BY mlgate_nb) FILTER (WHERE mlgate_nb % greatest(1, (mlgate_total + 199) / (200)) = 0), ',')"))
            #expect(ranking.contains("count(*) OVER (ORDER BY ns ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS mlgate_total"))
            #expect(statement.cellsStatement.contains("CASE WHEN s >= '0.3'::float8 THEN 'above' ELSE 'below' END"))
            #expect(statement.cellsStatement.contains("GROUPING SETS") == (engine == .postgresql))
            #expect(statement.cellsStatement.contains("UNION ALL") == (engine == .citus))
            #expect(statement.rankingStatement(positive: []).contains("(1 = 0) AS y"))
        }
        // A text score: the double its text spells in a plain decimal's shape, else NULL (refused).
        let text = try #require(
            PostgreSQLDialect().binaryRankingStatement(
                .table("p"), score: column("score", 1043), label: column("label", 25), prediction: nil, weight: nil, slices: [],
                threshold: 0.5, engine: .postgresql))
        #expect(text.cellsStatement.contains("SELECT \(PostgreSQLDialect().decimalDouble("\"score\"")) AS s"))
        #expect(
            PostgreSQLDialect().binaryRankingStatement(
                .table("p"), score: column("score", 114), label: column("label", 25), prediction: nil, weight: nil, slices: [],
                threshold: 0.5, engine: .postgresql) == nil, "a json score")
        #expect(
            PostgreSQLDialect().binaryRankingStatement(
                .table("p"), score: column("score", 701), label: column("label", 25), prediction: nil, weight: nil, slices: [],
                threshold: 0.5, engine: .redshift) == nil, "Redshift")
    }
}
