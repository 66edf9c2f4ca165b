/// A drift gate's numeric columns summarized by an engine (``DriftPushdown``) in two or
/// three statements, so that mlgate receives a row per column instead of a row per distinct
/// value:
///
/// 1. ``sidesStatement``: per table, its rows, and per column the present values, their
///    smallest, largest and sum, and how many are not integers' texts. mlgate takes the
///    Sturges edges of the display histogram and an approximate reference mean from it.
/// 2. ``columnStatement(_:sides:mean:edges:scales:positions:)``, one per column: both tables' values
///    counted per distinct value, in ascending order with windows for the running counts
///    and the next value, as ``Wasserstein`` and ``KolmogorovSmirnov`` walk the union:
///    the same ECDF differences and the same Wasserstein terms (doubles divided and
///    multiplied as they are), the largest and smallest difference, the terms' sum, the
///    reference's squared deviations from the approximate mean and their plain sum, and
///    each display bin's end (its last value's running counts: the bins are ranges of
///    the values in order). The two long sums of non-negative doubles are exact
///    fixed-point sums of integers (``ExactSum``): a double's running sum in the engine
///    would be off by up to a rounding per addition. A column that `psi` or
///    `jensenshannon` is named on also gets the reference's order statistics its
///    reference-quantile edges interpolate between.
/// 3. ``quantileCountStatement(_:)``, when such a column has edges: both sides' values
///    per reference-quantile bin.
///
/// The engine-specific pieces are closures and literals.
struct DriftPushdownStatement {
    /// One column on one side: the expression giving its value as a double (NULL when
    /// the cell is missing to the file mode: NULL, NaN, ±infinity), and the condition
    /// that a present value's text is not an integer's (nil: never, an integer type).
    struct Value {
        var number: String
        var notInteger: String?
    }

    /// The `FROM` clauses of the reference and the current relation.
    var reference: String
    var current: String
    /// Per column, its value on each side.
    var referenceValues: [Value]
    var currentValues: [Value]
    /// A double literal.
    var double: (Double) -> String
    /// The bin (0-based) of a double expression among ascending inner edges (at least one):
    /// how many of them are at most the value.
    var bin: (String, [Double]) -> String
    /// An integer expression as a double.
    var toDouble: (String) -> String
    /// A double expression holding an integer below 2^62 in magnitude as a 64-bit integer
    /// (rounded or truncated).
    var integer: (String) -> String
    /// The exact sum of a 64-bit integer expression over the rows (never overflowing).
    var exactSum: (String) -> String
    /// Over the rows that meet a condition (`(values, condition)`), each row's integer
    /// expressions `values` as one text: `a b c` per row, rows separated by commas, in
    /// any order.
    var binEnds: ([String], String) -> String

    /// The values (`value`) of the columns named `names` that are numbers on both sides,
    /// and their positions in `names`; nil when none is.
    static func values<Column>(
        _ names: [String], reference: [Column], current: [Column], name: (Column) -> String, value: (Column) -> Value?
    ) -> (reference: [Value], current: [Value], kept: [Int])? {
        var found: (reference: [Value], current: [Value], kept: [Int]) = ([], [], [])
        for (position, wanted) in names.enumerated() {
            guard let r = reference.first(where: { name($0) == wanted }).flatMap(value),
                let c = current.first(where: { name($0) == wanted }).flatMap(value)
            else { continue }
            found.reference.append(r)
            found.current.append(c)
            found.kept.append(position)
        }
        return found.kept.isEmpty ? nil : found
    }

    /// Per side (0: reference, 1: current): the rows, then per column the present
    /// values, their minimum, maximum and sum, and how many are not integers.
    var sidesStatement: String {
        [(0, reference, referenceValues), (1, current, currentValues)].map { side, relation, values in
            let inner = values.enumerated().flatMap { index, value in
                ["\(value.number) AS v\(index)", "\(value.notInteger.map { "CASE WHEN \($0) THEN 1 ELSE 0 END" } ?? "0") AS i\(index)"]
            }
            let list = ["\(side)", "count(*)"] + values.indices.flatMap { index in
                ["count(v\(index))", "min(v\(index))", "max(v\(index))", "sum(v\(index))", "sum(CASE WHEN v\(index) IS NULL THEN 0 ELSE i\(index) END)"]
            }
            return "SELECT \(list.joined(separator: ", ")) FROM (SELECT \(inner.joined(separator: ", ")) FROM \(relation)) AS mlgate_side"
        }.joined(separator: " UNION ALL ")
    }

    /// Column `index`'s summary: the column, the distinct values, those of the reference
    /// and of the current side, the largest and smallest ECDF difference, the Wasserstein
    /// terms' and the squared deviations' fixed-point sums (``ExactSum``), the deviations'
    /// sum, each bin's end (its running counts of both sides), then, when `positions`
    /// (0-based, ascending) are given, the values holding the reference's order
    /// statistics there (the reference-quantile bins' edges are made of them,
    /// ``orderStatistics(_:)``). `sides`: both sides' present values; `mean`:
    /// the approximate reference mean the deviations are taken from; `edges`: the display
    /// histogram's edges; `scales`: the fixed-point scales of the Wasserstein terms and the
    /// squared deviations.
    func columnStatement(
        _ index: Int, sides: (Int, Int), mean: Double, edges: [Double], scales: (Double, Double), positions: [Int] = []
    ) -> String {
        let n = double(Double(sides.0)), m = double(Double(sides.1)), c = double(mean)
        let union = "SELECT 0 AS s, \(referenceValues[index].number) AS v FROM \(reference) UNION ALL SELECT 1 AS s, \(currentValues[index].number) AS v FROM \(current)"
        // Counts as doubles (exact below 2^53), summed and divided as the file mode does.
        let counted = "SELECT v, \(toDouble("count(*) FILTER (WHERE s = 0)")) AS nr, \(toDouble("count(*) FILTER (WHERE s = 1)")) AS nc "
            + "FROM (\(union)) AS mlgate_union WHERE v IS NOT NULL GROUP BY v"
        let running = "ORDER BY v ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW"
        let walked = "SELECT v, nr, nc, sum(nr) OVER (\(running)) AS cr, sum(nc) OVER (\(running)) AS cc, lead(v) OVER (ORDER BY v) AS nv FROM (\(counted)) AS mlgate_counted"
        let inner = Array(edges.dropFirst().dropLast())
        let bin = { (value: String) in inner.isEmpty ? "0" : self.bin(value, inner) }
        let differences = "SELECT v, nr, nc, nv, cr, cc, cr / \(n) - cc / \(m) AS d FROM (\(walked)) AS mlgate_walked"
        // Scaled by powers of two: the same doubles, exactly.
        let terms = "SELECT *, abs(d) * (nv - v) * \(double(scales.0)) AS tw, nr * ((v - \(c)) * (v - \(c))) * \(double(scales.1)) AS ts, "
            + "nr * (v - \(c)) AS t1, \(bin("v")) AS b, \(bin("nv")) AS nb FROM (\(differences)) AS mlgate_differences"
        // A bin's last value (the next is in another bin, or there is none) holds the
        // running counts up to the bin's end.
        let ends = binEnds([integer("b"), integer("cr"), integer("cc")], "nv IS NULL OR nb <> b")
        let list = [
            "\(index)", "count(*)", "count(*) FILTER (WHERE nr > 0)", "count(*) FILTER (WHERE nc > 0)", "max(d)", "min(d)",
        ] + ExactSum.sums("tw", of: self) + ExactSum.sums("ts", of: self) + ["sum(t1)", ends]
            + (positions.isEmpty ? [] : [orderStatistics(positions)])
        return "SELECT \(list.joined(separator: ", ")) FROM (\(terms)) AS mlgate_terms"
    }

    /// The values that hold the reference's order statistics at `positions` (0-based,
    /// ascending) as text, `value before through` per value (its reference values are at
    /// positions `before ..< through`), over the walk's rows: those whose running count
    /// passes a position, found by a bin of the positions plus one (a search, not a
    /// filter per position).
    private func orderStatistics(_ positions: [Int]) -> String {
        let thresholds = positions.map { Double($0 + 1) }
        return binEnds(["v", integer("cr - nr"), integer("cr")], "\(bin("cr - nr", thresholds)) <> \(bin("cr", thresholds))")
    }

    /// Both sides' values per reference-quantile bin of each of `columns` (its index and
    /// its edges, ascending): rows `side, b₀, b₁, …, count` grouped by the side and one
    /// column's bin (the other bins NULL), the bin of a value being how many edges are at
    /// least it (the right-closed bins counted from the top, so that ``bin`` serves:
    /// `(e_{k−1}, e_k]` is bin `edges − k`), a missing value's −1. One scan of each side,
    /// a search per value and column, and a group per bin.
    func quantileCountStatement(_ columns: [(index: Int, edges: [Double])]) -> String {
        let sides = [(0, reference, referenceValues), (1, current, currentValues)].map { side, relation, values in
            let inner = columns.map { "\(values[$0.index].number) AS v\($0.index)" }
            let bins = columns.enumerated().map { position, column in
                // Spark's bin of NULL is the last (its comparisons fail), PostgreSQL's NULL.
                "CASE WHEN v\(column.index) IS NULL THEN -1 ELSE \(bin("-v\(column.index)", column.edges.reversed().map { -$0 })) END AS b\(position)"
            }
            return "SELECT \(side) AS s, \(bins.joined(separator: ", ")) FROM (SELECT \(inner.joined(separator: ", ")) FROM \(relation)) AS mlgate_side"
        }
        let binsList = columns.indices.map { "b\($0)" }
        let sets = binsList.map { "(s, \($0))" }.joined(separator: ", ")
        return "SELECT s, \(binsList.joined(separator: ", ")), count(*) FROM (\(sides.joined(separator: " UNION ALL "))) AS mlgate_binned "
            + "GROUP BY GROUPING SETS (\(sets))"
    }
}
