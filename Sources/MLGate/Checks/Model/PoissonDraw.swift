import Foundation

/// Draws from a Poisson distribution with a given mean, fully determined by the
/// generator: the bootstrap's count of a distinct row that stands for `mean` rows.
///
/// A mean below 10: inversion (the smallest `k` whose cumulative probability reaches a
/// uniform draw). From 10: Hörmann's transformed rejection with squeeze (PTRS, 1993), as
/// numpy's `Generator.poisson` draws it.
enum PoissonDraw {
    /// One draw with mean `mean` (≥ 0) from `generator`.
    static func sample(mean: Double, using generator: inout SplitMix64) -> UInt64 {
        guard mean > 0 else { return 0 }
        return mean < 10 ? inversion(mean, &generator) : transformedRejection(mean, &generator)
    }

    /// One draw with an integer mean (a distinct row's count), as ``sample(mean:using:)``
    /// draws it; a mean of 1 (a row that occurs once) by a plain walk up its table.
    @inline(__always)
    static func sample(count: UInt64, using generator: inout SplitMix64) -> UInt64 {
        guard count == 1 else { return sample(mean: Double(count), using: &generator) }
        let u = uniform(&generator)
        let table = unitCumulative
        var k = 0
        while k < table.count - 1, u >= table[k] { k += 1 }
        return UInt64(k)
    }

    /// ``cumulativeTables``' table of mean 1.
    private static let unitCumulative = cumulativeTables[0]

    /// A uniform double in [0, 1) from the generator's top 53 bits.
    @inline(__always)
    static func uniform(_ generator: inout SplitMix64) -> Double {
        Double(generator.next() >> 11) * 0x1p-53
    }

    private static func inversion(_ mean: Double, _ generator: inout SplitMix64) -> UInt64 {
        let u = uniform(&generator)
        if mean == mean.rounded(.down), mean <= Double(cumulativeTables.count) {
            // A row, or a few identical rows: the same sums, made once.
            let table = cumulativeTables[Int(mean) - 1]
            return UInt64(table.firstIndex { u < $0 } ?? table.count - 1)
        }
        var drawn = 0
        walk(mean) { k, cumulative in
            drawn = k
            return u >= cumulative
        }
        return UInt64(drawn)
    }

    /// Calls `next` with k = 0, 1, 2, … and P(X ≤ k) while it returns true and P(X = k)
    /// is not 0 (the tail underflows long before k overflows).
    @inline(__always)
    private static func walk(_ mean: Double, _ next: (Int, Double) -> Bool) {
        var probability = exp(-mean)
        var cumulative = probability
        var k = 0
        while next(k, cumulative), probability > 0 {
            k += 1
            probability *= mean / Double(k)
            cumulative += probability
        }
    }

    /// The cumulative probabilities of means 1 to 9, as ``walk(_:_:)`` sums them: entry
    /// `k` is P(X ≤ k), up to the first `k` whose probability underflows.
    private static let cumulativeTables: [[Double]] = (1...9).map { mean in
        var table: [Double] = []
        walk(Double(mean)) { _, cumulative in
            table.append(cumulative)
            return true
        }
        return table
    }

    private static func transformedRejection(_ mean: Double, _ generator: inout SplitMix64) -> UInt64 {
        let root = mean.squareRoot(), logMean = log(mean)
        let b = 0.931 + 2.53 * root
        let a = -0.059 + 0.02483 * b
        let inverseAlpha = 1.1239 + 1.1328 / (b - 3.4)
        let vr = 0.9277 - 3.6224 / (b - 2)
        while true {
            let u = uniform(&generator) - 0.5
            let v = uniform(&generator)
            let us = 0.5 - abs(u)
            let k = ((2 * a / us + b) * u + mean + 0.43).rounded(.down)
            if k >= 0, us >= 0.07, v <= vr { return UInt64(k) }
            if k < 0 || (us < 0.013 && v > us) { continue }
            if log(v) + log(inverseAlpha) - log(a / (us * us) + b) <= -mean + k * logMean - lgamma(k + 1) {
                return UInt64(k)
            }
        }
    }
}
