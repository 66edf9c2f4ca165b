/// A regressor's metrics over a database table or a Spark table, computed by the engine
/// as sums in one aggregate statement
/// (``PostgreSQLDialect/regressionSumsStatement(_:label:prediction:weight:slices:median:engine:shared:)``,
/// ``SparkSQLDialect/regressionSumsStatement(_:label:prediction:weight:slices:median:)``)
/// instead of reading the rows: with continuous labels and predictions, a grouped read
/// sends about as many rows as the table has; this sends one row per slice value.
enum RegressionPushdown {
    /// The sums over every row, and over each slice column's values.
    struct Result: Sendable {
        var overall: RegressionSums
        /// Per slice column, each value (a missing cell is the empty value) with its sums.
        var slices: [String: [String: RegressionSums]]
    }

    /// The sums of the model gate reading `columns` of `table`, or nil when the server
    /// cannot compute them with the file mode's definitions, and the gate reads the
    /// table grouped instead (which then reports any bad cell as the file mode does):
    /// a column the table lacks or not of a numeric SQL type (nor text, on PostgreSQL,
    /// whose texts not of a plain decimal's shape are NULLs:
    /// ``PostgreSQLDialect/readDoubleExpression(_:)``), a NULL, a non-finite number
    /// or a negative weight, no rows, weights over mlgate's limit, a median that Citus or
    /// Redshift refuses to compute (``refusesMedian(_:)``), a weighted median of rows that
    /// all weigh 0 (NaN, as the file mode's), or arithmetic that overflows a double
    /// (SQLSTATE 22003). A `shared` relation (a join) is evaluated once where the statement
    /// would read it several times (``PostgreSQLDialect/regressionSumsStatement(_:label:prediction:weight:slices:median:engine:shared:)``).
    static func run(
        _ table: DatabaseTable, columns: PredictionColumns, median: Bool, location: SourceLocation,
        dialect: PostgreSQLDialect = PostgreSQLDialect(), shared: Bool = false
    ) throws(TableReadError) -> Result? {
        guard isPushable(columns) else { return nil }
        do throws(PostgresError) {
            let (connection, _, engine) = try table.session()
            let described = try connection.query(dialect.describeStatement(table.relation)).columns
            guard let found = Found(columns, in: described, named: \.name),
                let sql = dialect.regressionSumsStatement(
                    table.relation, label: found.label, prediction: found.prediction, weight: found.weight, slices: found.slices,
                    median: median, engine: engine, shared: shared)
            else { return nil }
            let rows: [[String?]]
            do throws(PostgresError) {
                rows = try connection.query(sql).rows
            } catch where error.sqlState == "22003" || (median && engine != .postgresql && refusesMedian(error)) {
                return nil
            }
            return try result(rows, slices: columns.slices)
        } catch {
            throw error.tableReadError(table, at: location)
        }
    }

    /// Whether an engine's error says it cannot run a median's windows (Citus before 9.3
    /// refuses windows not partitioned by a distributed table's distribution column,
    /// `0A000`): the gate then reads the rows grouped, as before medians were sent there.
    /// A timeout, a permission or a missing column is not such an error: the grouped
    /// read would meet it again.
    static func refusesMedian(_ error: PostgresError) -> Bool {
        ["0A000", "42883", "42P20", "42803", "42601"].contains(error.sqlState ?? "")
    }

    /// Whether the gate's sums can be asked of an engine at all: a regressor with a
    /// prediction column (a median, weighted or not, is then up to the engine's dialect).
    static func isPushable(_ columns: PredictionColumns) -> Bool {
        columns.task == .regression && columns.prediction != nil
    }

    /// The relation's columns that the gate reads (of an engine's own column type).
    struct Found<Column> {
        var label: Column
        var prediction: Column
        var weight: Column?
        var slices: [Column]

        /// Nil when the relation lacks one of them.
        init?(_ columns: PredictionColumns, in relation: [Column], named name: (Column) -> String) {
            func column(_ wanted: String) -> Column? { relation.first { name($0) == wanted } }
            guard let label = column(columns.label), let prediction = columns.prediction.flatMap(column) else { return nil }
            let slices = columns.slices.compactMap(column)
            guard slices.count == columns.slices.count else { return nil }
            var weight: Column?
            if let wanted = columns.weight {
                guard let found = column(wanted) else { return nil }
                weight = found
            }
            (self.label, self.prediction, self.weight, self.slices) = (label, prediction, weight, slices)
        }
    }

    /// The statement's rows as sums; nil when a row holds a value the file mode refuses.
    static func result(_ rows: [[String?]], slices: [String]) throws(PostgresError) -> Result? {
        var overall: RegressionSums?
        var bySlice: [String: [String: RegressionSums]] = [:]
        for row in rows {
            guard row.count == slices.count + 11, let position = row[0].flatMap({ Int($0) }) else {
                throw PostgresError(.protocolViolation, "the regression sums came back in an unexpected shape")
            }
            let values = Array(row[(slices.count + 1)...])
            let number = { (index: Int) in values[index].flatMap { Double($0) } ?? 0 }
            guard values.indices.filter({ $0 != 0 && $0 != 9 }).allSatisfy({ values[$0].flatMap { Double($0) }?.isFinite ?? true })
            else {
                // A sum beyond a double (PostgreSQL refuses it with 22003; Spark gives an
                // infinity): the rows are read instead, as the file mode reads them.
                return nil
            }
            let sums = RegressionSums(
                rows: Int(values[0] ?? "") ?? 0, weight: number(1), absoluteErrors: number(2), squaredErrors: number(3),
                percentageErrors: number(4), maximumError: number(5), medianError: values[6].flatMap { Double($0) },
                labelDeviations: number(7), errorDeviations: number(8))
            if position < 0 {
                guard Int(values[9] ?? "") == 0, sums.rows > 0, sums.weight <= InputLimits.weightTotal else { return nil }
                overall = sums
            } else if slices.indices.contains(position) {
                bySlice[slices[position], default: [:]][row[1 + position] ?? ""] = sums
            }
        }
        guard let overall else { throw PostgresError(.protocolViolation, "the regression sums lack the row of the whole table") }
        return Result(overall: overall, slices: bySlice)
    }
}
