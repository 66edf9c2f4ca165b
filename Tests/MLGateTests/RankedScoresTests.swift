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
    }

    /// Seeded rows: scores with `decimals` decimals (ties), labels `classes`, a prediction
    /// column that disagrees now and then, four regions.
    static func rows(seed: UInt64, count: Int, decimals: Int, classes: [String]) -> [Row] {
        var generator = SplitMix64(seed: seed)
        let scale = pow(10, Double(decimals))
        return (0..<count).map { _ in
            let score = (Double.random(in: 0...1, using: &generator) * scale).rounded() / scale
            let positive = Double.random(in: 0...1, using: &generator) < score
            let flip = Double.random(in: 0...1, using: &generator) < 0.1
            return Row(
                label: classes[positive ? 1 : 0], score: String(format: "%.\(decimals)f", score),
                prediction: classes[(score >= 0.5) != flip ? 1 : 0], region: ["north", "south", "east", "west"][Int.random(in: 0..<4, using: &generator)])
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
        var text = "label,score,prediction,region,\(DatabaseTable.rowCountColumn),\(DatabaseTable.distinctScoresColumn)\n"
        for (index, row) in ordered.enumerated() {
            text += "\(row.label),\(row.score),\(row.prediction),\(row.region),\(counts[row]!),\(index == 0 && counted ? String(scores) : "")\n"
        }
        return text
    }

    static func columns(prediction: Bool, positive: String? = nil) -> PredictionColumns {
        var columns = PredictionColumns(
            task: .binary, label: "label", prediction: prediction ? "prediction" : nil, scores: .column("score"),
            positiveLabel: positive, slices: ["region"])
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
    static func fileMode(_ rows: [Row], prediction: Bool, positive: String? = nil) throws -> LoadedPredictions {
        var text = "label,score,prediction,region\n"
        for row in rows { text += "\(row.label),\(row.score),\(prediction ? row.prediction : ""),\(row.region)\n" }
        var reader = try CSVReader(source: MemoryByteSource(Array(text.utf8)), displayPath: "rows.csv")
        var columns = columns(prediction: prediction, positive: positive)
        columns.multiplicity = nil
        return try PredictionsLoader(columns: columns).load(&reader, path: "rows.csv")
    }

    static func expectSame(_ sums: BinaryScoreMetrics, _ evaluator: MetricEvaluator, _ context: String) {
        for metric in metrics {
            let expected = evaluator.value(metric), actual = sums.value(of: metric)
            switch (expected, actual) {
            case (.value(let a), .value(let b)):
                if metric == .logLoss || metric == .brierScore {
                    #expect(abs(a - b) <= 1e-12 * abs(a), "\(context) \(metric.name): \(a) vs \(b)")
                } else {
                    #expect(a == b, "\(context) \(metric.name): \(a) vs \(b)")
                }
            case (.undefined(let a), .undefined(let b)):
                #expect(a == b, "\(context) \(metric.name)")
            default:
                Issue.record("\(context) \(metric.name): \(expected) vs \(actual)")
            }
        }
    }

    /// A binary model gate with slices and metrics of every kind a ranked read answers
    /// (the server tests': WarehouseRankedTests, SparkRankedTests).
    static func gateConfig(_ input: String) -> String {
        """
        version: 1
        gates:
          - {name: m, kind: model, predictions: \(input), task: binary, label: label, score: score, id: id, slices: [region], min_slice_size: 10,
            metrics: [{metric: roc_auc, min: 0.5}, {metric: average_precision, min: 0.1}, {metric: log_loss, max: 5}, {metric: brier_score, max: 1},
              {metric: accuracy, min: 0.1}, {metric: f1, min: 0.1}, {metric: matthews_corrcoef, min: -1}, {metric: cohen_kappa, min: -1}]}

        """
    }

    /// A server's result of ``gateConfig(_:)`` is the file mode's: the rows said grouped,
    /// counts, rankings and curves exactly, log loss and Brier score to 1e-12.
    static func expectFileModes(_ file: GateResult, _ server: GateResult, rows: Int, _ context: String) {
        #expect(file.checks.allSatisfy { $0.outcome != .error }, "\(file.checks.map(\.message))")
        let input = server.checks.first?.message ?? ""
        #expect(input.contains(": \(rows) rows (\(rows) distinct rows counted by the server), binary"), "\(context): \(input)")
        #expect(file.checks.count == server.checks.count)
        for (a, b) in zip(file.checks, server.checks).dropFirst() {
            #expect(a.name == b.name && a.outcome == b.outcome, "\(context) \(a.name): \(a.message) / \(b.message)")
            for (x, y) in zip(a.measurements, b.measurements) {
                let summed = a.name.hasPrefix("log_loss") || a.name.hasPrefix("brier")
                #expect(summed ? abs(x.value - y.value) <= 1e-12 * abs(x.value) : x.value == y.value, "\(context) \(a.name) \(x.name): \(x.value) / \(y.value)")
            }
        }
        #expect(file.curves == server.curves, "\(context): the curves")
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
