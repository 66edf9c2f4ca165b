import Foundation

/// The readers of a pushdown's rows (``DriftPushdown``, ``RegressionPushdown``,
/// ``BinaryRankingPushdown``): what an engine answers is checked before it is believed,
/// and a row of any shape or value must give a summary, nil or a typed error — never a
/// crash (an index out of range, an overflow, a conversion of a huge double).
///
/// The input: the first byte chooses the reader and its parameters, the rest is rows, one
/// per line, cells separated by `|`, `\N` a NULL.
enum FuzzPushdown {
    static func rows(_ bytes: ArraySlice<UInt8>) -> [[String?]] {
        String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).prefix(200).map { line in
            line.split(separator: "|", omittingEmptySubsequences: false).prefix(64).map { $0 == "\\N" ? nil : String($0) }
        }
    }

    static func run(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let rest = bytes.dropFirst()
        switch first % 5 {
        case 0: drift(rest, columns: Int(first >> 3) % 3 + 1, bins: Int(first >> 5) + 2)
        case 1:
            // The order statistics' text and the quantile bins' rows against a sides row.
            let column = DriftPushdown.Sides.Column(present: 1000, minimum: -5, maximum: 5, sum: 3, nonIntegers: 10)
            let positions = DriftBinning.quantilePositions(count: column.present, bins: Int(first >> 3) + 2)
            let text = String(decoding: rest, as: UTF8.self)
            if let values = DriftPushdown.orderStatistics(text, positions: positions, reference: column) {
                precondition(Set(values.keys) == Set(positions), "every position is held")
            }
            _ = DriftPushdown.binCounts(text, bins: Int(first >> 3) + 1)
            let side = NumericDriftSummary.Side(present: 1000, missing: 0, integers: false, distinct: 900, bins: [1000])
            let summary = NumericDriftSummary(
                reference: side, current: side, distinct: 900, largestDifference: 0, smallestDifference: 0, wasserstein: 0,
                referenceDeviation: 1, edges: [-5, 5], quantileEdges: [-1, 0, 1])
            var result = DriftPushdown.Result(referenceRows: 1000, currentRows: 1000, summaries: [0: summary, 2: summary])
            if result.countQuantileBins(rows(rest), columns: [(0, 0, [-1, 0, 1]), (2, 1, [-1, 0, 1])]) {
                for summary in result.summaries.values {
                    let bins = summary.quantileBins!
                    precondition(bins.referenceCounts.reduce(0, +) == 1000 && bins.currentCounts.reduce(0, +) == 1000, "the bins add up")
                }
            }
        case 2: _ = try? RegressionPushdown.result(rows(rest), slices: Array(["region", "band"].prefix(Int(first >> 3) % 3)))
        case 3:
            let columns = PredictionColumns(task: .binary, label: "label", prediction: first & 8 == 0 ? "prediction" : nil, weight: "weight", slices: ["region"])
            _ = try? BinaryRankingPushdown.Cells(rows(rest), columns: columns, path: "t")
        default:
            _ = try? BinaryRankingPushdown.Cells.list(String(decoding: rest, as: UTF8.self))
        }
    }

    /// The sides' rows, then a column's row: each checked, and a summary that passes
    /// judged as the gate judges it, under each method.
    static func drift(_ bytes: ArraySlice<UInt8>, columns: Int, bins: Int) {
        let all = rows(bytes)
        guard all.count >= 3, let sides = DriftPushdown.Sides(Array(all.prefix(2)), columns: columns) else { return }
        let r = sides.reference.columns[0], c = sides.current.columns[0]
        guard r.present > 0, c.present > 0, r.minimum.isFinite, r.maximum.isFinite, c.minimum.isFinite, c.maximum.isFinite,
            r.present <= 1 << 40, c.present <= 1 << 40
        else { return }
        let edges = DriftBinning.sturgesEdges(
            low: min(r.minimum, c.minimum), high: max(r.maximum, c.maximum), size: r.present + c.present, integerData: false)
        guard edges.count <= 1000, edges.allSatisfy(\.isFinite) else { return }
        let positions = bins % 2 == 0 ? DriftBinning.quantilePositions(count: r.present, bins: bins) : []
        guard let summary = DriftPushdown.summary(
            all[2], sides: sides, index: 0, edges: edges, scales: (1, 1), positions: positions, bins: bins)
        else { return }
        for method in [DriftMethod.auto, .ks, .wasserstein, .psi, .jensenshannon] {
            var judged = summary
            judged.quantileBins = summary.quantileEdges.map { edges in
                DriftHistogram(
                    referenceCounts: [r.present] + Array(repeating: 0, count: edges.count),
                    currentCounts: Array(repeating: 0, count: edges.count) + [c.present])
            }
            let test = DriftColumnTest(column: "x", kind: .numeric, method: method, threshold: nil, ksMethod: .auto, bins: bins)
            _ = try? test.run(summary: judged)
        }
    }
}
