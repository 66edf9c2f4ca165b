import Foundation
import Testing

@testable import MLGate

/// A champion's predictions on the candidate's server are joined with the candidate's
/// rows by id there, and the joined rows grouped by both models' columns
/// (``ChampionPairing``): the report's numbers are the file mode's (counts exactly, the
/// rest to 1e-12 relative; the bootstrap's intervals too). When the rows do not pair
/// one to one with equal labels, or a cell cannot be read, both tables are read row by
/// row and the error is the file mode's, word for word.
@Suite struct WarehousePairingTests {
    /// The aggregate tests' table (``WarehouseAggregateTests/table``) with 3,000 rows:
    /// an id, a binary score with three decimals, a label, slices, a weight, three class
    /// probabilities and a class, a regression target and estimate.
    static let candidate = WarehouseAggregateTests.table.replacingOccurrences(of: "scored", with: "pair_rows")
        .replacingOccurrences(of: "generate_series(1, 20000)", with: "generate_series(1, 3000)")

    /// The champion's predictions of the same rows, in another order: other scores,
    /// class probabilities and estimates, the same labels and weights.
    static let champion = """
        SELECT id, label, w, cls, target,
          round((score * 0.7 + ((i_seq * 31) % 100) / 400.0)::numeric, 2)::float8 AS score,
          round((p_a + p_b) / 2, 2) AS p_a, p_b, 1 - round((p_a + p_b) / 2, 2) - p_b AS p_c,
          estimate + ((i_seq * 17) % 9 - 4) / 4.0 AS estimate
        FROM (SELECT *, row_number() OVER () AS i_seq FROM pair_rows) AS s ORDER BY md5(id)
        """

    /// Champions whose rows do not pair, each with what the gate then says (the file mode's words).
    static let broken: [(name: String, sql: String, says: String)] = [
        ("pair_champion_dup", "SELECT * FROM pair_champion_ok UNION ALL SELECT * FROM pair_champion_ok WHERE id = 'R17'", "id 'R17' occurs twice"),
        ("pair_champion_missing", "SELECT * FROM pair_champion_ok WHERE id <> 'R2000'", "no row with id 'R2000'"),
        ("pair_champion_label", "SELECT id, CASE WHEN id = 'R5' THEN 1 - label ELSE label END AS label, w, cls, target, score, p_a, p_b, p_c, estimate FROM pair_champion_ok", "the baseline must be evaluated on the same rows"),
        ("pair_champion_cell", "SELECT id, label, w, cls, target, CASE WHEN id = 'R9' THEN 1.5 ELSE score END AS score, p_a, p_b, p_c, estimate FROM pair_champion_ok", "expected a probability in [0, 1], found 1.5"),
    ]

    /// Rows whose weights are text, half of them written with trailing zeros ("0.50" for
    /// "0.5"), scores with one decimal, and a slice: the server sends rows of one content
    /// in several groups (another weight text, another slice value), which the reads in
    /// score order merge before drawing them, as the in-memory bootstrap draws one
    /// distinct row Poisson(its count) in each scope (``PairedResampling``).
    static let textWeights = """
        DROP TABLE IF EXISTS pair_rows_text_weights;
        CREATE TABLE pair_rows_text_weights AS SELECT id, label, sex, round(score::numeric, 1)::float8 AS score,
          CASE WHEN right(id, 1) IN ('0', '2', '4', '6', '8') THEN to_char(w, 'FM0.00') ELSE w::text END AS w FROM pair_rows;
        DROP TABLE IF EXISTS pair_rows_named;
        CREATE TABLE pair_rows_named AS SELECT id, CASE WHEN label = 1 THEN 'yes' ELSE 'no' END AS label, score FROM pair_rows;
        DROP TABLE IF EXISTS pair_champion_named;
        CREATE TABLE pair_champion_named AS SELECT id, CASE WHEN label = 1 THEN 'yes' ELSE 'no' END AS label, score FROM pair_champion_ok;
        DROP TABLE IF EXISTS pair_rows_text_estimate;
        CREATE TABLE pair_rows_text_estimate AS SELECT id, target, estimate::text AS estimate, region FROM pair_rows;
        DROP TABLE IF EXISTS pair_rows_text_score;
        CREATE TABLE pair_rows_text_score AS SELECT id, label, region, score::text AS score FROM pair_rows;
        DROP TABLE IF EXISTS pair_champion_text_score;
        CREATE TABLE pair_champion_text_score AS SELECT id, label, score::varchar(30) AS score FROM pair_champion_ok;
        DROP TABLE IF EXISTS pair_champion_text_weights;
        CREATE TABLE pair_champion_text_weights AS SELECT c.id, c.label, round(c.score::numeric, 1)::float8 AS score, r.w
          FROM pair_champion_ok AS c JOIN pair_rows_text_weights AS r USING (id);
        DROP TABLE IF EXISTS pair_champion_probs;
        CREATE TABLE pair_champion_probs AS SELECT id, cls, w, round((3 * p_a + p_c) / 4, 2) AS p_a, p_b,
          1 - round((3 * p_a + p_c) / 4, 2) - p_b AS p_c FROM pair_rows ORDER BY md5(id);
        DROP TABLE IF EXISTS pair_rows_decided;
        CREATE TABLE pair_rows_decided AS SELECT id, label, region, CASE WHEN score >= 0.5 THEN 1 ELSE 0 END AS decision,
          (((substr(id, 2)::int * 7919) % 1000 + 1) / 100.0)::float8 AS wc FROM pair_rows;
        DROP TABLE IF EXISTS pair_champion_decided;
        CREATE TABLE pair_champion_decided AS SELECT c.id, c.label, CASE WHEN c.score >= 0.45 THEN 1 ELSE 0 END AS decision, r.wc
          FROM pair_champion_ok AS c JOIN pair_rows_decided AS r USING (id);
        DROP TABLE IF EXISTS pair_rows_text_probs;
        CREATE TABLE pair_rows_text_probs AS SELECT id, cls, sex, p_a::text AS p_a, p_b::text AS p_b, p_c::text AS p_c FROM pair_rows;
        DROP TABLE IF EXISTS pair_champion_text_probs;
        CREATE TABLE pair_champion_text_probs AS SELECT id, cls, p_a::varchar(10) AS p_a, p_b::text AS p_b, p_c::text AS p_c FROM pair_champion_probs;
        """

    /// `champion` gives a table's name as the config names it (`pair_champion_query`: a query of `pair_champion_ok`).
    static func config(rows: String, champion: (String) -> String) -> String {
        func gate(_ name: String, _ table: String, _ body: String) -> String {
            "  - name: \(name)\n    kind: model\n    predictions: \(rows)\n    id: id\n    baseline: {predictions: \(champion(table))}\n\(body)"
        }
        let binary = "    task: binary\n    label: label\n    score: score\n"
        let regression = "    task: regression\n    label: target\n    prediction: estimate\n"
        var text = "version: 1\ngates:\n"
        text += gate(
            "binary", "pair_champion_ok",
            binary + "    slices: [region]\n    min_slice_size: 100\n    bootstrap: {resamples: 100, seed: 3}\n"
                + "    metrics: [{metric: roc_auc, min: 0.5, max_drop: 0.05, confidence: 0.9}, {metric: log_loss, max: 5, max_drop: 0.1, confidence: 0.9}, {metric: f1, min: 0.1, max_drop: 0.1}, {metric: brier_score, max: 1, max_drop: 0.1}]\n")
        text += gate(
            "regression", "pair_champion_ok",
            regression + "    weight: w\n    bootstrap: {resamples: 100, seed: 5}\n"
                + "    metrics: [{metric: mae, max: 100, max_drop: 1, confidence: 0.9}, {metric: r2, min: -10, max_drop: 1, confidence: 0.8}, {metric: median_absolute_error, max: 100, max_drop: 1}]\n")
        // Slices, every metric drawn but the median.
        text += gate(
            "regression-slices", "pair_champion_ok",
            regression + "    slices: [region]\n    min_slice_size: 100\n    bootstrap: {resamples: 100, seed: 8}\n"
                + "    metrics: [{metric: rmse, max: 100, max_drop: 1, confidence: 0.9}, {metric: mape, max: 100, max_drop: 1, confidence: 0.9}, {metric: max_error, max: 100, max_drop: 10, confidence: 0.9}, {metric: explained_variance, min: -10, max_drop: 1, confidence: 0.8}, {metric: mse, max: 100, max_drop: 1}]\n")
        // The median drawn: two more reads, in each model's errors' order. Errors in
        // eighths and weights in halves: many resamples' running weights reach half their
        // total exactly at the end of a run of equal errors (the mean with the next one).
        text += gate(
            "regression-median", "pair_champion_ok",
            regression + "    bootstrap: {resamples: 100, seed: 9}\n"
                + "    metrics: [{metric: median_absolute_error, max: 100, max_drop: 1, confidence: 0.9}, {metric: mae, max: 100, max_drop: 1}]\n")
        text += gate(
            "regression-median-weighted", "pair_champion_ok",
            regression + "    weight: w\n    slices: [region, sex]\n    min_slice_size: 100\n    bootstrap: {resamples: 100, seed: 11}\n"
                + "    metrics: [{metric: median_absolute_error, max: 100, max_drop: 1, confidence: 0.9}, {metric: mae, max: 100, max_drop: 1, confidence: 0.8}]\n")
        // A prediction the server holds as text: summed and ordered by the doubles its
        // texts spell (the champion's a number), the median drawn too.
        text += gate(
            "regression-text", "pair_champion_ok",
            regression + "    slices: [region]\n    min_slice_size: 100\n    bootstrap: {resamples: 100, seed: 10}\n"
                + "    metrics: [{metric: rmse, max: 100, max_drop: 1, confidence: 0.9}, {metric: mae, max: 100, max_drop: 1}, {metric: median_absolute_error, max: 100, max_drop: 1, confidence: 0.9}]\n"
        ).replacingOccurrences(of: "pair_rows", with: "pair_rows_text_estimate")
        // Scores held as text and varchar: read in each model's score order all the same.
        text += gate(
            "binary-text", "pair_champion_text_score",
            binary + "    slices: [region]\n    min_slice_size: 100\n    bootstrap: {resamples: 100, seed: 12}\n"
                + "    metrics: [{metric: roc_auc, min: 0.5, max_drop: 0.1, confidence: 0.9}, {metric: log_loss, max: 5, max_drop: 1}]\n"
        ).replacingOccurrences(of: "pair_rows", with: "pair_rows_text_score")
        // A ranking check with a confidence: the join read grouped, its distinct rows held.
        text += gate(
            "multiclass", "pair_champion_ok",
            "    task: multiclass\n    label: cls\n    score: {prefix: p_}\n    bootstrap: {resamples: 100, seed: 7}\n"
                + "    metrics: [{metric: accuracy, min: 0, max_drop: 1, confidence: 0.9}, {metric: log_loss, max: 10, max_drop: 1}, {metric: roc_auc_ovr, min: 0, max_drop: 1, confidence: 0.9}]\n")
        // No check ranks the rows: one read in the candidate's first score's order folds
        // both models' sums and draws the bootstrap (``PairedClassifierConsumer``).
        // Scores of two decimals: runs of equal first scores hold many contents. (Not
        // pair_champion_ok's probabilities: their Brier sum is the candidate's exactly, so
        // that its drop is 0 in one order of addition and 10⁻¹⁶ in another.)
        let multiclass = "    task: multiclass\n    label: cls\n    score: {prefix: p_}\n"
        text += gate(
            "multiclass-sums", "pair_champion_probs",
            multiclass + "    weight: w\n    slices: [region]\n    min_slice_size: 100\n    bootstrap: {resamples: 100, seed: 13}\n"
                + "    metrics: [{metric: accuracy, min: 0, max_drop: 1, confidence: 0.9}, {metric: log_loss, max: 10, max_drop: 1, confidence: 0.9}, "
                + "{metric: f1_macro, min: 0, max_drop: 1, confidence: 0.8}, {metric: brier_score, max: 2, max_drop: 1, confidence: 0.9}, "
                + "{metric: top_k_accuracy, k: 2, min: 0, max_drop: 1, confidence: 0.9}, {metric: balanced_accuracy, min: 0, max_drop: 1}]\n")
        // Ranking checks without a confidence: each model's unpivoted scores read in
        // descending order beside the joined read (the champion's with the candidate's slices).
        text += gate(
            "multiclass-ranked", "pair_champion_probs",
            multiclass + "    slices: [region]\n    min_slice_size: 100\n    bootstrap: {resamples: 100, seed: 15}\n"
                + "    metrics: [{metric: roc_auc_ovr, min: 0, max_drop: 1}, {metric: roc_auc_ovo, min: 0, max_drop: 1}, "
                + "{metric: average_precision_micro, min: 0, max_drop: 1}, {metric: accuracy, min: 0, max_drop: 1, confidence: 0.9}]\n")
        // Probabilities held as text on both sides, and no prediction column: the most probable class.
        text += gate(
            "multiclass-text", "pair_champion_text_probs",
            multiclass + "    slices: [sex]\n    bootstrap: {resamples: 100, seed: 14}\n"
                + "    metrics: [{metric: precision_macro, min: 0, max_drop: 1, confidence: 0.9}, {metric: log_loss, max: 10, max_drop: 1, confidence: 0.8}]\n"
        ).replacingOccurrences(of: "pair_rows", with: "pair_rows_text_probs")
        // No scores, a thousand weights: one read in the candidate's weight order folds both
        // models' confusion counts and draws the bootstrap (rows of one weight merged).
        text += gate(
            "decided", "pair_champion_decided",
            "    task: binary\n    label: label\n    prediction: decision\n    weight: wc\n    slices: [region]\n    min_slice_size: 100\n"
                + "    bootstrap: {resamples: 100, seed: 16}\n"
                + "    metrics: [{metric: f1, min: 0, max_drop: 1, confidence: 0.9}, {metric: balanced_accuracy, min: 0, max_drop: 1, confidence: 0.8}, {metric: precision, min: 0, max_drop: 1}]\n"
        ).replacingOccurrences(of: "pair_rows", with: "pair_rows_decided")
        // The champion as a query (a derived table in the join).
        text += gate("query", "pair_champion_query", binary + "    metrics: [{metric: roc_auc, min: 0.5, max_drop: 0.1}, {metric: precision, min: 0, max_drop: 1}]\n")
        // Ids of another type on each side (text, varchar): paired by their text.
        text += gate("varchar", "pair_champion_varchar", binary + "    metrics: [{metric: roc_auc, min: 0.5, max_drop: 0.1}, {metric: log_loss, max: 5, max_drop: 1}]\n")
        for (name, _, _) in broken {
            text += gate(name, name, binary + "    metrics: [{metric: roc_auc, min: 0.5, max_drop: 0.1}]\n")
        }
        // Weighted, and labels named yes and no (the positive one said): read in each
        // model's score order, the classes known from the labels the check found.
        text += gate(
            "weighted", "pair_champion_ok",
            binary + "    weight: w\n    slices: [sex]\n    bootstrap: {resamples: 100, seed: 4}\n"
                + "    metrics: [{metric: average_precision, min: 0, max_drop: 1, confidence: 0.8}, {metric: brier_score, max: 1, max_drop: 1, confidence: 0.9}, {metric: balanced_accuracy, min: 0, max_drop: 1, confidence: 0.9}]\n")
        text += gate(
            "named", "pair_champion_named",
            binary + "    positive_label: 'yes'\n    bootstrap: {resamples: 100, seed: 6}\n"
                + "    metrics: [{metric: roc_auc, min: 0.5, max_drop: 1, confidence: 0.9}, {metric: recall, min: 0, max_drop: 1, confidence: 0.9}]\n"
        ).replacingOccurrences(of: "pair_rows", with: "pair_rows_named")
        text += gate(
            "text-weights", "pair_champion_text_weights",
            binary + "    weight: w\n    slices: [sex]\n    bootstrap: {resamples: 100, seed: 2}\n"
                + "    metrics: [{metric: roc_auc, min: 0.5, max_drop: 0.1, confidence: 0.9}, {metric: log_loss, max: 5, max_drop: 1, confidence: 0.9}]\n"
        ).replacingOccurrences(of: "pair_rows", with: "pair_rows_text_weights")
        return text
    }

    @Test func pairedByTheServerAsByMLGate() async throws {
        let server = try PostgresTestServer.shared.get()
        try server.psql(Self.candidate)
        try server.psql("DROP TABLE IF EXISTS pair_champion_ok; CREATE TABLE pair_champion_ok AS \(Self.champion)")
        for (name, sql, _) in Self.broken { try server.psql("DROP TABLE IF EXISTS \(name); CREATE TABLE \(name) AS \(sql)") }
        try server.psql(
            "DROP TABLE IF EXISTS pair_champion_varchar; CREATE TABLE pair_champion_varchar AS SELECT id::varchar(20) AS id, label, score FROM pair_champion_ok")
        try server.psql(Self.textWeights)
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let tables = [
            "pair_rows", "pair_champion_ok", "pair_champion_varchar", "pair_rows_text_weights", "pair_champion_text_weights",
            "pair_rows_named", "pair_champion_named", "pair_rows_text_estimate", "pair_rows_text_score", "pair_champion_text_score",
            "pair_champion_probs", "pair_rows_text_probs", "pair_champion_text_probs", "pair_rows_decided", "pair_champion_decided",
        ]
            + Self.broken.map(\.name)
        for table in tables { try server.export(table, to: folder.appendingPathComponent("\(table).csv")) }

        let url = server.url()
        let fileConfig = try ConfigLoader.parse(
            Self.config(rows: "pair_rows.csv") { $0 == "pair_champion_query" ? "pair_champion_ok.csv" : "\($0).csv" }, file: "p.yml", directory: folder)
        let dbConfig = try ConfigLoader.parse(
            Self.config(rows: "'\(url)#pair_rows'") { table in
                table == "pair_champion_query" ? "{database: '\(url)', query: 'SELECT * FROM pair_champion_ok ORDER BY id;'}" : "'\(url)#\(table)'"
            }, file: "p.yml", directory: folder)
        let fromFile = await GateRunner(config: fileConfig).run().withFixedTimes()
        let fromServer = await GateRunner(config: dbConfig).run().withFixedTimes()

        for gate in fromServer.gates {
            let input = try #require(gate.checks.first), baseline = try #require(gate.checks.dropFirst().first)
            if let (_, _, says) = Self.broken.first(where: { $0.name == gate.name }) {
                // Read row by row and paired by mlgate: the file mode's error.
                #expect(baseline.outcome == .error && baseline.message.contains(says), "\(gate.name): \(baseline.message)")
                #expect(baseline.message.contains("joined by the server") == false, "\(gate.name): \(baseline.message)")
                #expect(input.message.contains("counted by the server") == false, "\(gate.name): \(input.message)")
            } else {
                #expect(baseline.outcome == .passed, "\(gate.name): \(baseline.message)")
                // A binary model with a score column: both relations read in score order,
                // nothing kept per row; a regressor's sums computed by the server, the
                // bootstrap drawn from one read of the joined rows (nothing kept per row).
                let ranked = ["binary", "query", "varchar", "weighted", "named", "text-weights", "binary-text"].contains(gate.name)
                    ? ", read in each model's score order" : ""
                let multiclass = ["multiclass-sums", "multiclass-text", "multiclass-ranked"].contains(gate.name)
                    ? ", read in the candidate's score order" : gate.name == "decided" ? ", read in the candidate's weight order" : ""
                let summed = ["regression", "regression-slices", "regression-median", "regression-median-weighted", "regression-text"].contains(gate.name)
                #expect(
                    baseline.message.hasSuffix(": 3000 rows, paired by 'id' (joined by the server\(summed ? ", sums computed by it" : ranked + multiclass))"),
                    "\(gate.name): \(baseline.message)")
                if summed {
                    #expect(input.message.hasSuffix(": 3000 rows (sums computed by the server), regression"), "\(gate.name): \(input.message)")
                } else {
                    let distinct = input.message.firstMatch(of: /: 3000 rows \((\d+) distinct rows counted by the server\)/).flatMap { Int($0.1) }
                    #expect(distinct != nil, "\(gate.name): \(input.message)")
                }
                // Each bootstrapped check has its interval.
                let intervals = gate.checks.filter { $0.measurements.contains { $0.name == "drop_ci_low" } }
                // (the binary gate's per slice too: four regions).
                #expect(
                    intervals.count == [
                        "binary": 10, "regression": 2, "regression-slices": 20, "regression-median": 1, "regression-median-weighted": 14,
                        "regression-text": 10, "multiclass": 2, "query": 0, "varchar": 0, "weighted": 9, "named": 2, "text-weights": 6,
                        "binary-text": 5, "multiclass-sums": 25, "multiclass-text": 6, "multiclass-ranked": 5, "decided": 10,
                    ][gate.name],
                    "\(gate.name): \(gate.checks.map(\.message))")
            }
        }

        let display = postgresDisplay(url: url)
        let renaming = tables.sorted { $0.count > $1.count }.map { ("\(display)#\($0)", "\($0).csv") } + [("\(display)#query", "pair_champion_ok.csv")]
        var compared = 0
        expectSameNumbers(try reportJSON(fromFile), try reportJSON(fromServer, renaming: renaming), path: "report", compared: &compared)
        #expect(compared > 100, "\(compared) numbers compared")
    }

    /// A multiclass model and its champion read in one pass hold, at once, only the
    /// contents of a run of rows equal in every score and weight of both models (their
    /// labels): a candidate whose first score never changes made the whole table one run
    /// when the rows were ordered by that column alone.
    @Test func aRunHoldsOnlyRowsEqualInEveryScore() throws {
        let server = try PostgresTestServer.shared.get()
        let name = "pair_joined_flat"
        try server.psql(
            """
            DROP TABLE IF EXISTS \(name);
            CREATE TABLE \(name) AS SELECT (ARRAY['a', 'b', 'c'])[(i * 13) % 3 + 1] AS cls, 0.0::float8 AS p_a,
              ((i * 7) % 50) / 100.0 AS p_b, 1 - ((i * 7) % 50) / 100.0 AS p_c, (1 + i % 4) / 2.0 AS w,
              (i % 3) / 10.0 AS mlgate_champion_p_a, 0.2::float8 AS mlgate_champion_p_b, 0.8 - (i % 3) / 10.0 AS mlgate_champion_p_c,
              (1 + i % 4) / 2.0 AS mlgate_champion_w
            FROM generate_series(1, 3000) AS i
            """)
        var candidate = PredictionColumns(task: .multiclass, label: "cls", scores: .prefix("p_"), weight: "w")
        candidate.multiplicity = DatabaseTable.rowCountColumn
        var champion = PredictionColumns(task: .multiclass, label: "cls", scores: .prefix("mlgate_champion_p_"), weight: "mlgate_champion_w")
        champion.multiplicity = DatabaseTable.rowCountColumn
        func largestRun(_ ordered: [String]) throws -> (Int, folded: Bool) {
            let table = DatabaseTable(connection: server.url(), relation: .table(name))
                .grouped(.ordered(.descending(ordered)), reading: "\(candidate)\u{0}\(champion)")
            var reader = try PostgresTableReader(table, location: SourceLocation(file: "f.yml"))
            var consumer = PairedClassifierConsumer(
                candidate: try PredictionsLoader.Consumer(columns: candidate, header: reader.columns, path: name),
                champion: try PredictionsLoader.Consumer(columns: champion, header: reader.columns, path: name), ordered: ordered,
                settings: BootstrapSettings(resamples: 20, seed: 1))
            reader.keptColumns = consumer.columnsRead
            try consumer.consume(&reader)
            return (consumer.largestRun, try consumer.finish() != nil)
        }
        let order = try #require(
            ChampionPairing.foldOrder(
                PredictionColumns(task: .multiclass, label: "cls", scores: .prefix("p_"), weight: "w"),
                PredictionColumns(task: .multiclass, label: "cls", scores: .prefix("p_"), weight: "w"),
                candidateHeader: ["cls", "p_a", "p_b", "p_c", "w"], championHeader: ["id", "cls", "w", "p_a", "p_b", "p_c"]))
        #expect(order.candidate == ["p_a", "p_b", "p_c", "w"] && order.champion == ["p_a", "p_b", "p_c", "w"])
        let every = order.candidate + order.champion.map { ChampionPairing.championPrefix + $0 }
        let (run, folded) = try largestRun(every)
        #expect(folded && run <= 3, "\(run) contents in a run")
        // Ordered by the first score alone: one run of every content.
        let (whole, _) = try largestRun(["p_a"])
        #expect(whole > 100, "\(whole) contents in a run")
    }

    /// A binary model's ranked read of the join sends the rows of one score in order of
    /// the rest of their content's numbers (the champion's score, both weights): a run
    /// of rows equal in all of them holds only contents that differ in their labels and
    /// predictions, where a run of one score of eleven values held about a tenth of them.
    @Test func aRankedRunHoldsOnlyRowsEqualInEveryNumber() throws {
        let server = try PostgresTestServer.shared.get()
        let name = "pair_joined_coarse"
        try server.psql(
            """
            DROP TABLE IF EXISTS \(name);
            CREATE TABLE \(name) AS SELECT (i * 13) % 2 AS label, round(((i * 7919) % 1000) / 1000.0, 1)::float8 AS score,
              ((i * 31) % 3) % 2 AS pred, (1 + i % 4) / 2.0 AS w, ((i * 104729) % 997) / 997.0 AS mlgate_champion_score,
              (i * 17) % 2 AS mlgate_champion_pred, (1 + i % 4) / 2.0 AS mlgate_champion_w
            FROM generate_series(1, 3000) AS i
            """)
        var ranked = PredictionColumns(task: .binary, label: "label", prediction: "pred", scores: .column("score"), weight: "w")
        ranked.multiplicity = DatabaseTable.rowCountColumn
        var other = PredictionColumns(
            task: .binary, label: "label", prediction: "mlgate_champion_pred", scores: .column("mlgate_champion_score"), weight: "mlgate_champion_w")
        other.multiplicity = DatabaseTable.rowCountColumn
        let ties = PairedResampling.ties(ranked: ranked, other: other)
        #expect(ties == ["mlgate_champion_score", "w", "mlgate_champion_w"])
        func largestRun(ties: [String]) throws -> (Int, drawn: Bool) {
            let table = DatabaseTable(connection: server.url(), relation: .table(name))
                .grouped(.ranked(score: "score", ties: ties), reading: "\(ranked)\u{0}\(other)")
            var reader = try PostgresTableReader(table, location: SourceLocation(file: "f.yml"))
            var consumer = try RankedScoresConsumer(columns: ranked, header: reader.columns, path: name)
            consumer.resampling = PairedResampling(
                other: try PredictionsLoader.Consumer(columns: other, header: reader.columns, path: name), rankedIsCandidate: true,
                rankedColumns: ranked, thresholdClasses: (nil, nil), settings: BootstrapSettings(resamples: 20, seed: 1))
            reader.keptColumns = consumer.columnsRead
            try consumer.consume(&reader)
            guard case .sums(let sums) = try consumer.finish() else { return (consumer.resampling?.largestRun ?? 0, false) }
            return (consumer.resampling?.largestRun ?? 0, consumer.finishResampling(sums) != nil)
        }
        let (run, drawn) = try largestRun(ties: ties)
        #expect(drawn && run <= 4, "\(run) contents in a run")
        // Without the ties the rows of one score come in no order: the read gives up
        // drawing (the gate then reads the join grouped).
        let (_, unordered) = try largestRun(ties: [])
        #expect(unordered == false)
    }

    @Test func theCheckStatementsAnswerDecides() {
        // The ids that break pairing, the candidate's rows.
        #expect(ChampionPairing.pairs([["0", "3", "0", "1"]]))
        #expect(ChampionPairing.pairs([["1", "3", "0", "1"]]) == false, "an id empty, twice, missing, or with another label")
        #expect(ChampionPairing.pairs([["0", "0", nil, nil]]) == false, "no rows")
        #expect(ChampionPairing.pairs([[nil, nil, nil, nil]]) == false, "no rows on either side (SUM of nothing)")
        #expect(ChampionPairing.pairs([["0", "3", "1"]]) == false)
        // The lowest and highest label: a binary model's classes.
        #expect(ChampionPairing.labels([["0", "3", "0", "1"]]) == ["0", "1"])
        #expect(ChampionPairing.labels([["0", "3", "yes", "yes"]]) == ["yes"])
        #expect(ChampionPairing.labels([["1", "3", "0", "1"]]) == nil)
        #expect(ChampionPairing.pairs([]) == false)
    }
}
