import Foundation

/// The population stability index as Evidently's `psi` stat test computes it
/// (`evidently/legacy/calculations/stattests/psi.py`, drift when ≥ 0.1 by default):
/// `Σ (r − c)·ln(r / c)` over bins of reference shares r and current shares c, after
/// Evidently's smoothing of empty bins (`get_binned_data(…, feel_zeroes=True)`).
public enum PopulationStabilityIndex {
    /// PSI of a histogram (shares = counts / side total, then smoothed).
    public static func value(_ histogram: DriftHistogram) -> Double {
        value(referenceShares: histogram.referenceShares, currentShares: histogram.currentShares)
    }

    /// PSI of unsmoothed shares of the same bins; smooths each side, then sums in bin order.
    public static func value(referenceShares: [Double], currentShares: [Double]) -> Double {
        precondition(referenceShares.count == currentShares.count, "both sides need the same bins")
        let r = smoothed(referenceShares), c = smoothed(currentShares)
        var sum = 0.0
        for index in r.indices { sum += (r[index] - c[index]) * log(r[index] / c[index]) }
        return sum
    }

    /// Evidently's smoothing of one side: every 0 share becomes 0.0001, or the smallest
    /// non-zero share / 10⁶ when that is ≤ 0.0001. Not renormalised. A side with no
    /// non-zero share is returned unchanged.
    public static func smoothed(_ shares: [Double]) -> [Double] {
        guard let smallest = shares.filter({ $0 != 0 }).min() else { return shares }
        let fill = smallest <= 0.0001 ? smallest / 1_000_000 : 0.0001
        return shares.map { $0 == 0 ? fill : $0 }
    }
}
