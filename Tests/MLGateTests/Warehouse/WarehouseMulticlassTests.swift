import Foundation
import Testing

@testable import MLGate

/// A multiclass model gate over a table whose probabilities are nearly all distinct: the
/// server groups the rows (``MulticlassSumsConsumer``) and, for the ranking metrics,
/// sends every score column's scores in descending order
/// (``DatabaseTable/Grouping/classScores(_:)``, ``ClassScoresConsumer``); mlgate folds
/// both into sums, keeps no row, and the report is the file mode's. Score columns the
/// server holds as text are ordered by the doubles their texts spell
/// (``PostgreSQLDialect/decimalDouble(_:)``); numbers and texts at once cannot be
/// unpivoted into one column: the rows are read one by one, with the same numbers.
/// Citus's and Redshift's form of the ranking read (`UNION ALL`, no `LATERAL`) runs on
/// PostgreSQL too, with the same report.
@Suite struct WarehouseMulticlassTests {
    /// 20,000 rows, three classes' probabilities (float8, nearly all distinct), a label
    /// and a prediction near the most probable class, three regions, a weight of four
    /// values; and the same rows with the probabilities as text, and with one of them as
    /// text and the others numbers.
    static func tables(_ name: String) -> String {
        """
        DROP TABLE IF EXISTS \(name);
        CREATE TABLE \(name) AS SELECT id, label, prediction, p_a, p_b, 1 - p_a - p_b AS p_c, region, weight FROM (SELECT
          'R' || i AS id,
          (((i * 7919) % 10007) / 20014.0)::float8 AS p_a,
          (((i * 104729) % 10009) / 20018.0)::float8 AS p_b,
          (ARRAY['a', 'b', 'c'])[((i::bigint * 2654435761) % 1009) % 3 + 1] AS label,
          (ARRAY['a', 'b', 'c', 'c'])[(i * 17) % 4 + 1] AS prediction,
          (ARRAY['north', 'south', 'east'])[i % 3 + 1] AS region,
          (ARRAY[0.5, 1, 2.25, 3])[i % 4 + 1]::float8 AS weight
        FROM generate_series(1, 20000) AS i) AS mlgate_rows;
        DROP TABLE IF EXISTS \(name)_text;
        CREATE TABLE \(name)_text AS SELECT id, label, prediction, p_a::text AS p_a, p_b::text AS p_b, p_c::text AS p_c, region, weight FROM \(name);
        DROP TABLE IF EXISTS \(name)_mixed;
        CREATE TABLE \(name)_mixed AS SELECT id, label, prediction, p_a::text AS p_a, p_b, p_c, region, weight FROM \(name);
        """
    }

    /// A multiclass gate with slices and every multiclass metric, its rows weighted by
    /// column `weight` if given (one-vs-one ROC AUC is then undefined, as in scikit-learn,
    /// so it is left out).
    /// Without `scores`, the gate reads no score column and has only the confusion counts' metrics.
    static func gateConfig(_ input: String, weight: String? = nil, scores: Bool = true) -> String {
        let ovo = weight == nil ? "{metric: roc_auc_ovo, min: 0}, {metric: roc_auc_ovo_weighted, min: 0}, " : ""
        let scored = """
            {metric: roc_auc_ovr, min: 0}, {metric: roc_auc_ovr_weighted, min: 0}, \(ovo){metric: average_precision_macro, min: 0},
                  {metric: average_precision_micro, min: 0}, {metric: average_precision_weighted, min: 0}, {metric: log_loss, max: 10}, {metric: brier_score, max: 2},
                  {metric: top_k_accuracy, k: 2, min: 0},
            """
        return """
            version: 1
            gates:
              - {name: m, kind: model, predictions: \(input), task: multiclass, label: label, prediction: prediction,\(scores ? " score: {prefix: p_}," : "") slices: [region], min_slice_size: 10,\(weight.map { " weight: \($0)," } ?? "")
                metrics: [\(scores ? scored : "") {metric: accuracy, min: 0}, {metric: f1_macro, min: 0}, {metric: cohen_kappa, min: -1}, {metric: matthews_corrcoef, min: -1}]}

            """
    }

    /// For each weighting, the gate over each of `inputs` gives the report it gives over
    /// `file`: the same checks and outcomes, every number to 1e-12 relative; `grouped`
    /// says which inputs were read grouped (the others row by row).
    static func expectInputsMatchFile(
        _ file: String, _ inputs: [(input: String, grouped: Bool)], folder: URL, rows: Int, scores: Bool = true
    ) async throws {
        for weight in [nil, "weight"] {
            let run = { (input: String) in
                await GateRunner.run(try ConfigLoader.parse(gateConfig(input, weight: weight, scores: scores), file: "m.yml", directory: folder).gates[0])
            }
            let fromFile = try await run(file)
            #expect(fromFile.checks.allSatisfy { $0.outcome != .error }, "\(fromFile.checks.map(\.message))")
            #expect(fromFile.checks.count > (scores ? 40 : 16), "\(fromFile.checks.count) checks")
            for (input, grouped) in inputs {
                let context = "\(input), weight \(weight ?? "none")"
                let server = try await run(input)
                let message = server.checks.first?.message ?? ""
                let distinct = scores ? "\(rows)" : "\\d+"
                #expect(message.contains(try Regex(": \(rows) rows \\(\(distinct) distinct rows counted by the server\\), multiclass")) == grouped, "\(context): \(message)")
                #expect(fromFile.checks.count == server.checks.count)
                for (a, b) in zip(fromFile.checks, server.checks).dropFirst() {
                    #expect(a.name == b.name && a.outcome == b.outcome, "\(context) \(a.name): \(a.message) / \(b.message)")
                    for (x, y) in zip(a.measurements, b.measurements) {
                        #expect(abs(x.value - y.value) <= 1e-12 * abs(x.value), "\(context) \(a.name) \(x.name): \(x.value) / \(y.value)")
                    }
                }
            }
        }
    }

    @Test func aMulticlassGateOnATableGivesTheFileModesReport() async throws {
        let server = try PostgresTestServer.shared.get()
        try server.psql(Self.tables("multiclass"))
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try server.export("multiclass", to: folder.appendingPathComponent("multiclass.csv"))
        try await Self.expectInputsMatchFile(
            "multiclass.csv",
            [
                ("'\(server.url())#multiclass'", true), ("'\(server.url())#multiclass_text'", true),
                ("'\(server.url())#multiclass_mixed'", false),
                ("{database: '\(server.url())', table: multiclass_text, dialect: citus}", true),
                // Citus's and Redshift's SQL: the score columns unpivoted by UNION ALL.
                ("{database: '\(server.url())', table: multiclass, dialect: citus}", true),
                // A query: LATERAL names its columns through the query's alias.
                ("{database: '\(server.url())', query: 'SELECT * FROM multiclass WHERE weight >= 0'}", true),
            ], folder: folder, rows: 20000)
    }

    /// The two reads keep no row: the rows' read folds each batch, the ranking read (in
    /// score order: number or text columns) too; numbers and texts at once come unordered.
    @Test func theReadsKeepNoRows() throws {
        let server = try PostgresTestServer.shared.get()
        try server.psql(Self.tables("multiclass_reads"))
        var columns = PredictionColumns(task: .multiclass, label: "label", prediction: "prediction", scores: .prefix("p_"), weight: "weight", slices: ["region"])
        columns.multiplicity = DatabaseTable.rowCountColumn
        let rowsTable = DatabaseTable(connection: server.url(), relation: .table("multiclass_reads")).grouped(.rows, reading: "m")
        var rowsReader = try PostgresTableReader(rowsTable, location: SourceLocation(file: "m.yml"))
        var rowsConsumer = try MulticlassSumsConsumer(columns: columns, header: rowsReader.columns, path: "t")
        rowsReader.keptColumns = rowsConsumer.columnsRead
        try rowsConsumer.consume(&rowsReader)
        #expect(rowsConsumer.loader.labels.count == 0 && rowsConsumer.distinctRows == 20000)
        let rows = try #require(try rowsConsumer.finish())
        for (name, ordered) in [("multiclass_reads", true), ("multiclass_reads_text", true), ("multiclass_reads_mixed", false)] {
            let table = DatabaseTable(connection: server.url(), relation: .table(name)).grouped(.classScores(.prefix("p_")), reading: "m")
            var reader = try PostgresTableReader(table, location: SourceLocation(file: "m.yml"))
            #expect(reader.columns.contains(DatabaseTable.classColumn) == ordered, "\(name): \(reader.columns)")
            var consumer = try ClassScoresConsumer(columns: columns, header: reader.columns, path: name)
            reader.keptColumns = consumer.columnsRead
            try consumer.consume(&reader)
            #expect((consumer.loader?.labels.count ?? 0) == 0)
            switch consumer.finish() {
            case .success(let ranking):
                #expect(ordered && ranking.overall.rows == [20000, 20000, 20000], "\(name)")
                #expect(MulticlassScores.sums(rows: rows, ranking: ranking, weighted: true)?.slices.count == 3)
            case .failure(let reason):
                #expect(!ordered && reason.reason.contains("could not order"), "\(name): \(reason.reason)")
            }
        }
    }

    /// Without score columns the gate's rows are folded into confusion counts as they
    /// come, however many distinct (label, prediction, weight, slice) rows the server
    /// sends, and the report is the file mode's.
    @Test func aGateWithoutScoresKeepsNoRows() async throws {
        let server = try PostgresTestServer.shared.get()
        try server.psql(Self.tables("multiclass_counts"))
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try server.export("multiclass_counts", to: folder.appendingPathComponent("multiclass_counts.csv"))
        try await Self.expectInputsMatchFile(
            "multiclass_counts.csv", [("'\(server.url())#multiclass_counts'", true)], folder: folder, rows: 20000, scores: false)
        // The gate reads the table through the folding consumer (one read: nothing ranks).
        let config = try ConfigLoader.parse(Self.gateConfig("'\(server.url())#multiclass_counts'", scores: false), file: "m.yml", directory: folder)
        guard case .model(let gate) = config.gates[0].body else { throw CancellationError() }
        #expect(PredictionsLoader.multiclassDemands(gate.predictions, columns: gate.columns, metrics: gate.checks.map(\.metric))?.count == 1)
        var columns = PredictionColumns(task: .multiclass, label: "label", prediction: "prediction", weight: "weight", slices: ["region"])
        columns.multiplicity = DatabaseTable.rowCountColumn
        let table = DatabaseTable(connection: server.url(), relation: .table("multiclass_counts")).grouped(.rows, reading: "m")
        var reader = try PostgresTableReader(table, location: SourceLocation(file: "m.yml"), batchSize: 16)
        var consumer = try MulticlassSumsConsumer(columns: columns, header: reader.columns, path: "t")
        reader.keptColumns = consumer.columnsRead
        try consumer.consume(&reader)
        #expect(consumer.loader.labels.count == 0)
        let folded = try #require(try consumer.finish())
        // Three labels, three predictions, four weights, three regions.
        #expect(folded.distinctRows > 16 && folded.distinctRows <= 108 && folded.overall.rows == 20000)
        #expect(MulticlassScores.sums(rows: folded, ranking: nil, weighted: true)?.slices.count == 3)
    }

    /// The ranking read's SQL is docs/warehouse.md's example (the grouping and the order
    /// in one query level, the score first).
    @Test func theRankingStatementIsTheDocs() throws {
        let columns = [("label", 25), ("prediction", 25), ("p_a", 701), ("p_b", 701), ("p_c", 701), ("region", 25)]
            .map { PostgresConnection.Column(name: $0.0, typeOID: UInt32($0.1)) }
        let statement = PostgreSQLDialect().groupedCopyStatement(
            .table("public.predictions"), columns: columns, grouped: [0, 2, 3, 4, 5], grouping: .classScores(.prefix("p_")))
        let docs = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("docs/warehouse.md"), encoding: .utf8)
        let example = try #require(docs.firstMatch(of: /```sql\n(  COPY \(SELECT mlgate_c0[^`]*)```/)?.1)
        let flattened = example.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(statement == flattened, "\(statement)")
    }
}
