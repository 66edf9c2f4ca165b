/// Everything engine-specific about reading a table from a SQL engine: how names are
/// quoted, how the rows are streamed, how a typed column becomes the text a Table Schema
/// reads, and the aggregates pushed down to the engine. One type per engine
/// (``PostgreSQLDialect`` first); another PostgreSQL-wire engine, or another protocol,
/// is one new conforming type.
protocol SQLDialect: Sendable {
    /// `name` quoted as an identifier.
    func quoteIdentifier(_ name: String) -> String
    /// A relation as the operand of `FROM`: a quoted table name, or the query in parentheses.
    func fromClause(_ relation: DatabaseTable.Relation) -> String
    /// A statement that returns no rows but the relation's columns and their types.
    func describeStatement(_ relation: DatabaseTable.Relation) -> String
    /// A statement that streams the relation's rows as CSV with a header row, each
    /// column rendered as text a Table Schema reads (``textExpression(_:)``); the
    /// first `limit` rows when given; when `kept` is given, only those columns, in order
    /// (the reader gives the rows the relation's shape, the others missing).
    func copyStatement(
        _ relation: DatabaseTable.Relation, columns: [PostgresConnection.Column], kept: Set<Int>?, limit: Int?
    ) -> String
    /// A statement that streams each distinct combination of the `grouped` columns'
    /// text (``textExpression(_:)``) once as CSV with a header row (only those columns,
    /// ``DatabaseTable/Grouping/sentColumns(kept:of:)``), then the number of rows it
    /// stands for (``DatabaseTable/rowCountColumn``):
    /// what the aggregate gates need of a table in a fraction of its bytes. Grouped
    /// ``DatabaseTable/Grouping/eachColumn``, each grouped column's distinct values on
    /// their own (the other grouped columns NULL), then the column's position
    /// (``DatabaseTable/columnPositionColumn``), and a row counting the table's rows
    /// (position -1); ``DatabaseTable/Grouping/ranked(score:)``, in descending score order
    /// with each score's rank, when the engine orders the score column by value.
    func groupedCopyStatement(
        _ relation: DatabaseTable.Relation, columns: [PostgresConnection.Column], grouped: Set<Int>, grouping: DatabaseTable.Grouping
    ) -> String
    /// The expression that renders `column` as the text a file would hold.
    func textExpression(_ column: PostgresConnection.Column) -> String
    /// The select-list expressions computing `aggregate` over `column` (nil for
    /// ``TableAggregate/rowCount``), in the order ``TableAggregateValues`` reads them;
    /// nil when the engine cannot compute it with the file mode's definition (then the
    /// column is streamed instead).
    func aggregateExpressions(_ aggregate: TableAggregate, column: PostgresConnection.Column?) -> [String]?
    /// One statement counting the relation's rows and, per column, its non-null values.
    func countStatement(_ relation: DatabaseTable.Relation, columns: [String]) -> String
    /// A statement that streams, as CSV with a header row, the rows a data contract must
    /// judge (``ContractPushdownPlan``): each row's position in a streamed read
    /// (``PostgreSQLDialect/contractRowColumn``), the line breaks in the cells before it
    /// (``PostgreSQLDialect/contractBreaksColumn``), then its cells as text, in row order.
    func contractCandidateStatement(
        _ relation: DatabaseTable.Relation, columns: [PostgresConnection.Column], plan: ContractPushdownPlan
    ) -> String
}
