/// scikit-learn's `_weighted_percentile(…, average=True)` ("averaged inverted CDF"):
/// with unit weights it equals `np.median`; with weights it averages the two values on
/// either side when the rank falls exactly on a step of the weighted CDF.
enum WeightedPercentile {
    /// The percentile of values already sorted ascending, with their weights.
    static func averaged(sorted values: [(error: Double, weight: Double)], percentile: Double) -> Double {
        guard !values.isEmpty, values.contains(where: { $0.weight != 0 }) else { return .nan }
        var cdf = [Double](repeating: 0, count: values.count)
        var running = 0.0
        for (index, value) in values.enumerated() {
            running += value.weight
            cdf[index] = running
        }
        var target = percentile / 100 * running
        if target == 0 { target = target.nextUp }
        let last = values.count - 1
        // searchsorted(side="left"): the first index whose CDF reaches the target.
        var index = cdf.partitionPoint { $0 >= target }
        index = min(max(index, 0), last)
        if cdf[index] - target > Double.ulpOfOne {
            return values[index].error
        }
        var next = min(index + 1, last)
        if values[next].weight == 0 {
            // searchsorted(side="right") of this CDF value: skip zero-weight neighbours.
            let step = cdf[index]
            next = cdf.partitionPoint { $0 > step }
            if next > last { next = index }
        }
        return (values[index].error + values[next].error) / 2
    }
}
