import Foundation
import Testing
@testable import MLGate

/// The ROC and precision–recall curves in the reports keep every step-th point of the
/// ranking (and the last); they are thinned while the ranking is walked. The points must
/// be those of the whole curve, computed here the plain way: by distinct score, highest
/// first, cumulative weighted positives and negatives.
@Suite("Curve thinning")
struct CurveThinningTests {
    @Test(arguments: [(300, 20), (5_000, 200), (5_000, 7), (150, 200), (12_000, 200)])
    func keepsEveryStepthPointOfTheWholeCurve(_ rows: Int, _ limit: Int) {
        var generator = SplitMix64(seed: UInt64(rows * 31 + limit))
        let labels = (0..<rows).map { _ in Int32(Int.random(in: 0...1, using: &generator)) }
        // Rounded scores: ties, as real models have them.
        let scores = labels.map { label in ((Double(label) * 0.3 + Double.random(in: 0..<0.7, using: &generator)) * 500).rounded() / 500 }
        let weights = (0..<rows).map { _ in [0.0, 0.5, 1, 2][Int.random(in: 0...3, using: &generator)] }
        let data = ClassificationPredictions(
            classes: ["0", "1"], positiveClass: 1, labels: labels, predicted: scores.map { $0 >= 0.5 ? 1 : 0 }, scores: scores,
            scoreWidth: 1, weights: weights)
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
}
