import Foundation
import Testing

@testable import MLGate

/// A binary model's metrics from rows a server grouped and sent in descending score order
/// (``RankedScoresConsumer``, ``BinaryScoreSums``) equal the file mode's on the same rows:
/// counts and rankings exactly, log loss and Brier to 1e-12; and a stream the sums cannot
/// take (out of order, a count of distinct scores that does not match, no count) is noticed.
@Suite struct RankedScoresTests {
    /// Metrics a ranked read answers.
    static let metrics: [Metric] = [
        .accuracy, .balancedAccuracy, .precision(.binary), .recall(.binary), .f1(.binary), .f1(.macro), .precision(.micro),
        .fbeta(.weighted, beta: 2), .matthewsCorrcoef, .cohenKappa, .specificity(.binary), .falsePositiveRate(.binary),
        .falseNegativeRate(.binary), .logLoss, .brierScore, .rocAUC(nil, .macro), .averagePrecision(.binary), .topKAccuracy(k: 1),
        .meanAbsoluteError,
    ]

    struct Row: Hashable {
        var label: String
        var score: String
        var prediction: String
        var region: String
        /// The sample weight's text; empty without a weight column.
        var weight = ""
    }

    /// Seeded rows: scores with `decimals` decimals (ties), labels `classes`, a prediction
    /// column that disagrees now and then, four regions.
    static func rows(seed: UInt64, count: Int, decimals: Int, classes: [String], weights: [String] = []) -> [Row] {
        var generator = SplitMix64(seed: seed)
        let scale = pow(10, Double(decimals))
        return (0..<count).map { _ in
            let score = (Double.random(in: 0...1, using: &generator) * scale).rounded() / scale
            let positive = Double.random(in: 0...1, using: &generator) < score
            let flip = Double.random(in: 0...1, using: &generator) < 0.1
            return Row(
                label: classes[positive ? 1 : 0], score: String(format: "%.\(decimals)f", score),
                prediction: classes[(score >= 0.5) != flip ? 1 : 0], region: ["north", "south", "east", "west"][Int.random(in: 0..<4, using: &generator)],
                weight: weights.isEmpty ? "" : weights[Int.random(in: 0..<weights.count, using: &generator)])
        }
    }

    /// The rows grouped as the server groups them, in descending score order, the first
    /// with the number of distinct scores (`countOffset` added, to make it wrong; on no
    /// row with `counted` false).
    static func rankedCSV(_ rows: [Row], prediction: Bool, countOffset: Int = 0, counted: Bool = true) -> String {
        var counts: [Row: Int] = [:]
        for var row in rows {
            if !prediction { row.prediction = "" }
            counts[row, default: 0] += 1
        }
        let scores = Set(counts.keys.map { Double($0.score)! }).count + countOffset
        let ordered = counts.keys.sorted { Double($0.score)! > Double($1.score)! }
        var text = "label,score,prediction,region,weight,\(DatabaseTable.rowCountColumn),\(DatabaseTable.distinctScoresColumn)\n"
        for (index, row) in ordered.enumerated() {
            text += "\(row.label),\(row.score),\(row.prediction),\(row.region),\(row.weight),\(counts[row]!),\(index == 0 && counted ? String(scores) : "")\n"
        }
        return text
    }

    static func columns(prediction: Bool, positive: String? = nil, weighted: Bool = false) -> PredictionColumns {
        var columns = PredictionColumns(
            task: .binary, label: "label", prediction: prediction ? "prediction" : nil, scores: .column("score"),
            positiveLabel: positive, slices: ["region"])
        if weighted { columns.weight = "weight" }
        columns.multiplicity = DatabaseTable.rowCountColumn
        return columns
    }

    /// Feeds `csv` to a ranked consumer, a few rows a batch (scores span batches).
    static func ranked(_ csv: String, columns: PredictionColumns) throws -> (RankedScores, kept: Int) {
        var reader = try CSVReader(source: MemoryByteSource(Array(csv.utf8)), displayPath: "ranked.csv", batchSize: 7)
        var consumer = try RankedScoresConsumer(columns: columns, header: reader.columns, path: "ranked.csv")
        while let batch = try reader.nextBatch() { try consumer.observe(batch) }
        let kept = consumer.loader.labels.count
        return (try consumer.finish(), kept)
    }

    /// The file mode: every row, read by the predictions loader.
    static func fileMode(_ rows: [Row], prediction: Bool, positive: String? = nil, weighted: Bool = false) throws -> LoadedPredictions {
        var text = "label,score,prediction,region,weight\n"
        for row in rows { text += "\(row.label),\(row.score),\(prediction ? row.prediction : ""),\(row.region),\(row.weight)\n" }
        var reader = try CSVReader(source: MemoryByteSource(Array(text.utf8)), displayPath: "rows.csv")
        var columns = columns(prediction: prediction, positive: positive, weighted: weighted)
        columns.multiplicity = nil
        return try PredictionsLoader(columns: columns).load(&reader, path: "rows.csv")
    }

    /// The sums' metrics are the evaluator's: exactly, but log loss and Brier score (and
    /// every metric when `weighted`: a count times a weight against that many additions)
    /// to 1e-12 relative.
    static func expectSame(_ sums: BinaryScoreMetrics, _ evaluator: MetricEvaluator, _ context: String, weighted: Bool = false) {
        for metric in metrics {
            expectSameValue(
                evaluator.value(metric), sums.value(of: metric), close: weighted || metric == .logLoss || metric == .brierScore,
                "\(context) \(metric.name)")
        }
    }

    /// Sums' value of a metric is the evaluator's: equal, or to 1e-12 relative when
    /// `close`; undefined for the same reason.
    static func expectSameValue(_ expected: MetricValue, _ actual: MetricValue, close: Bool, _ context: String) {
        switch (expected, actual) {
        case (.value(let a), .value(let b)):
            if close {
                #expect(abs(a - b) <= 1e-12 * abs(a), "\(context): \(a) vs \(b)")
            } else {
                #expect(a == b, "\(context): \(a) vs \(b)")
            }
        case (.undefined(let a), .undefined(let b)):
            #expect(a == b, "\(context)")
        default:
            Issue.record("\(context): \(expected) vs \(actual)")
        }
    }

    /// A binary model gate with slices and metrics of every kind a ranked read answers
    /// (the server tests': WarehouseRankedTests, SparkRankedTests), its rows weighted by
    /// column `weight` if given.
    static func gateConfig(_ input: String, weight: String? = nil) -> String {
        """
        version: 1
        gates:
          - {name: m, kind: model, predictions: \(input), task: binary, label: label, score: score, id: id, slices: [region], min_slice_size: 10,\(weight.map { " weight: \($0)," } ?? "")
            metrics: [{metric: roc_auc, min: 0.5}, {metric: average_precision, min: 0.1}, {metric: log_loss, max: 5}, {metric: brier_score, max: 1},
              {metric: accuracy, min: 0.1}, {metric: f1, min: 0.1}, {metric: matthews_corrcoef, min: -1}, {metric: cohen_kappa, min: -1}]}

        """
    }

    /// For each weighting (none; column `weight`), ``gateConfig(_:weight:)`` over each of
    /// `inputs` (a server's table or query) gives the report it gives over `file`, in
    /// `folder` (``expectFileModes(_:_:rows:read:_:weighted:)``); `summed` are the inputs
    /// whose server computes the sums (``BinaryRankingPushdown``), the others send their
    /// rows grouped.
    static func expectInputsMatchFile(_ file: String, _ inputs: [String], summed: Set<String> = [], folder: URL, rows: Int) async throws {
        for weight in [nil, "weight"] {
            let run = { (input: String) in
                await GateRunner.run(try ConfigLoader.parse(gateConfig(input, weight: weight), file: "m.yml", directory: folder).gates[0])
            }
            let fromFile = try await run(file)
            for input in inputs {
                let read = summed.contains(input) ? "sums computed by the server" : "\(rows) distinct rows counted by the server"
                expectFileModes(fromFile, try await run(input), rows: rows, read: read, "\(input), weight \(weight ?? "none")", weighted: weight != nil)
            }
        }
    }

    /// A server's result of ``gateConfig(_:weight:)`` is the file mode's: the rows said
    /// read as `read` says, counts, rankings and curves exactly, log loss and Brier score to 1e-12
    /// (every number to 1e-12 when `weighted`: a count times a weight).
    static func expectFileModes(_ file: GateResult, _ server: GateResult, rows: Int, read: String, _ context: String, weighted: Bool = false) {
        #expect(file.checks.allSatisfy { $0.outcome != .error }, "\(file.checks.map(\.message))")
        let input = server.checks.first?.message ?? ""
        #expect(input.contains(": \(rows) rows (\(read)), binary"), "\(context): \(input)")
        #expect(file.checks.count == server.checks.count)
        for (a, b) in zip(file.checks, server.checks).dropFirst() {
            #expect(a.name == b.name && a.outcome == b.outcome, "\(context) \(a.name): \(a.message) / \(b.message)")
            for (x, y) in zip(a.measurements, b.measurements) {
                let summed = weighted || a.name.hasPrefix("log_loss") || a.name.hasPrefix("brier")
                #expect(summed ? abs(x.value - y.value) <= 1e-12 * abs(x.value) : x.value == y.value, "\(context) \(a.name) \(x.name): \(x.value) / \(y.value)")
            }
        }
        if weighted {
            expectCurvesClose(server.curves ?? [], file.curves ?? [])
        } else {
            #expect(file.curves == server.curves, "\(context): the curves")
        }
        // Thinned to the limit, with the origin and the last point.
        #expect(file.curves?.first?.x.count == MetricEvaluator.curveLimit + 2)
    }

    @Test(
        "the sums give the file mode's metrics, curves and slices",
        arguments: [
            (seed: UInt64(1), count: 3000, decimals: 2, prediction: true, classes: ["0", "1"], positive: String?.none),
            (seed: 2, count: 5000, decimals: 6, prediction: false, classes: ["0", "1"], positive: nil),
            (seed: 3, count: 800, decimals: 1, prediction: true, classes: ["no", "yes"], positive: "yes"),
            (seed: 4, count: 1200, decimals: 3, prediction: false, classes: ["false", "true"], positive: nil),
        ])
    func matchesFileMode(case: (seed: UInt64, count: Int, decimals: Int, prediction: Bool, classes: [String], positive: String?)) throws {
        let rows = Self.rows(seed: `case`.seed, count: `case`.count, decimals: `case`.decimals, classes: `case`.classes)
        let (ranked, kept) = try Self.ranked(
            Self.rankedCSV(rows, prediction: `case`.prediction), columns: Self.columns(prediction: `case`.prediction, positive: `case`.positive))
        #expect(kept == 0, "rows kept after the last batch: \(kept)")
        guard case .sums(let sums) = ranked else {
            Issue.record("not folded: \(ranked)")
            return
        }
        let file = try Self.fileMode(rows, prediction: `case`.prediction, positive: `case`.positive)
        #expect(sums.rows == rows.count)
        guard case .classification(let classification) = file.predictions else { return }
        #expect(sums.classes.classes == classification.classes)
        #expect(sums.classes.positiveClass == classification.positiveClass)
        let whole = MetricEvaluator(file.predictions)
        Self.expectSame(sums.overall, whole, "overall")
        #expect(sums.overall.curves == whole.curves())
        #expect(!sums.overall.curves.isEmpty)
        let slices = file.slices["region"]!.rowsByValue
        #expect(sums.slices.map(\.value) == slices.map(\.value))
        for (scope, slice) in zip(sums.slices, slices) {
            #expect(scope.rows == slice.rows.count)
            Self.expectSame(scope.metrics, MetricEvaluator(file.predictions.subset(slice.rows)), "region=\(slice.value)")
        }
    }

    /// With a weight column each grouped row weighs its count times its weight: the file
    /// mode's numbers to 1e-12 relative, classes present by their rows (a label whose rows
    /// all weigh 0 is still a class the macro averages count).
    @Test(
        "weighted sums give the file mode's metrics, curves and slices",
        arguments: [
            (seed: UInt64(11), count: 3000, decimals: 2, prediction: true, weights: ["0.5", "1", "2.25", "3"]),
            (seed: 12, count: 4000, decimals: 4, prediction: false, weights: ["1.5", "0.125", "7"]),
        ])
    func weightedMatchesFileMode(case: (seed: UInt64, count: Int, decimals: Int, prediction: Bool, weights: [String])) throws {
        let rows = Self.rows(seed: `case`.seed, count: `case`.count, decimals: `case`.decimals, classes: ["0", "1"], weights: `case`.weights)
        let columns = Self.columns(prediction: `case`.prediction, weighted: true)
        let (ranked, kept) = try Self.ranked(Self.rankedCSV(rows, prediction: `case`.prediction), columns: columns)
        #expect(kept == 0, "rows kept after the last batch: \(kept)")
        guard case .sums(let sums) = ranked else {
            Issue.record("not folded: \(ranked)")
            return
        }
        let file = try Self.fileMode(rows, prediction: `case`.prediction, weighted: true)
        #expect(sums.rows == rows.count)
        let whole = MetricEvaluator(file.predictions)
        Self.expectSame(sums.overall, whole, "overall", weighted: true)
        Self.expectCurvesClose(sums.overall.curves, whole.curves())
        let slices = file.slices["region"]!.rowsByValue
        #expect(sums.slices.map(\.value) == slices.map(\.value))
        for (scope, slice) in zip(sums.slices, slices) {
            #expect(scope.rows == slice.rows.count)
            Self.expectSame(scope.metrics, MetricEvaluator(file.predictions.subset(slice.rows)), "region=\(slice.value)", weighted: true)
        }
    }

    /// Curves with the same points, to 1e-12 relative.
    static func expectCurvesClose(_ actual: [CurveReport], _ expected: [CurveReport]) {
        #expect(!actual.isEmpty && actual.count == expected.count)
        for (a, e) in zip(actual, expected) {
            #expect(a.x.count == e.x.count && a.y.count == e.y.count, "\(a.name)")
            for (u, v) in zip(a.x + a.y, e.x + e.y) { #expect(abs(u - v) <= 1e-12 * max(abs(v), 1e-300), "\(a.name): \(u) vs \(v)") }
        }
    }

    /// Rows that weigh 0: a label held only by such rows is present (the macro averages
    /// count it) as in the file mode; a score whose rows all weigh 0 is no threshold, so
    /// the server's count of distinct scores is not the thresholds' and the rows are read
    /// again one by one.
    @Test func zeroWeights() throws {
        // A score of its own whose rows weigh 0: not folded, by the count.
        var alone = Self.rows(seed: 14, count: 600, decimals: 2, classes: ["0", "1"], weights: ["1", "2"])
        alone.append(Row(label: "0", score: "0.00001", prediction: "0", region: "east", weight: "0"))
        let (ranked, _) = try Self.ranked(Self.rankedCSV(alone, prediction: true), columns: Self.columns(prediction: true, weighted: true))
        guard case .unfolded(let why) = ranked else {
            Issue.record("folded: \(ranked)")
            return
        }
        #expect(why.contains("that weigh something"), "\(why)")
        // Zero weights at scores that weigh something: folded, with the file mode's
        // numbers; the label "1", held only by rows that weigh 0, is present.
        var shared = Self.rows(seed: 15, count: 600, decimals: 2, classes: ["0", "0"], weights: ["1", "2"])
        for index in 0..<4 { shared.append(Row(label: "1", score: shared[index].score, prediction: "1", region: "west", weight: "0")) }
        let (folded, _) = try Self.ranked(Self.rankedCSV(shared, prediction: true), columns: Self.columns(prediction: true, weighted: true))
        guard case .sums(let sums) = folded else {
            Issue.record("not folded: \(folded)")
            return
        }
        #expect(sums.overall.counts.presentLabels == [0, 1])
        Self.expectSame(sums.overall, MetricEvaluator(try Self.fileMode(shared, prediction: true, weighted: true).predictions), "zero weights", weighted: true)
    }

    /// Weights adding up over mlgate's limit are the loader's error, which the rows read
    /// one by one give: the sums are not folded.
    @Test func weightsOverTheLimitAreNotFolded() throws {
        let rows = Self.rows(seed: 16, count: 50, decimals: 2, classes: ["0", "1"], weights: ["1e149", "3e149"])
        let (ranked, _) = try Self.ranked(Self.rankedCSV(rows, prediction: true), columns: Self.columns(prediction: true, weighted: true))
        guard case .unfolded(let reason) = ranked else {
            Issue.record("folded: \(ranked)")
            return
        }
        #expect(reason.contains("limit"), "\(reason)")
        #expect(throws: TableReadError.self) { try Self.fileMode(rows, prediction: true, weighted: true) }
    }

    /// A stream the sums cannot take: a count of distinct scores that is not the rows',
    /// none, or two rows swapped so that a score rises.
    @Test(arguments: [
        (countOffset: 1, counted: true, swapped: false, reason: "the server counted 100 distinct scores, the rows 99"),
        (countOffset: 0, counted: false, swapped: false, reason: "did not come with the highest score"),
        (countOffset: 0, counted: true, swapped: true, reason: "after"),
    ])
    func aStreamOutOfStepIsNotFolded(case: (countOffset: Int, counted: Bool, swapped: Bool, reason: String)) throws {
        let rows = Self.rows(seed: 5, count: 500, decimals: 2, classes: ["0", "1"])
        var lines = Self.rankedCSV(rows, prediction: true, countOffset: `case`.countOffset, counted: `case`.counted)
            .split(separator: "\n").map(String.init)
        if `case`.swapped { lines.swapAt(3, lines.count - 2) }
        let (ranked, _) = try Self.ranked(lines.joined(separator: "\n") + "\n", columns: Self.columns(prediction: true))
        guard case .unfolded(let reason) = ranked else {
            Issue.record("folded: \(ranked)")
            return
        }
        #expect(reason.contains(`case`.reason), "\(reason)")
    }

    /// A server that could not order the scores sends no rank: the rows are kept.
    @Test func withoutRanksTheRowsAreKept() throws {
        let rows = Self.rows(seed: 7, count: 300, decimals: 2, classes: ["0", "1"])
        var lines = Self.rankedCSV(rows, prediction: true).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",") }
        lines[0] = lines[0].replacingOccurrences(of: DatabaseTable.distinctScoresColumn, with: "")
        let (ranked, kept) = try Self.ranked(lines.joined(separator: "\n") + "\n", columns: Self.columns(prediction: true))
        guard case .rows(let loaded) = ranked else {
            Issue.record("not rows: \(ranked)")
            return
        }
        #expect(kept == loaded.predictions.count && kept > 0)
        #expect(loaded.rowCount == 300)
    }
}
