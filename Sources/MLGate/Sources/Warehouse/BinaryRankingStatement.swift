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
///    sums, the log loss and Brier sums (in exact decimals, whatever the order), and the
///    whole table's curve points thinned as ``RankingMetrics/CurveSink`` thins them.
///
/// The engine-specific pieces are closures and literals; the columns of each statement's
/// rows are documented on ``BinaryRankingPushdown``.
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
    /// The sum of a double expression in exact decimals (the order of the additions does
    /// not matter), or as close as the engine has.
    var exactSum: (String) -> String
    /// The values of an expression over a set's rows that meet a condition, in the order
    /// of `mlgate_n`, as one cell (`(value, condition)`).
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
        return grouped(from: cells, sums: sums, by: ["l", "mlgate_c"], having: nil)
    }

    /// Per set: the set, the slice's text, the scores that weigh something (the
    /// thresholds), the positive and negative weight, ROC AUC's area and average
    /// precision's sum, the log loss and Brier sums, and for every row's set the curve's
    /// kept points (their true, then false positive weights) and its last point. A set
    /// whose rows all weigh 0 has no row. `positive`: the label texts of the positive class.
    func rankingStatement(positive: [String]) -> String {
        let y = positive.isEmpty ? "(1 = 0)" : "l IN (\(positive.map(literal).joined(separator: ", ")))"
        let rows = "SELECT s, w, \(y) AS y\((0..<slices).map { ", \(Self.slice($0))" }.joined()) FROM (\(values)) AS mlgate_values"
        let clipped = { (p: String) in "-ln(least(greatest(\(p), \(epsilon)), 1 - \(epsilon)))" }
        let sums = [
            "s", "sum(CASE WHEN y THEN w ELSE 0 END) AS gp", "sum(CASE WHEN y THEN 0 ELSE w END) AS gn",
            "sum(w * CASE WHEN y THEN \(clipped("s")) ELSE \(clipped("1 - s")) END) AS gl",
            "sum(w * CASE WHEN y THEN (s - 1) * (s - 1) ELSE s * s END) AS gb",
        ].joined(separator: ", ")
        let groups = grouped(from: rows, sums: sums, by: ["s"], having: "sum(w) > 0")
        let partition = "PARTITION BY mlgate_set, mlgate_key"
        let before = "OVER (\(partition) ORDER BY s DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)"
        let windowed = "SELECT *, coalesce(sum(gp) \(before), 0) AS cpb, coalesce(sum(gn) \(before), 0) AS cnb, "
            + "row_number() OVER (\(partition) ORDER BY s DESC) AS mlgate_n, count(*) OVER (\(partition)) AS mlgate_total "
            + "FROM (\(groups)) AS mlgate_groups"
        // As ``RankingPass/close(positives:negatives:)``: the positives after the score
        // are those before plus the score's.
        let cp = "(cpb + gp)", cn = "(cnb + gn)"
        let step = "greatest(1, \(quotient("mlgate_total + \(curveLimit - 1)", String(curveLimit))))"
        let kept = "mlgate_set = -1 AND (mlgate_n - 1) % \(step) = 0"
        let last = { (value: String) in "max(CASE WHEN mlgate_set = -1 AND mlgate_n = mlgate_total THEN \(value) END)" }
        let list = [
            "mlgate_set", "mlgate_key", "count(*)", "sum(gp)", "sum(gn)", "sum(gn * (cpb + gp / 2))",
            "sum((\(cp) - cpb) * (\(cp) / (\(cp) + \(cn))))", exactSum("gl"), exactSum("gb"),
            orderedList(cp, kept), orderedList(cn, kept), last(cp), last(cn),
        ]
        return "SELECT \(list.joined(separator: ", ")) FROM (\(windowed)) AS mlgate_windowed GROUP BY mlgate_set, mlgate_key"
    }

    /// `sums` over `from`'s rows grouped by `keys` within each set, as `mlgate_set` and
    /// `mlgate_key` then `sums`: one scan with grouping sets, or a union of one scan per set.
    private func grouped(from: String, sums: String, by keys: [String], having: String?) -> String {
        let having = having.map { " HAVING \($0)" } ?? ""
        let byKeys = keys.joined(separator: ", ")
        guard groupingSets else {
            return ([nil] + (0..<slices).map { Optional($0) }).map { set in
                let key = set.map(Self.slice) ?? nullText
                let groupBy = (set.map { [Self.slice($0)] } ?? []) + keys
                return "SELECT \(set ?? -1) AS mlgate_set, \(key) AS mlgate_key, \(sums) FROM (\(from)) AS mlgate_set\(set.map(String.init) ?? "_all")"
                    + " GROUP BY \(groupBy.joined(separator: ", "))\(having)"
            }.joined(separator: " UNION ALL ")
        }
        let sets = (["(\(byKeys))"] + (0..<slices).map { "(\(Self.slice($0)), \(byKeys))" }).joined(separator: ", ")
        let position = slices == 0
            ? "-1" : "CASE " + (0..<slices).map { "WHEN GROUPING(\(Self.slice($0))) = 0 THEN \($0) " }.joined() + "ELSE -1 END"
        let key = slices == 0
            ? nullText : "CASE " + (0..<slices).map { "WHEN GROUPING(\(Self.slice($0))) = 0 THEN \(Self.slice($0)) " }.joined() + "END"
        return "SELECT \(position) AS mlgate_set, \(key) AS mlgate_key, \(sums) FROM (\(from)) AS mlgate_rows GROUP BY GROUPING SETS (\(sets))\(having)"
    }
}
