/// A regressor's sums (``RegressionSums``) as one statement with neither a window nor
/// `GROUP BY GROUPING SETS`, for the engines that refuse those on a distributed table
/// (Citus, citusdata/citus#2219) or that mlgate reaches by another protocol (Spark):
/// a `UNION ALL` of one aggregate per set of rows (every row, then each slice column's
/// values), each joined to its set's weighted means of the label and of the error,
/// which an aggregate subquery of its own computes. The engine scans the relation twice
/// per set; mlgate receives one row per slice value, as from PostgreSQL's form
/// (``PostgreSQLDialect/regressionSumsStatement(_:label:prediction:weight:slices:median:engine:)``),
/// with the same columns: the set's position (-1: every row, `i`: slice `i`), each
/// slice's text, the sums in ``RegressionSums``'s order, then how many rows hold a
/// value the file mode refuses.
struct RegressionSumsStatement {
    /// A `SELECT` giving each row's label as `y`, prediction as `p` and weight as `w`
    /// (doubles) and slice `i`'s text as `mlgate_s<i>` (never NULL: a missing cell is
    /// the empty text).
    var values: String
    /// How many slice columns `values` gives.
    var slices: Int
    /// A NULL of the engine's text type, for the slice columns a set does not group by.
    var nullText: String
    /// The literal of ε as scikit-learn's MAPE takes it, `np.finfo(np.float64).eps`.
    var epsilon: String
    /// The condition that a double expression is a value the file mode refuses: NULL,
    /// an infinity or NaN.
    var refused: (String) -> String
    /// Whether the gate reports the median absolute error: each set's median is then its
    /// errors ordered (``medianRelation(_:errors:)``; windows, which Citus refuses on a
    /// distributed table, so only Spark is given it).
    var median = false

    /// The statement's text.
    var text: String {
        ([nil] + (0..<slices).map { Optional($0) }).map(part).joined(separator: " UNION ALL ")
    }

    /// The name of slice `index`'s column in `values`.
    static func slice(_ index: Int) -> String { "mlgate_s\(index)" }

    /// The aggregate over every row (`set` nil) or over each value of slice `set`.
    private func part(_ set: Int?) -> String {
        let errors = "SELECT *, y - p AS e, abs(y - p) AS ae, abs(y - p) / greatest(abs(y), \(epsilon)) AS ape FROM (\(values)) AS mlgate_values"
        let means = "sum(w * y) / NULLIF(sum(w), 0) AS my, sum(w * e) / NULLIF(sum(w), 0) AS me"
        let position = set.map(String.init) ?? "-1"
        let sliceTexts = (0..<slices).map { $0 == set ? "mlgate_errors.\(Self.slice($0))" : nullText }
        let refusedRow = [refused("y"), refused("p"), refused("w"), "w < 0"].joined(separator: " OR ")
        let list = [position] + sliceTexts + [
            "count(*)", "sum(w)", "sum(w * ae)", "sum(w * e * e)", "sum(w * ape)", "max(ae)", median ? "max(mlgate_median.m)" : "NULL",
            "sum(w * (y - my) * (y - my))", "sum(w * (e - me) * (e - me))",
            "sum(CASE WHEN \(refusedRow) THEN 1 ELSE 0 END)",
        ]
        let select = "SELECT \(list.joined(separator: ", ")) FROM (\(errors)) AS mlgate_errors"
        guard let set else {
            return "\(select) CROSS JOIN (SELECT \(means) FROM (\(errors)) AS mlgate_rows) AS mlgate_means"
                + (median ? " CROSS JOIN (\(medianRelation(nil, errors: errors))) AS mlgate_median" : "")
        }
        let key = Self.slice(set)
        return "\(select) JOIN (SELECT \(key) AS mlgate_key, \(means) FROM (\(errors)) AS mlgate_rows GROUP BY \(key)) AS mlgate_means"
            + " ON mlgate_errors.\(key) = mlgate_means.mlgate_key"
            + (median ? " LEFT JOIN (\(medianRelation(key, errors: errors))) AS mlgate_median ON mlgate_errors.\(key) = mlgate_median.mlgate_key" : "")
            + " GROUP BY mlgate_errors.\(key)"
    }

    /// The median `m` of the absolute errors of every row (`key` nil) or of each value
    /// `mlgate_key` of slice column `key`, exactly: the errors ordered and numbered within
    /// their set, the middle one (an odd count) or the mean of the middle two (an even
    /// one), as NumPy's median and the file mode take it. An engine sorts with a spill to
    /// disk, where an aggregate of the values (Spark's `percentile`, a count per distinct
    /// value) must hold them all in memory. A value the file mode refuses is counted by
    /// the statement (the gate then reads the rows); a NULL error is left out here.
    private func medianRelation(_ key: String?, errors: String) -> String {
        let partition = key.map { "PARTITION BY \($0)" } ?? ""
        let keyColumn = key.map { "\($0) AS mlgate_key, " } ?? ""
        let numbered = "SELECT \(keyColumn)ae, row_number() OVER (\(partition) ORDER BY ae) AS mlgate_r, count(*) OVER (\(partition)) AS mlgate_n"
            + " FROM (\(errors)) AS mlgate_rows WHERE ae IS NOT NULL"
        return "SELECT \(key == nil ? "" : "mlgate_key, ")avg(ae) AS m FROM (\(numbered)) AS mlgate_numbered"
            + " WHERE mlgate_r = floor((mlgate_n + 1) / 2) OR mlgate_r = floor(mlgate_n / 2) + 1"
            + (key == nil ? "" : " GROUP BY mlgate_key")
    }
}
