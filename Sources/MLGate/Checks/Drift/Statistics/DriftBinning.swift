import Foundation

/// How a column's values are grouped into bins before PSI and Jensen–Shannon: Evidently's
/// `get_binned_data` (`evidently/legacy/calculations/stattests/utils.py`), which — despite
/// its docstring — uses numpy's Sturges equal-width bins over reference ∪ current for a
/// numerical column with more than 20 distinct reference values and one bin per distinct
/// value otherwise; and mlgate's reference-quantile bins.
///
/// Inputs are sorted ascending, non-empty and finite; everything is one pass over the data
/// (plus a binary search per edge), without per-value allocation.
public enum DriftBinning {
    /// The bins Evidently chose for a numerical column.
    public enum Bins: Sendable, Hashable {
        /// Equal-width bins: bin i holds `edges[i] ≤ x < edges[i+1]`, the last one also
        /// `x == edges.last` (`np.histogram` with explicit edges).
        case equalWidth(edges: [Double])
        /// One bin per distinct value of reference ∪ current, ascending.
        case distinctValues([Double])
    }

    /// Above this many distinct reference values a numerical column gets equal-width bins.
    public static let distinctValueLimit = 20

    /// Evidently's bins for a numerical column. `integerData` says the column is an integer
    /// dtype on both sides (every cell an integer literal, none missing), which makes numpy
    /// widen bins narrower than 1 to 1.
    public static func evidently(
        sortedReference: [Double], sortedCurrent: [Double], integerData: Bool = false
    ) -> (bins: Bins, histogram: DriftHistogram) {
        evidently(reference: sortedReference, current: sortedCurrent, integerData: integerData)
    }

    /// ``evidently(sortedReference:sortedCurrent:integerData:)`` on either form of a sample.
    static func evidently(
        reference: some AscendingSample, current: some AscendingSample, integerData: Bool = false
    ) -> (bins: Bins, histogram: DriftHistogram) {
        if reference.distinctCount(upTo: distinctValueLimit + 1) > distinctValueLimit {
            let edges = sturgesEdges(reference: reference, current: current, integerData: integerData)
            let histogram = DriftHistogram(
                referenceCounts: counts(reference, edges: edges), currentCounts: counts(current, edges: edges),
                referenceTotal: reference.count, currentTotal: current.count)
            return (.equalWidth(edges: edges), histogram)
        }
        let (values, histogram) = distinctValues(reference: reference, current: current)
        return (.distinctValues(values), histogram)
    }

    /// `np.histogram_bin_edges(concatenate([reference, current]), bins="sturges")` (numpy 2.4):
    /// width `ptp / (log2(N) + 1)`, `ceil(ptp / width)` bins (1 when all values are equal, the
    /// range then widened by ±0.5), edges `first + i·(last − first)/bins` with the last edge
    /// exactly `last` (`np.linspace`).
    public static func sturgesEdges(sortedReference: [Double], sortedCurrent: [Double], integerData: Bool = false) -> [Double] {
        sturgesEdges(reference: sortedReference, current: sortedCurrent, integerData: integerData)
    }

    static func sturgesEdges(reference: some AscendingSample, current: some AscendingSample, integerData: Bool = false) -> [Double] {
        precondition(reference.count > 0 && current.count > 0, "binning needs at least one value per side")
        return sturgesEdges(
            low: min(reference.smallest, current.smallest), high: max(reference.largest, current.largest),
            size: reference.count + current.count, integerData: integerData)
    }

    /// ``sturgesEdges(sortedReference:sortedCurrent:integerData:)`` from what it depends on:
    /// the smallest and largest value of either side and how many values both hold.
    static func sturgesEdges(low: Double, high: Double, size count: Int, integerData: Bool) -> [Double] {
        let size = Double(count)
        var width = (high - low) / (log2(size) + 1.0)
        var first = low, last = high
        if first == last {
            first -= 0.5
            last += 0.5
        }
        var binCount = 1
        if width != 0 {
            if integerData && width < 1 { width = 1 }
            binCount = Int(((last - first) / width).rounded(.up))
        }
        return linspace(first, last, count: binCount + 1)
    }

    /// `np.linspace(start, stop, count)` with `endpoint=True`.
    static func linspace(_ start: Double, _ stop: Double, count: Int) -> [Double] {
        let divisions = count - 1
        let delta = stop - start
        let step = delta / Double(divisions)
        var edges = [Double](repeating: 0, count: count)
        for i in 0..<count {
            // Denormal steps: numpy divides first, then multiplies (gh-5437).
            edges[i] = (step == 0 ? Double(i) / Double(divisions) * delta : Double(i) * step) + start
        }
        if count > 1 { edges[count - 1] = stop }
        return edges
    }

    /// `np.histogram(sorted, edges)[0]`: bin i counts `edges[i] ≤ x < edges[i+1]`, the last bin
    /// `edges[n−1] ≤ x ≤ edges[n]`; values outside the edges are not counted.
    public static func counts(sorted: [Double], edges: [Double]) -> [Int] { counts(sorted, edges: edges) }

    static func counts(_ sample: some AscendingSample, edges: [Double]) -> [Int] {
        precondition(edges.count >= 2, "a histogram needs at least two edges")
        let last = edges.count - 1
        var cumulative = [Int](repeating: 0, count: edges.count)
        for index in 0..<last { cumulative[index] = sample.count(below: edges[index]) }
        cumulative[last] = sample.count(atMost: edges[last])
        return (0..<last).map { cumulative[$0 + 1] - cumulative[$0] }
    }

    /// One bin per distinct value of reference ∪ current, ascending, with its counts.
    public static func distinctValues(sortedReference a: [Double], sortedCurrent b: [Double]) -> (values: [Double], histogram: DriftHistogram) {
        distinctValues(reference: a, current: b)
    }

    static func distinctValues(reference a: some AscendingSample, current b: some AscendingSample)
        -> (values: [Double], histogram: DriftHistogram)
    {
        var values: [Double] = [], referenceCounts: [Int] = [], currentCounts: [Int] = []
        var i = 0, j = 0
        a.withWalker { walkA in
            b.withWalker { walkB in
                while let value = nextOfEither(walkA.next, walkB.next) {
                    let startI = i, startJ = j
                    i = walkA.pass(atMost: value)
                    j = walkB.pass(atMost: value)
                    // NaN compares with nothing (callers pass none): stop rather than loop.
                    if i == startI && j == startJ { break }
                    values.append(value)
                    referenceCounts.append(i - startI)
                    currentCounts.append(j - startJ)
                }
            }
        }
        return (values, DriftHistogram(
            referenceCounts: referenceCounts, currentCounts: currentCounts,
            referenceTotal: a.count, currentTotal: b.count))
    }

    /// One bin per category of reference ∪ current (zero counts ignored), keys ascending.
    public static func categories<Key: Hashable & Comparable>(
        reference: [Key: Int], current: [Key: Int]
    ) -> (keys: [Key], histogram: DriftHistogram) {
        let keys = Set(reference.filter { $0.value > 0 }.keys).union(current.filter { $0.value > 0 }.keys).sorted()
        let histogram = DriftHistogram(
            referenceCounts: keys.map { max(reference[$0] ?? 0, 0) },
            currentCounts: keys.map { max(current[$0] ?? 0, 0) })
        return (keys, histogram)
    }

    /// mlgate's reference-quantile bins (not Evidently's): inner edges
    /// `unique(np.quantile(reference, k/bins))`, k = 1…bins−1, numpy's default linear method;
    /// right-closed, open-ended bins `(−∞, e₀], (e₀, e₁], …, (e_last, +∞)`. Ties in the
    /// reference can leave fewer than `bins` bins.
    public static func referenceQuantiles(
        sortedReference: [Double], sortedCurrent: [Double], bins: Int
    ) -> (edges: [Double], histogram: DriftHistogram) {
        referenceQuantiles(reference: sortedReference, current: sortedCurrent, bins: bins)
    }

    static func referenceQuantiles(
        reference: some AscendingSample, current: some AscendingSample, bins: Int
    ) -> (edges: [Double], histogram: DriftHistogram) {
        precondition(bins >= 1, "at least one bin")
        let edges = quantileEdges(reference, bins: bins)
        let histogram = DriftHistogram(
            referenceCounts: rightClosedCounts(reference, edges: edges), currentCounts: rightClosedCounts(current, edges: edges),
            referenceTotal: reference.count, currentTotal: current.count)
        return (edges, histogram)
    }

    /// The distinct inner edges of `referenceQuantiles`, ascending.
    public static func quantileEdges(sortedReference: [Double], bins: Int) -> [Double] {
        quantileEdges(sortedReference, bins: bins)
    }

    static func quantileEdges(_ reference: some AscendingSample, bins: Int) -> [Double] {
        precondition(reference.count > 0, "quantiles need at least one value")
        return quantileEdges(count: reference.count, bins: bins, value: reference.value(at:))
    }

    /// ``quantileEdges(sortedReference:bins:)`` of `count` ascending values from the values
    /// at ``quantilePositions(count:bins:)`` (`value(i)`: the value at 0-based position i).
    static func quantileEdges(count: Int, bins: Int, value: (Int) -> Double) -> [Double] {
        var edges: [Double] = []
        for k in 1..<max(bins, 1) {
            edges.append(quantile(count: count, probability: Double(k) / Double(bins), value: value))
        }
        edges.sort()
        var unique: [Double] = []
        for edge in edges where unique.last != edge { unique.append(edge) }
        return unique
    }

    /// The 0-based positions, ascending, whose values ``quantileEdges(count:bins:value:)``
    /// reads in `count` ascending values.
    static func quantilePositions(count: Int, bins: Int) -> [Int] {
        var positions = Set<Int>()
        for k in 1..<max(bins, 1) {
            let (below, above, _) = quantilePosition(count: count, probability: Double(k) / Double(bins))
            positions.formUnion([below, above])
        }
        return positions.sorted()
    }

    /// `np.quantile(sorted, probability)` with `method="linear"` (Hyndman–Fan 7).
    public static func quantile(sorted x: [Double], probability: Double) -> Double {
        quantile(x, probability: probability)
    }

    static func quantile(_ x: some AscendingSample, probability: Double) -> Double {
        quantile(count: x.count, probability: probability, value: x.value(at:))
    }

    /// ``quantile(sorted:probability:)`` of `count` ascending values, `value(i)` the one at
    /// 0-based position i.
    static func quantile(count: Int, probability: Double, value: (Int) -> Double) -> Double {
        let (below, above, gamma) = quantilePosition(count: count, probability: probability)
        let a = value(below), b = value(above)
        let difference = b - a
        return gamma >= 0.5 ? b - difference * (1 - gamma) : a + difference * gamma
    }

    /// The two positions numpy's linear quantile interpolates between, and the weight of
    /// the upper one.
    private static func quantilePosition(count n: Int, probability: Double) -> (below: Int, above: Int, gamma: Double) {
        let virtualIndex = Double(n - 1) * probability
        let below: Int, above: Int
        if virtualIndex >= Double(n - 1) {
            (below, above) = (n - 1, n - 1)
        } else if virtualIndex < 0 {
            (below, above) = (0, 0)
        } else {
            below = Int(virtualIndex.rounded(.down))
            above = below + 1
        }
        return (below, above, virtualIndex - virtualIndex.rounded(.down))
    }

    /// Counts in `(−∞, e₀], (e₀, e₁], …, (e_last, +∞)`: the bin of x is
    /// `searchsorted(edges, x, side="left")`.
    static func rightClosedCounts(_ sample: some AscendingSample, edges: [Double]) -> [Int] {
        var counts: [Int] = []
        counts.reserveCapacity(edges.count + 1)
        var previous = 0
        for edge in edges {
            let upTo = sample.count(atMost: edge)
            counts.append(upTo - previous)
            previous = upTo
        }
        counts.append(sample.count - previous)
        return counts
    }
}
