/// An aggregate a SQL engine computes over a table for a dataset check, so that the
/// column need not be streamed (docs/warehouse.md). The dialect writes its SQL
/// (``SQLDialect/aggregateExpressions(_:column:)``); the values come back as text.
public enum TableAggregate: Hashable, Sendable {
    /// The number of rows.
    case rowCount
    /// The rows whose cell is missing: NULL, or empty text.
    case missingCount(column: String)
    /// The number of distinct non-empty values, compared as the text a file would hold.
    case distinctCount(column: String)
    /// Of a column of a numeric SQL type: the count of numbers, their minimum, maximum,
    /// mean and sample variance (NaN cells are not numbers: the check then streams).
    case numericSummary(column: String)
    /// Of a column of a numeric SQL type: the `q` quantile, interpolated linearly as
    /// numpy does (`percentile_cont`).
    case quantile(column: String, q: Double)

    /// The column it reads, if any.
    var column: String? {
        switch self {
        case .rowCount: nil
        case .missingCount(let column), .distinctCount(let column), .numericSummary(let column), .quantile(let column, _): column
        }
    }
}

/// The values of a table's aggregates, as the engine returned them.
public struct TableAggregateValues: Sendable {
    /// Each aggregate's values, in the order its dialect's expressions were written.
    var values: [TableAggregate: [String?]]
    /// The table's column names, in order.
    var columns: [String]

    func integer(_ aggregate: TableAggregate, _ index: Int = 0) -> Int {
        values[aggregate]?[index].flatMap { Int($0) } ?? 0
    }

    func double(_ aggregate: TableAggregate, _ index: Int) -> Double? {
        values[aggregate]?[index].flatMap { Double($0) }
    }

    /// The numeric summary of `column` (nil when the column is absent).
    func numericSummary(_ column: String) -> NumericColumnSummary {
        var summary = NumericColumnSummary(columnNamed: column, in: columns)
        let aggregate = TableAggregate.numericSummary(column: column)
        guard summary.column != nil, values[aggregate] != nil else { return summary }
        let count = integer(aggregate, 0)
        summary.missing = integer(.rowCount) - count
        if count > 0 {
            summary.minimum = double(aggregate, 1) ?? .nan
            summary.maximum = double(aggregate, 2) ?? .nan
            summary.engine = (count, double(aggregate, 3) ?? .nan, count > 1 ? (double(aggregate, 4) ?? .nan) * Double(count - 1) : 0)
        }
        return summary
    }
}

/// A dataset check whose accumulator a SQL engine can fill with aggregates, instead of
/// observing the streamed rows: same definitions, same verdicts.
protocol PushdownTableCheck: TableCheck {
    /// The aggregates it needs.
    var aggregates: [TableAggregate] { get }
    /// The accumulator those aggregates stand for.
    func accumulator(_ values: TableAggregateValues) -> Accumulator
}

extension PushdownTableCheck {
    /// ``accumulator(_:)`` as an existential, for a gate holding checks of every kind.
    func anyAccumulator(_ values: TableAggregateValues) -> any TableAccumulator { accumulator(values) }
}

extension RowCountCheck: PushdownTableCheck {
    var aggregates: [TableAggregate] { [.rowCount] }
    func accumulator(_ values: TableAggregateValues) -> Accumulator { Accumulator(rows: values.integer(.rowCount)) }
}

extension RequiredColumnsCheck: PushdownTableCheck {
    var aggregates: [TableAggregate] { [] }
    func accumulator(_ values: TableAggregateValues) -> Accumulator { makeAccumulator(columns: values.columns) }
}

extension MissingFractionCheck: PushdownTableCheck {
    var aggregates: [TableAggregate] { [.rowCount, .missingCount(column: column)] }
    func accumulator(_ values: TableAggregateValues) -> Accumulator {
        var accumulator = makeAccumulator(columns: values.columns)
        accumulator.rows = values.integer(.rowCount)
        accumulator.missing = accumulator.column == nil ? 0 : values.integer(.missingCount(column: column))
        return accumulator
    }
}

extension DistinctCountCheck: PushdownTableCheck {
    var aggregates: [TableAggregate] { [.distinctCount(column: column)] }
    func accumulator(_ values: TableAggregateValues) -> Accumulator {
        var accumulator = makeAccumulator(columns: values.columns)
        accumulator.pushedCount = values.integer(.distinctCount(column: column))
        return accumulator
    }
}

extension ColumnMinCheck: PushdownTableCheck {}
extension ColumnMaxCheck: PushdownTableCheck {}
extension ColumnMeanCheck: PushdownTableCheck {}
extension ColumnStdCheck: PushdownTableCheck {}

extension ColumnStatisticCheck {
    var aggregates: [TableAggregate] { [.rowCount, .numericSummary(column: column)] }
    func accumulator(_ values: TableAggregateValues) -> NumericColumnAccumulator {
        NumericColumnAccumulator(summary: values.numericSummary(column))
    }
}

extension ColumnQuantileCheck: PushdownTableCheck {
    var aggregates: [TableAggregate] { [.rowCount, .numericSummary(column: column), .quantile(column: column, q: quantile)] }
    func accumulator(_ values: TableAggregateValues) -> Accumulator {
        var accumulator = Accumulator(summary: values.numericSummary(column))
        accumulator.pushedQuantile = values.double(.quantile(column: column, q: quantile), 0)
        return accumulator
    }
}
