/// The table of a classifier's rows that each weigh one, tallied straight from the codes
/// the predictions were read into: no row's group is written down, no label is made a
/// `Bool` (``RowGroups``, ``FairnessTable/outcomeTallies(labels:predicted:groups:)``
/// do that for weighted rows and for a bootstrap, which draws the distinct rows).
extension FairnessTable {
    /// The most combinations of the sensitive columns' values tallied this way.
    static let codeTallyLimit = 1 << 16

    /// The groups of `slices` (one code column per sensitive column), each row's outcome
    /// from whether its label and its prediction are the `positive` class; nil when the
    /// columns' values combine in more than ``codeTallyLimit`` ways.
    init?(classCodes labels: [Int32], predicted: [Int32], positive: Int32, slices: [SliceColumn], features: [String]) {
        precondition(labels.count == predicted.count && slices.allSatisfy { $0.count == labels.count }, "a code per row")
        let sizes = slices.map { max($0.values.count, 1) }
        var combinations = 1
        for size in sizes {
            combinations *= size
            guard combinations <= Self.codeTallyLimit else { return nil }
        }
        // Each row's combination, the first column's value its most significant digit.
        var combined = [UInt32](repeating: 0, count: labels.count)
        for (column, size) in zip(slices, sizes) { column.accumulate(into: &combined, radix: UInt32(size)) }
        var tallies = [Int](repeating: 0, count: 4 * combinations)
        tallies.withUnsafeMutableBufferPointer { tallies in
            labels.withUnsafeBufferPointer { labels in
                predicted.withUnsafeBufferPointer { predicted in
                    combined.withUnsafeBufferPointer { combined in
                        for row in labels.indices {
                            let outcome = (labels[row] == positive ? 2 : 0) | (predicted[row] == positive ? 1 : 0)
                            tallies[Int(combined[row]) &* 4 &+ outcome] &+= 1
                        }
                    }
                }
            }
        }
        var groups: [(key: [String], rates: GroupRates)] = []
        var totals = [Int](repeating: 0, count: 4)
        for combination in 0..<combinations {
            let counts = tallies[(4 * combination)..<(4 * combination + 4)]
            guard counts.contains(where: { $0 > 0 }) else { continue }
            var key = [String](repeating: "", count: slices.count)
            var rest = combination
            for column in slices.indices.reversed() {
                key[column] = slices[column].values.isEmpty ? "" : slices[column].values[rest % sizes[column]]
                rest /= sizes[column]
            }
            groups.append((key, GroupRates(outcomeCounts: counts)))
            for outcome in 0..<4 { totals[outcome] += counts[counts.startIndex + outcome] }
        }
        self.features = features
        self.groups = groups.sorted { Self.precedes($0.key, $1.key) }
        self.overall = GroupRates(outcomeCounts: totals[...])
    }
}
