/// A session on the engine that holds a data gate's table, for the gate's pushdown
/// (docs/warehouse.md, docs/spark.md): the engine computes the dataset checks' aggregates
/// and clears the contract's rows it decides break nothing, and mlgate judges the rest.
/// One conforming type per engine and protocol (``PostgresPushdownSession`` over the
/// PostgreSQL wire protocol, ``SparkPushdownSession`` through Spark Connect); what is
/// decided, and how the candidates are judged, is shared (``WarehousePushdown``,
/// ``ContractPushdown``).
protocol PushdownSession {
    /// The relation's column names, in order.
    var columnNames: [String] { get }
    /// The bytes received from the engine so far.
    var bytesReceived: Int { get }
    /// The most select-list expressions one aggregate statement holds.
    var expressionsPerStatement: Int { get }
    /// The select-list expressions computing `aggregate` over `column` (nil for
    /// ``TableAggregate/rowCount``), in the order ``TableAggregateValues`` reads them; nil
    /// when the engine cannot compute it with the file mode's definition (then the table
    /// is streamed instead).
    func aggregateExpressions(_ aggregate: TableAggregate, column: Int?) -> [String]?
    /// The values of `expressions` over the whole relation: one statement, one row, as text.
    mutating func aggregateRow(_ expressions: [String]) throws(TableReadError) -> [String?]
    /// The values completed from the first statement's (an engine without an exact
    /// function for a quantile asks for its order statistics), or nil when they are not
    /// the file mode's (a NaN in a float column): then the table is streamed.
    mutating func completed(_ values: TableAggregateValues) throws(TableReadError) -> TableAggregateValues?
    /// Starts reading the rows the contract must judge under `plan`, in row order.
    mutating func startCandidates(_ plan: ContractPushdownPlan) throws(TableReadError)
    /// The next candidate rows (their row numbers, lines and cells' text as a streamed
    /// read gives them), in row order; nil after the last.
    mutating func nextCandidates() throws(TableReadError) -> [ContractCandidate]?
}

/// A row the engine could not clear, for the contract's validator.
struct ContractCandidate: Sendable {
    /// Its row number in a streamed read of the relation (the header is row 1).
    var row: Int
    /// The line it starts on in a CSV file of the rows.
    var line: Int
    /// Its cells' text as a streamed read gives them (a NULL is an empty cell; nil: the
    /// row has no such cell).
    var cells: [String?]
    /// For each of the plan's foreign keys, whether the engine found the row's key among
    /// the referenced keys (or its fields all missing); nil when the engine sends every
    /// row and the validator looks the keys up itself.
    var resolved: [Bool]? = nil
}

/// The aggregate pushdown shared by every engine.
enum WarehousePushdown {
    /// The aggregates' values computed by the engine, in as few statements as
    /// ``PushdownSession/expressionsPerStatement`` allows (usually one); nil when one
    /// cannot be computed with the file mode's definition (the caller then streams).
    static func values(_ session: inout some PushdownSession, aggregates: [TableAggregate]) throws(TableReadError)
        -> TableAggregateValues?
    {
        var wanted: [TableAggregate] = [.rowCount]
        for aggregate in aggregates where !wanted.contains(aggregate) { wanted.append(aggregate) }
        var expressions: [String] = []
        var owners: [(TableAggregate, Range<Int>)] = []
        for aggregate in wanted {
            let column = aggregate.column.map { session.columnNames.firstIndex(of: $0) }
            // A column the table lacks: the check reports it missing, from the header.
            if let column, column == nil { continue }
            guard let list = session.aggregateExpressions(aggregate, column: column ?? nil) else { return nil }
            owners.append((aggregate, expressions.count..<(expressions.count + list.count)))
            expressions += list
        }
        var row: [String?] = []
        var start = 0
        while start < expressions.count {
            let part = Array(expressions[start..<min(start + session.expressionsPerStatement, expressions.count)])
            row += try session.aggregateRow(part)
            start += part.count
        }
        var values = TableAggregateValues(values: [:], columns: session.columnNames)
        for (aggregate, range) in owners { values.values[aggregate] = Array(row[range]) }
        return try session.completed(values)
    }

    /// A data gate's checks' state computed by the engine, when every check is an
    /// aggregate it computes with the file mode's definition; nil when the table must be streamed.
    static func checks(_ checks: [ConfiguredCheck], on session: inout some PushdownSession) throws(TableReadError)
        -> DataTableConsumer?
    {
        let pushable = checks.compactMap { $0.check as? any PushdownTableCheck }
        guard pushable.count == checks.count,
              let values = try values(&session, aggregates: pushable.flatMap(\.aggregates))
        else { return nil }
        var state = DataTableConsumer(checks: checks, columns: values.columns)
        state.rows = values.integer(.rowCount)
        state.accumulators = pushable.map { $0.anyAccumulator(values) }
        return state
    }
}
