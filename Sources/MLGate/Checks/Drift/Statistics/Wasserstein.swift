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
        distance(reference: a, current: b)
    }

    /// ``distance(sortedReference:sortedCurrent:)`` on either form of a sample (the same
    /// terms in the same order: the same number to the bit).
    static func distance(reference a: some AscendingSample, current b: some AscendingSample) -> Double {
        precondition(a.count > 0 && b.count > 0, "the Wasserstein distance needs at least one value per side")
        let n1d = Double(a.count), n2d = Double(b.count)
        var sum = CompensatedSum()
        a.withWalker { walkA in
            b.withWalker { walkB in
                // The union, sorted; between consecutive values x_k < x_{k+1} the ECDFs are
                // searchsorted(…, x_k, "right") / n.
                var current = min(a.smallest, b.smallest)
                while true {
                    let i = walkA.pass(atMost: current), j = walkB.pass(atMost: current)
                    guard let next = nextOfEither(walkA.next, walkB.next) else { break }
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

    /// `np.std` (ddof 0) of a sample in a spill file: the array form's additions, in the
    /// same order (the same number to the bit).
    static func populationStandardDeviation(_ values: SpilledSortedNumbers) -> Double {
        precondition(values.count > 0, "the standard deviation needs at least one value")
        var total = CompensatedSum()
        values.forEachValue { total.add($0) }
        let mean = total.value / Double(values.count)
        var squares = CompensatedSum()
        values.forEachValue { value in
            let deviation = value - mean
            squares.add(deviation * deviation)
        }
        return (squares.value / Double(values.count)).squareRoot()
    }

    /// `np.std` (ddof 0) of a sample held as runs: each run's value and square counted
    /// as often as it occurs, the products exact (to the array form's last bits).
    static func populationStandardDeviation(_ runs: ValueRuns) -> Double {
        precondition(runs.count > 0, "the standard deviation needs at least one value")
        var total = CompensatedSum()
        for (value, count) in runs.runs { add(value, times: count, to: &total) }
        let mean = total.value / Double(runs.count)
        var squares = CompensatedSum()
        for (value, count) in runs.runs {
            let deviation = value - mean
            add(deviation * deviation, times: count, to: &squares)
        }
        return (squares.value / Double(runs.count)).squareRoot()
    }

    /// Adds `value × times` exactly (the product and its rounding error).
    private static func add(_ value: Double, times: Int, to sum: inout CompensatedSum) {
        let (product, error) = DoubleDouble.twoProduct(value, Double(times))
        sum.add(product)
        sum.add(error)
    }
}
