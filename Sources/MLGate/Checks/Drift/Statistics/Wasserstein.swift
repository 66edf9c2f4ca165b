import Foundation

/// The 1-Wasserstein (earth mover's) distance between two samples, as
/// `scipy.stats.wasserstein_distance(reference, current)` computes it (`_cdf_distance` with
/// p = 1: ∫|F_ref − F_cur|, the ECDFs stepping at every value of either sample), and
/// Evidently's normed form (`wasserstein_distance_norm.py`).
public enum Wasserstein {
    /// Evidently's floor for the reference standard deviation in `normalizedDistance`.
    public static let minimumScale = 0.001

    /// ∫|F_ref(x) − F_cur(x)| dx for samples sorted ascending, non-empty and finite.
    /// One merge pass, O(n₁ + n₂), compensated summation.
    public static func distance(sortedReference a: [Double], sortedCurrent b: [Double]) -> Double {
        let n1 = a.count, n2 = b.count
        precondition(n1 > 0 && n2 > 0, "the Wasserstein distance needs at least one value per side")
        let n1d = Double(n1), n2d = Double(n2)
        var sum = CompensatedSum()
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                var i = 0, j = 0
                // The union, sorted; between consecutive values x_k < x_{k+1} the ECDFs are
                // searchsorted(…, x_k, "right") / n.
                var current = min(a[0], b[0])
                while true {
                    while i < n1 && a[i] <= current { i += 1 }
                    while j < n2 && b[j] <= current { j += 1 }
                    let next: Double
                    if i < n1 && j < n2 {
                        next = min(a[i], b[j])
                    } else if i < n1 {
                        next = a[i]
                    } else if j < n2 {
                        next = b[j]
                    } else {
                        break
                    }
                    sum.add(abs(Double(i) / n1d - Double(j) / n2d) * (next - current))
                    current = next
                }
            }
        }
        return sum.value
    }

    /// `distance / max(std(reference), 0.001)` with the population standard deviation
    /// (ddof 0), Evidently's `wasserstein` stat test score (drift when ≥ 0.1 by default).
    public static func normalizedDistance(sortedReference: [Double], sortedCurrent: [Double]) -> Double {
        distance(sortedReference: sortedReference, sortedCurrent: sortedCurrent)
            / max(populationStandardDeviation(sortedReference), minimumScale)
    }

    /// `np.std(values)` (ddof 0), two passes with compensated sums.
    public static func populationStandardDeviation(_ values: [Double]) -> Double {
        precondition(!values.isEmpty, "the standard deviation needs at least one value")
        var total = CompensatedSum()
        for value in values { total.add(value) }
        let mean = total.value / Double(values.count)
        var squares = CompensatedSum()
        for value in values {
            let deviation = value - mean
            squares.add(deviation * deviation)
        }
        return (squares.value / Double(values.count)).squareRoot()
    }
}
