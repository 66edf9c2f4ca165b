/// The reference-quantile bins of the summarized columns that `psi` or `jensenshannon` is
/// named on: their edges come from the reference's order statistics in the column's
/// statement (``DriftPushdownStatement/columnStatement(_:sides:mean:edges:scales:positions:)``),
/// their counts from one more statement over both tables
/// (``DriftPushdownStatement/quantileCountStatement(_:)``).
extension DriftPushdown {
    /// More reference-quantile bins than this, and the column is counted instead: a
    /// statement of two order statistics and a count per bin.
    static let quantileBinLimit = 1_000

    /// One column's edges in ``quantileCountStatement(_:result:kept:)``: its position
    /// among the names asked for, its index among the statement's columns, and its edges.
    typealias QuantileColumn = (position: Int, index: Int, edges: [Double])

    /// The statement counting both sides' values up to each reference-quantile edge of
    /// the summaries that have edges, and those columns; nil when none has an edge (every
    /// value is in one bin, counted from the summary).
    static func quantileCountStatement(_ statement: DriftPushdownStatement, result: Result, kept: [Int])
        -> (sql: String, columns: [QuantileColumn])?
    {
        var columns: [QuantileColumn] = []
        for (index, position) in kept.enumerated() {
            guard let edges = result.summaries[position]?.quantileEdges, !edges.isEmpty else { continue }
            columns.append((position, index, edges))
        }
        guard !columns.isEmpty else { return nil }
        return (statement.quantileCountStatement(columns.map { ($0.index, $0.edges) }), columns)
    }
}

extension DriftPushdown.Result {
    /// Sets the reference-quantile bins of the summaries with edges: `rows` are
    /// ``DriftPushdown/quantileCountStatement(_:result:kept:)``'s for `columns` (none
    /// when no summary has an edge); false when they do not fit the summaries (a side
    /// missing, counts that fall or exceed the present values).
    mutating func countQuantileBins(_ rows: [[String?]], columns: [DriftPushdown.QuantileColumn]) -> Bool {
        let cells = columns.reduce(1) { $0 + $1.edges.count }
        var bySide: [Int: [Int]] = [:]
        for row in rows {
            let counts = row.compactMap { $0.flatMap { Int($0) } }
            guard row.count == cells, counts.count == cells, counts[0] == 0 || counts[0] == 1 else { return false }
            bySide[counts[0]] = Array(counts.dropFirst())
        }
        guard columns.isEmpty || (bySide.count == 2 && rows.count == 2) else { return false }
        for (position, var summary) in summaries {
            guard let edges = summary.quantileEdges else { continue }
            let reference = summary.reference.present, current = summary.current.present
            guard !edges.isEmpty else {
                summary.quantileBins = DriftHistogram(referenceCounts: [reference], currentCounts: [current])
                summaries[position] = summary
                continue
            }
            guard let offset = columns.firstIndex(where: { $0.position == position }).map({ index in
                columns[..<index].reduce(0) { $0 + $1.edges.count }
            }), let atMostReference = bySide[0]?[offset..<(offset + edges.count)], let atMostCurrent = bySide[1]?[offset..<(offset + edges.count)],
                let referenceCounts = Self.rightClosedCounts(Array(atMostReference), total: reference),
                let currentCounts = Self.rightClosedCounts(Array(atMostCurrent), total: current)
            else { return false }
            summary.quantileBins = DriftHistogram(referenceCounts: referenceCounts, currentCounts: currentCounts)
            summaries[position] = summary
        }
        return true
    }

    /// Counts in `(−∞, e₀], (e₀, e₁], …, (e_last, +∞)` from the values at most each edge
    /// and all of them (``DriftBinning/rightClosedCounts(_:edges:)``); nil when they fall
    /// or pass the total.
    static func rightClosedCounts(_ atMost: [Int], total: Int) -> [Int]? {
        var counts: [Int] = [], previous = 0
        for count in atMost + [total] {
            guard count >= previous else { return nil }
            counts.append(count - previous)
            previous = count
        }
        return counts
    }
}
