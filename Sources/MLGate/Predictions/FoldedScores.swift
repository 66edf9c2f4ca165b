/// The metrics of a classifier's predictions that a server grouped and mlgate folded into
/// sums as they came, keeping no row (a binary model's read in score order,
/// ``RankedScoresConsumer``; a multiclass model's reads, ``MulticlassSumsConsumer`` and
/// ``ClassScoresConsumer``): the whole table's and each slice value's.
struct FoldedScores<Metrics: ComputedMetrics>: Sendable {
    /// The classes (no rows).
    var classes: ClassificationPredictions
    /// The table's rows, and how many the server sent (nil: it sent sums, not rows).
    var rows: Int
    var distinctRows: Int?
    var overall: Metrics
    /// Each slice column's values, in config then value order.
    var slices: [Scope]

    /// One slice value's metrics.
    struct Scope: Sendable {
        var column: String
        var value: String
        var rows: Int
        var metrics: Metrics
    }
}
