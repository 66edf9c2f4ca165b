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

    /// The statement counting both sides' values per reference-quantile bin of the
    /// summaries that have edges, and those columns; nil when none has an edge.
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
    /// ``DriftPushdown/quantileCountStatement(_:result:kept:)``'s for `columns`; false
    /// when they do not fit the summaries (not a row per side, column and bin, a bin out
    /// of range, counts that do not add up to the present values).
    mutating func countQuantileBins(_ rows: [[String?]], columns: [DriftPushdown.QuantileColumn]) -> Bool {
        // Per column, per side, the values per bin (right-closed, from the bottom).
        var counts = columns.map { [[Int]](repeating: [Int](repeating: 0, count: $0.edges.count + 1), count: 2) }
        var seen = Set<[Int]>()
        for row in rows {
            guard row.count == columns.count + 2, let side = row[0].flatMap({ Int($0) }), side == 0 || side == 1,
                let count = row[row.count - 1].flatMap({ Int($0) }), count >= 0
            else { return false }
            let grouped = row[1..<(row.count - 1)].enumerated().filter { $0.element != nil }
            guard grouped.count == 1, let (position, text) = grouped.first, let bin = text.flatMap({ Int($0) }),
                (-1...columns[position].edges.count).contains(bin), seen.insert([side, position, bin]).inserted
            else { return false }
            if bin >= 0 { counts[position][side][columns[position].edges.count - bin] = count }
        }
        for (column, sides) in zip(columns, counts) {
            guard var summary = summaries[column.position], sides[0].reduce(0, +) == summary.reference.present,
                sides[1].reduce(0, +) == summary.current.present
            else { return false }
            summary.quantileBins = DriftHistogram(referenceCounts: sides[0], currentCounts: sides[1])
            summaries[column.position] = summary
        }
        return true
    }
}
