/// A regressor's sums (``RegressionSums``) as one statement with neither a window nor
/// `GROUP BY GROUPING SETS`, for the engines that refuse those on a distributed table
/// (Citus, citusdata/citus#2219) or that mlgate reaches by another protocol (Spark):
/// a `UNION ALL` of one aggregate per set of rows (every row, then each slice column's
/// values), each joined to its set's weighted means of the label and of the error,
/// which an aggregate subquery of its own computes. The engine scans the relation twice
/// per set; mlgate receives one row per slice value, as from PostgreSQL's form
/// (``PostgreSQLDialect/regressionSumsStatement(_:label:prediction:weight:slices:median:engine:shared:)``),
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
    /// errors ordered (``medianRelation(_:errors:)``, or ``weightedMedianRelation(_:errors:)``
    /// when `weighted`: windows, which Citus before 9.3 refuses on a distributed table
    /// unless they are partitioned by its distribution column).
    var median = false
    /// Whether the rows have a weight column: the median is then scikit-learn's weighted
    /// percentile (``WeightedPercentile``), not NumPy's median.
    var weighted = false
    /// The engine's double NaN literal: a set whose weights are all zero has NaN as its
    /// weighted median, as in the file mode (and the gate then reads the rows).
    var notANumber = "CAST('NaN' AS DOUBLE)"

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
                + (median ? " CROSS JOIN (\(anyMedianRelation(nil, errors: errors))) AS mlgate_median" : "")
        }
        let key = Self.slice(set)
        return "\(select) JOIN (SELECT \(key) AS mlgate_key, \(means) FROM (\(errors)) AS mlgate_rows GROUP BY \(key)) AS mlgate_means"
            + " ON mlgate_errors.\(key) = mlgate_means.mlgate_key"
            + (median ? " LEFT JOIN (\(anyMedianRelation(key, errors: errors))) AS mlgate_median ON mlgate_errors.\(key) = mlgate_median.mlgate_key" : "")
            + " GROUP BY mlgate_errors.\(key)"
    }

    /// The median relation the rows call for (``weighted``).
    private func anyMedianRelation(_ key: String?, errors: String) -> String {
        weighted ? weightedMedianRelation(key, errors: errors) : medianRelation(key, errors: errors)
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

    /// scikit-learn's weighted median `m` of the absolute errors (``WeightedPercentile``,
    /// "averaged inverted CDF" at 50) of every row (`key` nil) or of each value
    /// `mlgate_key` of slice column `key`, from one sort of each set's errors (ties by
    /// weight) and windows over it: each row's running weight and the one before it,
    /// summed row after row in that order as the file mode sums them, the total (the
    /// whole set summed in the same order: the last running weight), and the next row's
    /// error and weight. Then, in one aggregate: the first row whose running weight
    /// reaches half the total (it reaches, the row before does not; its running weight
    /// `ci`); its error, or, when `ci` is within ε of half the total, the mean of its
    /// error and the next row's (past zero-weight rows: the first later row whose running
    /// weight grows, which is the first past `ci`; or the row itself at the end). A set
    /// whose weights are all zero gives NaN. The same doubles as the file mode's, added in
    /// the same order when no two rows share an error; among equal errors the running
    /// weights may differ in their last bits, which can matter only when half the total
    /// falls within ε of one.
    private func weightedMedianRelation(_ key: String?, errors: String) -> String {
        let keyColumn = key.map { "\($0) AS mlgate_key, " } ?? ""
        let keyed = key == nil ? "" : "mlgate_key, "
        let ordered = "OVER (\(key == nil ? "" : "PARTITION BY mlgate_key ")ORDER BY ae, w"
        let frame = { (from: String, to: String) in "sum(w) \(ordered) ROWS BETWEEN \(from) AND \(to))" }
        let running = "SELECT \(keyed)ae, w, \(frame("UNBOUNDED PRECEDING", "CURRENT ROW")) AS mlgate_cw, "
            + "\(frame("UNBOUNDED PRECEDING", "1 PRECEDING")) AS mlgate_pcw, \(frame("UNBOUNDED PRECEDING", "UNBOUNDED FOLLOWING")) AS mlgate_t, "
            + "lead(ae) \(ordered)) AS mlgate_na, lead(w) \(ordered)) AS mlgate_nw "
            + "FROM (SELECT \(keyColumn)ae, w FROM (\(errors)) AS mlgate_rows WHERE ae IS NOT NULL AND w IS NOT NULL) AS mlgate_valued"
        let reaches = { (weight: String) in "(\(weight) >= 0.5 * mlgate_t AND \(weight) > 0)" }
        let first = "\(reaches("mlgate_cw")) AND NOT coalesce(\(reaches("mlgate_pcw")), false)"
        let at = { (value: String) in "max(CASE WHEN \(first) THEN \(value) END)" }
        let found = "SELECT \(keyed)max(mlgate_t) AS t, \(at("mlgate_cw")) AS ci, \(at("ae")) AS ai, "
            + "\(at("mlgate_na")) AS an, \(at("mlgate_nw")) AS wn, "
            + "min(CASE WHEN \(reaches("mlgate_pcw")) AND mlgate_cw > mlgate_pcw THEN ae END) AS ag "
            + "FROM (\(running)) AS mlgate_running" + (key == nil ? "" : " GROUP BY mlgate_key")
        let next = "CASE WHEN an IS NULL THEN ai WHEN wn > 0 THEN an ELSE coalesce(ag, ai) END"
        return "SELECT \(keyed)CASE WHEN t IS NULL OR NOT (t > 0) THEN \(notANumber) "
            + "WHEN ci - 0.5 * t > \(epsilon) THEN ai ELSE (ai + \(next)) / 2 END AS m FROM (\(found)) AS mlgate_found"
    }
}
