/// A binary classifier's metrics computed by an engine (``BinaryRankingPushdown``) in two
/// statements, so that mlgate receives a few rows per slice value, not a row per
/// distinct score:
///
/// 1. ``cellsStatement``: per set of rows (every row, then each slice column's values),
///    each label's text with each prediction's text (or whether the score reaches the
///    threshold, without a prediction column): the rows and their weight, and how many
///    rows hold a value the file mode refuses. mlgate resolves the classes from these
///    texts as the predictions loader does, and the confusion counts are these cells.
/// 2. ``rankingStatement(positive:)``: per set, the rows grouped by score, the groups
///    ordered by descending score, and the windows that pass down the ranking as
///    ``RankingPass`` does — the positive and negative weight before each score, summed
///    group after group in that order, so that ROC AUC's area and average precision's sum
///    are the same doubles added in the same order — then one aggregate per set: those
///    sums, the log loss and Brier sums (compensated: each addition's rounding error is
///    summed too), and the whole table's curve points thinned as
///    ``RankingMetrics/CurveSink`` thins them.
///
/// The engine-specific pieces are closures and literals; each statement says its rows'
/// columns, and ``BinaryRankingPushdown/Cells`` reads them.
struct BinaryRankingStatement {
    /// A `SELECT` giving each row's score as `s` and weight as `w` (doubles), its label's
    /// text as `l`, its prediction's text as `p` (with ``hasPrediction``), and slice
    /// `i`'s text as `mlgate_s<i>` (never NULL: a missing cell is the empty text).
    var values: String
    /// How many slice columns `values` gives.
    var slices: Int
    /// Whether `values` gives a prediction column `p`.
    var hasPrediction: Bool
    /// The threshold as a double literal (without a prediction column, a score at or
    /// above it predicts the positive class).
    var threshold: String
    /// The literal of ε, `np.finfo(np.float64).eps`, which clips probabilities for log loss.
    var epsilon: String
    /// A text literal.
    var literal: (String) -> String
    /// The condition that a double expression is a value the file mode refuses: NULL,
    /// an infinity or NaN.
    var refused: (String) -> String
    /// Whether one scan may group every set (`GROUP BY GROUPING SETS`); otherwise a
    /// `UNION ALL` of one `GROUP BY` per set.
    var groupingSets: Bool
    /// A NULL of the engine's text type.
    var nullText: String
    /// The values of a double expression over a set's rows that meet a condition, in the
    /// order of `mlgate_nb` (the scores before the row's), as one text: each value's
    /// shortest text that reads back as it, separated by commas (`(value, condition)`).
    var orderedList: (String, String) -> String
    /// The integer quotient of two integer expressions.
    var quotient: (String, String) -> String
    /// How many points a curve keeps (``MetricEvaluator/curveLimit``).
    var curveLimit: Int

    /// The name of slice `index`'s column in `values`.
    static func slice(_ index: Int) -> String { "mlgate_s\(index)" }

    /// Per set and cell: the set (-1: every row, `i`: slice `i`), the slice's text (NULL
    /// for every row), the label's text, the cell's other text (the prediction's, or
    /// `above`/`below` the threshold), the rows, their weight, and the rows refused.
    var cellsStatement: String {
        let other = hasPrediction ? "p" : "CASE WHEN s >= \(threshold) THEN 'above' ELSE 'below' END"
        var refusals = [refused("s"), "s < 0", "s > 1", refused("w"), "w < 0", "l IS NULL", "l = ''"]
        if hasPrediction { refusals += ["p IS NULL", "p = ''"] }
        let cells = "SELECT *, \(other) AS mlgate_c, CASE WHEN \(refusals.joined(separator: " OR ")) THEN 1 ELSE 0 END AS mlgate_refused FROM (\(values)) AS mlgate_values"
        let sums = "l, mlgate_c, count(*), sum(w), sum(mlgate_refused)"
        return grouped(from: cells, sums: sums, by: ["l", "mlgate_c"])
    }

    /// Per set: the set, the slice's text, the scores that weigh something (the
    /// thresholds), the positive and negative weight, ROC AUC's area and average
    /// precision's sum, the log loss sum and its rounding errors' sum, the Brier sum and
    /// its rounding errors' sum, and for every row's set the curve's kept points (their
    /// true, then false positive weights) and its last point. A slice value whose rows
    /// all weigh 0 has no row, and every row's set then a row of a zero count and NULL
    /// sums. `positive`: the label texts of the positive class.
    ///
    /// One `SELECT` per set (a `UNION ALL`): each groups its rows by the negated score,
    /// so that the engine's sort for the grouping is the windows' order (descending
    /// score) and nothing is sorted twice. The loss sums are running sums in that order,
    /// and each addition's rounding error (Knuth's TwoSum of the sum before and the
    /// score's term) is summed beside them: a compensated sum, however many scores.
    func rankingStatement(positive: [String]) -> String {
        rankingParts(positive: positive).joined(separator: " UNION ALL ")
    }

    /// ``rankingStatement(positive:)``'s `SELECT`s, one per set: an engine may run them on
    /// several connections at once, in one snapshot.
    func rankingParts(positive: [String]) -> [String] {
        let y = positive.isEmpty ? "(1 = 0)" : "l IN (\(positive.map(literal).joined(separator: ", ")))"
        let rows = "SELECT s, w, \(y) AS y\((0..<slices).map { ", \(Self.slice($0))" }.joined()) FROM (\(values)) AS mlgate_values"
        return ([nil] + (0..<slices).map { Optional($0) }).map { ranking(set: $0, rows: rows) }
    }

    /// The ranking statement's part for every row (`set` nil) or slice `set`'s values.
    private func ranking(set: Int?, rows: String) -> String {
        let key = set.map(Self.slice)
        let clipped = { (p: String) in "-ln(least(greatest(\(p), \(epsilon)), 1 - \(epsilon)))" }
        let sums = [
            "-s AS ns", "sum(CASE WHEN y THEN w ELSE 0 END) AS gp", "sum(CASE WHEN y THEN 0 ELSE w END) AS gn",
            "sum(w * CASE WHEN y THEN \(clipped("s")) ELSE \(clipped("1 - s")) END) AS gl",
            "sum(w * CASE WHEN y THEN (s - 1) * (s - 1) ELSE s * s END) AS gb",
        ]
        let keys: [String] = key.map { [$0] } ?? []
        let groups = "SELECT \((keys + sums).joined(separator: ", ")) FROM (\(rows)) AS mlgate_rows"
            + " GROUP BY \((keys + ["-s"]).joined(separator: ", ")) HAVING sum(w) > 0"
        let partition = key.map { "PARTITION BY \($0) " } ?? ""
        let before = { (value: String, name: String) in
            "coalesce(sum(\(value)) OVER (\(partition)ORDER BY ns ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS \(name)"
        }
        var windows = [before("gp", "cpb"), before("gn", "cnb"), before("gl", "clb"), before("gb", "cbb")]
        var counted = groups
        if set == nil {
            // The scores before the row's in the sums' window (one pass; `row_number`'s
            // frame is its own in Spark), and the count of scores first, over the narrow
            // grouped rows, in the same order (whole frame), so nothing is sorted again.
            windows.append("count(*) OVER (ORDER BY ns ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS mlgate_nb")
            counted = "SELECT *, count(*) OVER (ORDER BY ns ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS mlgate_total"
                + " FROM (\(groups)) AS mlgate_scores"
        }
        let windowed = "SELECT *, \(windows.joined(separator: ", ")) FROM (\(counted)) AS mlgate_groups"
        // As ``RankingPass/close(positives:negatives:)``: the positives after the score
        // are those before plus the score's.
        let cp = "(cpb + gp)", cn = "(cnb + gn)"
        // The rounding error of `before + term` (TwoSum).
        let error = { (before: String, term: String) in
            let sum = "(\(before) + \(term))", back = "(\(sum) - \(before))"
            return "sum((\(before) - (\(sum) - \(back))) + (\(term) - \(back)))"
        }
        var list = [
            set.map(String.init) ?? "-1", key ?? nullText, "count(*)", "sum(gp)", "sum(gn)", "sum(gn * (cpb + gp / 2))",
            "sum((\(cp) - cpb) * (\(cp) / (\(cp) + \(cn))))", "sum(gl)", error("clb", "gl"), "sum(gb)", error("cbb", "gb"),
        ]
        if set == nil {
            let step = "greatest(1, \(quotient("mlgate_total + \(curveLimit - 1)", String(curveLimit))))"
            let kept = "mlgate_nb % \(step) = 0"
            let last = { (value: String) in "max(CASE WHEN mlgate_nb + 1 = mlgate_total THEN \(value) END)" }
            list += [orderedList(cp, kept), orderedList(cn, kept), last(cp), last(cn)]
        } else {
            list += Array(repeating: "NULL", count: 4)
        }
        return "SELECT \(list.joined(separator: ", ")) FROM (\(windowed)) AS mlgate_windowed" + (key.map { " GROUP BY \($0)" } ?? "")
    }

    /// `sums` over `from`'s rows grouped by `keys` within each set, as `mlgate_set` and
    /// `mlgate_key` then `sums`: one scan with grouping sets, or a union of one scan per set.
    private func grouped(from: String, sums: String, by keys: [String]) -> String {
        let byKeys = keys.joined(separator: ", ")
        guard groupingSets else {
            return ([nil] + (0..<slices).map { Optional($0) }).map { set in
                let key = set.map(Self.slice) ?? nullText
                let groupBy = (set.map { [Self.slice($0)] } ?? []) + keys
                return "SELECT \(set ?? -1) AS mlgate_set, \(key) AS mlgate_key, \(sums) FROM (\(from)) AS mlgate_set\(set.map(String.init) ?? "_all")"
                    + " GROUP BY \(groupBy.joined(separator: ", "))"
            }.joined(separator: " UNION ALL ")
        }
        let sets = (["(\(byKeys))"] + (0..<slices).map { "(\(Self.slice($0)), \(byKeys))" }).joined(separator: ", ")
        let position = slices == 0
            ? "-1" : "CASE " + (0..<slices).map { "WHEN GROUPING(\(Self.slice($0))) = 0 THEN \($0) " }.joined() + "ELSE -1 END"
        let key = slices == 0
            ? nullText : "CASE " + (0..<slices).map { "WHEN GROUPING(\(Self.slice($0))) = 0 THEN \(Self.slice($0)) " }.joined() + "END"
        return "SELECT \(position) AS mlgate_set, \(key) AS mlgate_key, \(sums) FROM (\(from)) AS mlgate_rows GROUP BY GROUPING SETS (\(sets))"
    }
}
