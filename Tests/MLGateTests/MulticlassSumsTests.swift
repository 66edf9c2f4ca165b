import Foundation
import Testing

@testable import MLGate

/// A multiclass model's metrics from rows a server grouped (``MulticlassSumsConsumer``)
/// and from every score column's scores in descending order (``ClassScoresConsumer``)
/// equal the file mode's on the same rows: counts and rankings exactly, log loss and
/// Brier score to 1e-12 (every number to 1e-12 with weights); streams the sums cannot
/// take (out of order, reads that disagree, scores the server could not order) are noticed.
@Suite struct MulticlassSumsTests {
    /// Every multiclass metric, and a few more parameters.
    static let metrics: [Metric] = Metric.all(for: .multiclass) + [
        .topKAccuracy(k: 1), .topKAccuracy(k: 3), .fbeta(.weighted, beta: 2), .specificity(.weighted), .falseNegativeRate(.micro),
    ]

    struct Row: Hashable {
        var label: String
        var prediction: String
        /// One probability a class, in `classes`' order, as text.
        var scores: [String]
        var region: String
        var weight: String
    }

    /// Seeded rows over `classes`: probabilities with `decimals` decimals that sum to 1
    /// (ties within a row and between rows), a label drawn near the most probable class,
    /// a prediction that is the most probable class now and then not, four regions.
    static func rows(seed: UInt64, count: Int, decimals: Int, classes: [String], weights: [String] = []) -> [Row] {
        var generator = SplitMix64(seed: seed)
        let scale = Int(pow(10, Double(decimals)))
        return (0..<count).map { _ in
            var units: [Int] = []
            var left = scale
            for _ in 0..<(classes.count - 1) {
                let unit = Int.random(in: 0...left, using: &generator)
                units.append(unit)
                left -= unit
            }
            units.append(left)
            units.shuffle(using: &generator)
            let top = units.indices.max { units[$0] < units[$1] }!
            let label = Double.random(in: 0...1, using: &generator) < 0.6 ? top : Int.random(in: 0..<classes.count, using: &generator)
            let prediction = Double.random(in: 0...1, using: &generator) < 0.8 ? top : Int.random(in: 0..<classes.count, using: &generator)
            return Row(
                label: classes[label], prediction: classes[prediction],
                scores: units.map { String(format: "%.\(decimals)f", Double($0) / Double(scale)) },
                region: ["north", "south", "east", "west"][Int.random(in: 0..<4, using: &generator)],
                weight: weights.isEmpty ? "" : weights[Int.random(in: 0..<weights.count, using: &generator)])
        }
    }

    static func header(_ classes: [String]) -> [String] {
        ["label", "prediction"] + classes.map { "p_\($0)" } + ["region", "weight"]
    }

    /// The rows grouped as the server groups them for the rows' read, in an order of
    /// their own.
    static func rowsCSV(_ rows: [Row], classes: [String], prediction: Bool) -> String {
        var counts: [Row: Int] = [:]
        for var row in rows {
            if !prediction { row.prediction = "" }
            counts[row, default: 0] += 1
        }
        var text = (header(classes) + [DatabaseTable.rowCountColumn]).joined(separator: ",") + "\n"
        for row in counts.keys.sorted(by: { "\($0)".utf8.reversed().lexicographicallyPrecedes("\($1)".utf8.reversed()) }) {
            text += ([row.label, row.prediction] + row.scores + [row.region, row.weight, String(counts[row]!)]).joined(separator: ",") + "\n"
        }
        return text
    }

    struct Pair: Hashable {
        var label: String
        var region: String
        var weight: String
        var column: Int
        var score: String
    }

    /// One row per row and score column, grouped as the server groups them, in
    /// descending score order (equal scores in an order of their own); `mutate` changes
    /// the pairs first.
    static func rankingCSV(_ rows: [Row], classes: [String], mutate: (inout [Pair: Int]) -> Void = { _ in }) -> String {
        var counts: [Pair: Int] = [:]
        for row in rows {
            for (offset, score) in row.scores.enumerated() {
                counts[Pair(label: row.label, region: row.region, weight: row.weight, column: 2 + offset, score: score), default: 0] += 1
            }
        }
        mutate(&counts)
        let ordered = counts.keys.sorted { a, b in
            let x = Double(a.score)!, y = Double(b.score)!
            return x != y ? x > y : "\(a)".utf8.reversed().lexicographicallyPrecedes("\(b)".utf8.reversed())
        }
        let columns = header(classes) + [DatabaseTable.rowCountColumn, DatabaseTable.classColumn, DatabaseTable.classScoreColumn]
        var text = columns.joined(separator: ",") + "\n"
        for pair in ordered {
            let cells = [pair.label, ""] + classes.map { _ in "" } + [pair.region, pair.weight, String(counts[pair]!), String(pair.column), pair.score]
            text += cells.joined(separator: ",") + "\n"
        }
        return text
    }

    static func columns(prediction: Bool, weighted: Bool) -> PredictionColumns {
        var columns = PredictionColumns(
            task: .multiclass, label: "label", prediction: prediction ? "prediction" : nil, scores: .prefix("p_"), slices: ["region"])
        if weighted { columns.weight = "weight" }
        columns.multiplicity = DatabaseTable.rowCountColumn
        return columns
    }

    /// Feeds the two reads to their consumers, a few rows a batch; the rows each kept.
    static func folded(rows rowsText: String, ranking rankingText: String?, columns: PredictionColumns) throws
        -> (MulticlassScores.Sums?, kept: Int, ranking: Result<ClassScoresConsumer.Folded, ClassScoresConsumer.Unfolded>?)
    {
        var reader = try CSVReader(source: MemoryByteSource(Array(rowsText.utf8)), displayPath: "rows.csv", batchSize: 7)
        var consumer = try MulticlassSumsConsumer(columns: columns, header: reader.columns, path: "rows.csv")
        while let batch = try reader.nextBatch() { try consumer.observe(batch) }
        var kept = consumer.loader.labels.count
        guard let rows = try consumer.finish() else { return (nil, kept, nil) }
        var ranking: Result<ClassScoresConsumer.Folded, ClassScoresConsumer.Unfolded>?
        if let rankingText {
            var reader = try CSVReader(source: MemoryByteSource(Array(rankingText.utf8)), displayPath: "ranking.csv", batchSize: 5)
            var consumer = try ClassScoresConsumer(columns: columns, header: reader.columns, path: "ranking.csv")
            while !consumer.isDone, let batch = try reader.nextBatch() { try consumer.observe(batch) }
            kept += consumer.loader?.labels.count ?? 0
            ranking = consumer.finish()
        }
        let folded: ClassScoresConsumer.Folded?
        switch ranking {
        case .success(let value)?: folded = value
        case .failure?: return (nil, kept, ranking)
        case nil: folded = nil
        }
        return (MulticlassScores.sums(rows: rows, ranking: folded, weighted: columns.weight != nil), kept, ranking)
    }

    /// The file mode: every row, read by the predictions loader.
    static func fileMode(_ rows: [Row], classes: [String], prediction: Bool, weighted: Bool) throws -> LoadedPredictions {
        var text = header(classes).joined(separator: ",") + "\n"
        for row in rows {
            text += ([row.label, prediction ? row.prediction : ""] + row.scores + [row.region, row.weight]).joined(separator: ",") + "\n"
        }
        var reader = try CSVReader(source: MemoryByteSource(Array(text.utf8)), displayPath: "rows.csv")
        var columns = columns(prediction: prediction, weighted: weighted)
        columns.multiplicity = nil
        return try PredictionsLoader(columns: columns).load(&reader, path: "rows.csv")
    }

    /// The sums' metrics are the evaluator's: exactly, but log loss and Brier score (and
    /// every metric when `weighted`) to 1e-12 relative; undefined for the same reason.
    static func expectSame(_ sums: MulticlassScoreMetrics, _ evaluator: MetricEvaluator, _ context: String, weighted: Bool) {
        for metric in metrics {
            RankedScoresTests.expectSameValue(
                evaluator.value(metric), sums.value(of: metric), close: weighted || metric == .logLoss || metric == .brierScore,
                "\(context) \(metric.name)")
        }
    }

    @Test(
        "the sums give the file mode's metrics and slices",
        arguments: [
            (seed: UInt64(1), count: 3000, decimals: 2, prediction: true, classes: ["a", "b", "c"], weights: [String]()),
            // Many ties, within rows (top-k's and argmax's order) and between them; the
            // columns' order is not the classes' sorted order.
            (seed: 2, count: 2000, decimals: 1, prediction: false, classes: ["zeta", "alpha", "mid"], weights: []),
            (seed: 3, count: 2500, decimals: 3, prediction: true, classes: ["4", "10", "2", "7"], weights: []),
            // Weights, some 0.
            (seed: 4, count: 3000, decimals: 2, prediction: true, classes: ["a", "b", "c"], weights: ["0", "0.5", "1", "2.25"]),
            (seed: 5, count: 1500, decimals: 1, prediction: false, classes: ["x", "y"], weights: ["1.5", "3"]),
        ])
    func matchesFileMode(case: (seed: UInt64, count: Int, decimals: Int, prediction: Bool, classes: [String], weights: [String])) throws {
        let rows = Self.rows(seed: `case`.seed, count: `case`.count, decimals: `case`.decimals, classes: `case`.classes, weights: `case`.weights)
        let weighted = !`case`.weights.isEmpty
        let (sums, kept, _) = try Self.folded(
            rows: Self.rowsCSV(rows, classes: `case`.classes, prediction: `case`.prediction),
            ranking: Self.rankingCSV(rows, classes: `case`.classes), columns: Self.columns(prediction: `case`.prediction, weighted: weighted))
        #expect(kept == 0, "rows kept after the last batch: \(kept)")
        let folded = try #require(sums, "not folded")
        let file = try Self.fileMode(rows, classes: `case`.classes, prediction: `case`.prediction, weighted: weighted)
        guard case .classification(let classification) = file.predictions else { return }
        #expect(folded.rows == rows.count)
        #expect(folded.classes.classes == classification.classes)
        Self.expectSame(folded.overall, MetricEvaluator(file.predictions), "overall", weighted: weighted)
        let slices = file.slices["region"]!.rowsByValue
        #expect(folded.slices.map(\.value) == slices.map(\.value))
        for (scope, slice) in zip(folded.slices, slices) {
            #expect(scope.rows == slice.rows.count)
            Self.expectSame(scope.metrics, MetricEvaluator(file.predictions.subset(slice.rows)), "region=\(slice.value)", weighted: weighted)
        }
    }

    /// Without a check that ranks the rows there is no ranking read: the other metrics
    /// come from the rows' read alone.
    @Test func withoutARankingReadTheCountsAndSumsAreAnswered() throws {
        let classes = ["a", "b", "c"]
        let rows = Self.rows(seed: 8, count: 800, decimals: 2, classes: classes)
        let (sums, _, _) = try Self.folded(
            rows: Self.rowsCSV(rows, classes: classes, prediction: true), ranking: nil, columns: Self.columns(prediction: true, weighted: false))
        let folded = try #require(sums)
        let evaluator = MetricEvaluator(try Self.fileMode(rows, classes: classes, prediction: true, weighted: false).predictions)
        for metric in [Metric.accuracy, .f1(.macro), .logLoss, .brierScore, .topKAccuracy(k: 2), .cohenKappa] {
            let a = evaluator.value(metric).number!, b = try #require(folded.overall.value(of: metric).number)
            #expect(abs(a - b) <= 1e-12 * abs(a), "\(metric.name): \(a) vs \(b)")
        }
    }

    /// Streams the sums cannot take: a score above the last, a ranking read that lacks
    /// a row of the rows' read (the table changed between the two), a ranking read
    /// without the score columns' positions (a server that could not order them).
    @Test func aStreamOutOfStepIsNotFolded() throws {
        let classes = ["a", "b", "c"]
        let rows = Self.rows(seed: 9, count: 600, decimals: 2, classes: classes)
        let rowsText = Self.rowsCSV(rows, classes: classes, prediction: true)
        let columns = Self.columns(prediction: true, weighted: false)

        var lines = Self.rankingCSV(rows, classes: classes).split(separator: "\n").map(String.init)
        lines.swapAt(3, lines.count - 2)
        let (swapped, _, swappedRanking) = try Self.folded(rows: rowsText, ranking: lines.joined(separator: "\n") + "\n", columns: columns)
        #expect(swapped == nil)
        guard case .failure(let reason)? = swappedRanking else {
            Issue.record("folded: \(String(describing: swappedRanking))")
            return
        }
        #expect(reason.reason.contains("after a lower one"), "\(reason.reason)")

        let lacking = Self.rankingCSV(rows, classes: classes) { counts in
            let first = counts.keys.sorted { $0.score < $1.score }.first!
            counts[first]! -= 1
            if counts[first]! == 0 { counts[first] = nil }
        }
        let (disagreeing, _, ranking) = try Self.folded(rows: rowsText, ranking: lacking, columns: columns)
        guard case .success? = ranking else {
            Issue.record("the ranking read was not folded")
            return
        }
        #expect(disagreeing == nil, "two reads that disagree gave sums")

        let unordered = Self.rowsCSV(rows, classes: classes, prediction: true)
        let (_, _, plain) = try Self.folded(rows: rowsText, ranking: unordered, columns: columns)
        guard case .failure(let why)? = plain else {
            Issue.record("folded without the score columns' positions")
            return
        }
        #expect(why.reason.contains("could not order"), "\(why.reason)")
    }

    /// One score column: each row's other classes take 1 − p, as only the rows read one
    /// by one give them; the rows are not folded.
    @Test func oneScoreColumnIsNotFolded() throws {
        let text = "label,prediction,p_a,region,weight,\(DatabaseTable.rowCountColumn)\na,a,1,north,,2\n"
        var reader = try CSVReader(source: MemoryByteSource(Array(text.utf8)), displayPath: "rows.csv")
        var consumer = try MulticlassSumsConsumer(columns: Self.columns(prediction: true, weighted: false), header: reader.columns, path: "rows.csv")
        #expect(consumer.isDone)
        while let batch = try reader.nextBatch() { try consumer.observe(batch) }
        #expect(try consumer.finish() == nil)
    }
}
