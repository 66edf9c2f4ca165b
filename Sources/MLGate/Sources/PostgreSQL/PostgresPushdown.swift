/// Computes a table's aggregates on the server, in as few statements as the target-list
/// limit allows (usually one), instead of streaming the rows.
enum PostgresPushdown {
    /// The aggregates' values, or nil when one cannot be computed on the server with the
    /// file mode's definition (a numeric statistic of a text column, a NaN in a float
    /// column): the caller then streams the table.
    static func values(
        _ table: DatabaseTable, aggregates: [TableAggregate], location: SourceLocation,
        dialect: PostgreSQLDialect = PostgreSQLDialect()
    ) throws(TableReadError) -> TableAggregateValues? {
        do throws(PostgresError) {
            let connection = try PostgresConnection(
                try PostgresConnectionParameters(table.connection), statementTimeout: table.statementTimeoutMilliseconds)
            let columns = try connection.query(dialect.describeStatement(table.relation)).columns
            var wanted: [TableAggregate] = [.rowCount]
            for aggregate in aggregates where !wanted.contains(aggregate) { wanted.append(aggregate) }
            var expressions: [String] = []
            var owners: [(TableAggregate, Range<Int>)] = []
            for aggregate in wanted {
                let column = aggregate.column.map { name in columns.first { $0.name == name } }
                // A column the table lacks: the check reports it missing, from the header.
                if let column, column == nil { continue }
                guard let list = dialect.aggregateExpressions(aggregate, column: column ?? nil) else { return nil }
                owners.append((aggregate, expressions.count..<(expressions.count + list.count)))
                expressions += list
            }
            var row: [String?] = []
            var start = 0
            while start < expressions.count {
                let part = expressions[start..<min(start + PostgreSQLDialect.expressionsPerStatement, expressions.count)]
                let result = try connection.query("SELECT \(part.joined(separator: ", ")) FROM \(dialect.fromClause(table.relation))")
                guard result.rows.count == 1, result.rows[0].count == part.count else {
                    throw PostgresError(.protocolViolation, "the aggregate query returned \(result.rows.count) rows, expected one")
                }
                row += result.rows[0]
                start += part.count
            }
            var values = TableAggregateValues(values: [:], columns: columns.map(\.name))
            for (aggregate, range) in owners { values.values[aggregate] = Array(row[range]) }
            for (aggregate, _) in owners {
                if case .numericSummary = aggregate, values.integer(aggregate, 5) > 0 { return nil }
            }
            return values
        } catch {
            throw error.tableReadError(table, at: location)
        }
    }
}
