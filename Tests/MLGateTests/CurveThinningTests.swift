import Foundation
import Testing
@testable import MLGate

/// The ROC and precision–recall curves in the reports keep every step-th point of the
/// ranking (and the last); they are thinned while the ranking is walked. The points must
/// be those of the whole curve, computed here the plain way: by distinct score, highest
/// first, cumulative weighted positives and negatives.
@Suite("Curve thinning")
struct CurveThinningTests {
    /// Unweighted at the reports' limit, the points are kept by the pass that ranks the
    /// rows for ROC AUC (``RankingMetrics/binaryCurveAndPoints(limit:)``); otherwise by
    /// a pass of their own.
    @Test(arguments: [(300, 20), (5_000, 200), (5_000, 7), (150, 200), (12_000, 200)], [true, false])
    func keepsEveryStepthPointOfTheWholeCurve(_ shape: (rows: Int, limit: Int), weighted: Bool) {
        let (rows, limit) = shape
        var generator = SplitMix64(seed: UInt64(rows * 31 + limit))
        let labels = (0..<rows).map { _ in Int32(Int.random(in: 0...1, using: &generator)) }
        // Rounded scores: ties, as real models have them.
        let scores = labels.map { label in ((Double(label) * 0.3 + Double.random(in: 0..<0.7, using: &generator)) * 500).rounded() / 500 }
        let drawn = (0..<rows).map { _ in [0.0, 0.5, 1, 2][Int.random(in: 0...3, using: &generator)] }
        let weights = weighted ? drawn : [Double](repeating: 1, count: rows)
        let data = ClassificationPredictions(
            classes: ["0", "1"], positiveClass: 1, labels: labels, predicted: scores.map { $0 >= 0.5 ? 1 : 0 }, scores: scores,
            scoreWidth: 1, weights: weighted ? weights : nil)
        let curves = MetricEvaluator(.classification(data)).curves(limit: limit)

        // The whole curve.
        var points: [(Double, Double)] = []
        var truePositives = 0.0, falsePositives = 0.0
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var index = 0
        while index < order.count {
            let score = scores[order[index]]
            var group = (0.0, 0.0)
            while index < order.count, scores[order[index]] == score {
                let row = order[index]
                if weights[row] != 0 {
                    if labels[row] == 1 { group.0 += weights[row] } else { group.1 += weights[row] }
                }
                index += 1
            }
            guard group.0 > 0 || group.1 > 0 else { continue }
            truePositives += group.0
            falsePositives += group.1
            points.append((truePositives, falsePositives))
        }
        let step = max(1, (points.count + limit - 1) / limit)
        var kept = stride(from: 0, to: points.count, by: step).map { points[$0] }
        if kept.last! != points.last! { kept.append(points.last!) }
        let last = points.last!

        #expect(curves.count == 2)
        let roc = curves[0], precisionRecall = curves[1]
        #expect(roc.x.count == kept.count + 1 && precisionRecall.x.count == kept.count)
        for (position, point) in kept.enumerated() {
            #expect(abs(roc.x[position + 1] - point.1 / last.1) < 1e-12)
            #expect(abs(roc.y[position + 1] - point.0 / last.0) < 1e-12)
            #expect(abs(precisionRecall.y[position] - point.0 / (point.0 + point.1)) < 1e-12)
        }
    }

    /// The pass that also keeps the curves' points gives the ROC AUC and average
    /// precision that the ranking metrics give on their own, bit for bit, with ties and
    /// rows ordered by a score column of decimals or not.
    @Test(arguments: [1, 2, 1_000, 40_000], [true, false])
    func oneRankingPassGivesTheRankingMetrics(_ rows: Int, decimals: Bool) {
        var generator = SplitMix64(seed: UInt64(rows) &* 977 &+ (decimals ? 1 : 0))
        let labels = (0..<rows).map { _ in Int32(Int.random(in: 0...1, using: &generator)) }
        let scores = labels.map { label -> Double in
            let raw = Double(label) * 0.25 + Double.random(in: 0..<0.75, using: &generator)
            return decimals ? (raw * 1_000).rounded() / 1_000 : raw * 0.999_999_7
        }
        let data = ClassificationPredictions(
            classes: ["0", "1"], positiveClass: 1, labels: labels, predicted: scores.map { $0 >= 0.5 ? 1 : 0 }, scores: scores,
            scoreWidth: 1)
        let whole = ClassificationMetrics(data, order: ScoreOrder(data))
        let fused = RankingMetrics(whole).binaryCurveAndPoints(limit: MetricEvaluator.curveLimit)
        let counted = RankingMetrics(whole).countedBinaryCurve()
        #expect(fused != nil)
        #expect(fused?.points == counted?.points)
        #expect(fused?.curve.rocAUC == counted?.curve.rocAUC)
        #expect(fused?.curve.averagePrecision == counted?.curve.averagePrecision)
        let evaluator = MetricEvaluator(.classification(data))
        #expect(evaluator.value(.rocAUC(nil, .macro)) == RankingMetrics(whole).value(of: .rocAUC(nil, .macro)))
        #expect(evaluator.value(.averagePrecision(.binary)) == RankingMetrics(whole).value(of: .averagePrecision(.binary)))
    }
}
