import Testing

@testable import MLGate

/// A fairness table's weighted rates do not depend on the order of the rows: a server
/// sends them in its own order (weight order, for the bootstrap), a file in the file's,
/// and a disparity is the difference of two close rates, which multiplies a sum's
/// rounding.
@Suite struct FairnessSumsTests {
    /// 200,000 weighted rows in two groups, as a seeded generator makes them.
    static func rows() -> (labels: [Bool], predicted: [Bool], weights: [Double], groups: [String]) {
        var generator = SplitMix64(seed: 11)
        var labels: [Bool] = [], predicted: [Bool] = [], weights: [Double] = [], groups: [String] = []
        for _ in 0..<200_000 {
            labels.append(Bool.random(using: &generator))
            predicted.append(Double.random(in: 0..<1, using: &generator) < 0.3)
            weights.append(Double.random(in: 0.5..<1.5, using: &generator))
            groups.append(Bool.random(using: &generator) ? "a" : "b")
        }
        return (labels, predicted, weights, groups)
    }

    @Test func ratesAreTheSameInAnyOrder() {
        let rows = Self.rows()
        let forward = FairnessTable(labels: rows.labels, predicted: rows.predicted, weights: rows.weights, sensitive: [rows.groups], features: ["g"])
        let backward = FairnessTable(
            labels: rows.labels.reversed(), predicted: rows.predicted.reversed(), weights: rows.weights.reversed(),
            sensitive: [rows.groups.reversed()], features: ["g"])
        var plain = [0.0, 0.0], reversedPlain = [0.0, 0.0]
        for row in rows.weights.indices where rows.predicted[row] { plain[rows.groups[row] == "a" ? 0 : 1] += rows.weights[row] }
        for row in rows.weights.indices.reversed() where rows.predicted[row] { reversedPlain[rows.groups[row] == "a" ? 0 : 1] += rows.weights[row] }
        // Plain sums in the two orders differ: the comparison below could fail.
        #expect(plain != reversedPlain)
        for (a, b) in zip(forward.groups + [([], forward.overall)], backward.groups + [([], backward.overall)]) {
            #expect(a.key == b.key)
            for (x, y) in [(a.rates.truePositives, b.rates.truePositives), (a.rates.falsePositives, b.rates.falsePositives),
                (a.rates.trueNegatives, b.rates.trueNegatives), (a.rates.falseNegatives, b.rates.falseNegatives)] {
                #expect(abs(x - y) <= x.ulp, "\(x) / \(y)")
            }
            #expect(abs(a.rates.weight - b.rates.weight) <= 4 * a.rates.weight.ulp)
        }
        let difference = { (table: FairnessTable) in table.difference(.selectionRate, method: .betweenGroups)! }
        #expect(abs(difference(forward) - difference(backward)) <= 1e-13 * abs(difference(forward)))
    }
}
