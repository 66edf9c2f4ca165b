/// Reference and current counts over the same bins: the input of the population stability
/// index, the Jensen–Shannon distance and the L∞ distance.
public struct DriftHistogram: Sendable, Hashable {
    /// Reference values per bin.
    public var referenceCounts: [Int]
    /// Current values per bin.
    public var currentCounts: [Int]
    /// Reference values in all (n_ref, the denominator of the shares).
    public var referenceTotal: Int
    /// Current values in all (n_cur).
    public var currentTotal: Int

    /// Counts per bin; the totals default to the sums of the counts.
    public init(referenceCounts: [Int], currentCounts: [Int], referenceTotal: Int? = nil, currentTotal: Int? = nil) {
        precondition(referenceCounts.count == currentCounts.count, "both sides need the same bins")
        self.referenceCounts = referenceCounts
        self.currentCounts = currentCounts
        self.referenceTotal = referenceTotal ?? referenceCounts.reduce(0, +)
        self.currentTotal = currentTotal ?? currentCounts.reduce(0, +)
    }

    /// How many bins.
    public var binCount: Int { referenceCounts.count }

    /// count / n_ref per bin (Evidently's `reference_percents`, unsmoothed).
    public var referenceShares: [Double] { Self.shares(referenceCounts, referenceTotal) }

    /// count / n_cur per bin (Evidently's `current_percents`, unsmoothed).
    public var currentShares: [Double] { Self.shares(currentCounts, currentTotal) }

    private static func shares(_ counts: [Int], _ total: Int) -> [Double] {
        let n = Double(total)
        return counts.map { Double($0) / n }
    }
}
