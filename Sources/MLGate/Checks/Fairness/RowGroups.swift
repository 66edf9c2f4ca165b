/// Rows grouped by the values of one or more sensitive columns: one group per observed
/// combination, as fairlearn's `MetricFrame` groups them. Grouped once per gate (a
/// bootstrap re-tallies the same groups on every draw), by comparing integer codes.
public struct RowGroups: Sendable {
    /// Each group's values, one per column, in order of first appearance.
    public let keys: [[String]]
    /// Each row's group, as its place in ``keys``.
    public let groupOfRow: [UInt32]

    /// Groups the rows of these columns (of equal length).
    public init(_ columns: [SliceColumn]) {
        let rows = columns.first?.count ?? 0
        if columns.count == 1 {
            keys = columns[0].values.map { [$0] }
            groupOfRow = columns[0].codes
            return
        }
        // A combination as one integer (mixed radix), when the product of the columns'
        // sizes fits; else the codes themselves.
        var radix = 1
        var fits = true
        for column in columns {
            let (product, overflow) = radix.multipliedReportingOverflow(by: max(column.values.count, 1))
            if overflow { fits = false; break }
            radix = product
        }
        var groupOfRow = [UInt32](repeating: 0, count: rows)
        var keys: [[String]] = []
        /// Numbers the rows' combinations in order of first appearance.
        func assign<Key: Hashable>(_ combination: (Int) -> Key) {
            var group: [Key: UInt32] = [:]
            for row in 0..<rows {
                let combined = combination(row)
                if let known = group[combined] {
                    groupOfRow[row] = known
                } else {
                    let index = UInt32(keys.count)
                    group[combined] = index
                    keys.append(columns.map { $0[row] })
                    groupOfRow[row] = index
                }
            }
        }
        if fits, radix <= 1 << 16 {
            // Few combinations: each one's group from a table, not a hash lookup per row.
            var group = [UInt32](repeating: .max, count: radix)
            for row in 0..<rows {
                var combined = 0
                for column in columns { combined = combined * max(column.values.count, 1) + Int(column.code(row)) }
                var index = group[combined]
                if index == .max {
                    index = UInt32(keys.count)
                    group[combined] = index
                    keys.append(columns.map { $0[row] })
                }
                groupOfRow[row] = index
            }
        } else if fits {
            assign { row in
                var combined = 0
                for column in columns { combined = combined * max(column.values.count, 1) + Int(column.code(row)) }
                return combined
            }
        } else {
            assign { row in columns.map { $0.code(row) } }
        }
        self.keys = keys
        self.groupOfRow = groupOfRow
    }

    /// Groups whose keys and rows are known (a subset of another grouping's rows).
    init(keys: [[String]], groupOfRow: [UInt32]) {
        self.keys = keys
        self.groupOfRow = groupOfRow
    }

    /// Groups rows given as one array of values per column.
    public init(_ columns: [[String]]) {
        self.init(columns.map(SliceColumn.init))
    }
}
