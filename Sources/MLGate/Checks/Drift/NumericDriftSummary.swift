/// What an engine computed of one numeric column of a drift gate's two tables
/// (``DriftPushdown``), instead of sending its values: everything the Kolmogorov–Smirnov
/// and Wasserstein tests, the Sturges display histogram and, when asked for, the
/// reference-quantile bins take from the two samples.
/// ``DriftColumnTest/run(summary:)`` makes the file mode's result of it.
struct NumericDriftSummary: Sendable, Hashable {
    /// One side's cells.
    struct Side: Sendable, Hashable {
        /// Present values (finite numbers).
        var present: Int
        /// Missing cells: NULL, NaN and ±infinity.
        var missing: Int
        /// Whether every present value's text is an integer's (``DriftColumnSample/allIntegers``).
        var integers: Bool
        /// Distinct present values.
        var distinct: Int
        /// Values per display bin (``edges``).
        var bins: [Int]
    }

    var reference: Side
    var current: Side
    /// Distinct values of either side.
    var distinct: Int
    /// The largest and smallest `F_ref(x) − F_cur(x)` over the values x of either side,
    /// each ECDF `count(≤ x) / n` in doubles as ``KolmogorovSmirnov/largestGap(_:_:)``
    /// divides.
    var largestDifference: Double
    var smallestDifference: Double
    /// ∫|F_ref − F_cur|, as ``Wasserstein/distance(reference:current:)`` adds its terms
    /// (each the same double; the sum exact, ``ExactSum``).
    var wasserstein: Double
    /// The reference's population standard deviation (ddof 0).
    var referenceDeviation: Double
    /// The Sturges edges the bins were counted on (``DriftBinning/sturgesEdges(low:high:size:integerData:)``).
    var edges: [Double]
    /// The reference-quantile bins' inner edges (``DriftBinning/quantileEdges(sortedReference:bins:)``),
    /// when asked for.
    var quantileEdges: [Double]? = nil
    /// Both sides' values in the reference-quantile bins (``DriftBinning/referenceQuantiles(sortedReference:sortedCurrent:bins:)``)
    /// that `psi` and `jensenshannon` named on the column take; nil when not asked for.
    var quantileBins: DriftHistogram? = nil
}
