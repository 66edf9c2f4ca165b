/// Each row's weight in a metric: its sample weight (1 without a weight column) times
/// how often a resample draws it (1 without one). Without either, no array is kept.
struct RowWeights: Sendable {
    /// The weights, or `nil` when every row weighs 1.
    let values: [Double]?

    init(weights: [Double]?, counts: [UInt32]?, count: Int) {
        guard let counts else {
            values = weights
            return
        }
        var values = weights ?? [Double](repeating: 1, count: count)
        for index in values.indices { values[index] *= Double(counts[index]) }
        self.values = values
    }

    /// Row `row`'s weight.
    @inline(__always)
    subscript(row: Int) -> Double { values?[row] ?? 1 }
}
