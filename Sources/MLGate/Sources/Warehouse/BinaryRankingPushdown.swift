import Foundation

/// A binary classifier's metrics over a database table computed by the engine
/// (``BinaryRankingStatement``) instead of read from its rows: a ranked read
/// (``RankedScoresConsumer``) sends one grouped row per distinct score, about as many as
/// the table has rows when the scores are continuous; this sends a few rows per slice
/// value and the curve's thinned points.
///
/// The first statement's rows (``BinaryRankingStatement/cellsStatement``) give the
/// classes, resolved from the labels' and predictions' texts as the predictions loader
/// resolves them, and the confusion counts; the second's
/// (``BinaryRankingStatement/rankingStatement(positive:)``) the ranking, log loss and
/// Brier sums. Both run in one read-only snapshot.
enum BinaryRankingPushdown {
    /// Whether a gate's metrics can be asked of an engine: a binary model with one score
    /// column whose every metric is one of the counts, log loss, Brier score, ROC AUC or
    /// average precision (``BinaryScoreSums/answers(_:)``).
    static func isPushable(_ columns: PredictionColumns, metrics: [Metric]) -> Bool {
        guard columns.task == .binary, case .column? = columns.scores else { return false }
        return BinaryScoreSums.answers(metrics)
    }

    /// The metrics of the model gate reading `columns` of `table`, or nil when the server
    /// cannot compute them with the file mode's definitions and the gate takes the ranked
    /// read instead (which then reports any bad cell as the file mode does): a column the
    /// table lacks, a score or weight not of a numeric SQL type (nor text, on PostgreSQL,
    /// whose texts not of a plain decimal's shape are NULLs:
    /// ``PostgreSQLDialect/readDoubleExpression(_:)``), Redshift, a NULL, a
    /// non-finite number, a score outside [0, 1] or a negative weight, a missing label or
    /// prediction, classes the loader refuses (a label outside the declared classes, more
    /// than two, no positive class), no rows, weights over mlgate's limit, or arithmetic
    /// that overflows a double (SQLSTATE 22003).
    static func run(
        _ table: DatabaseTable, columns: PredictionColumns, metrics: [Metric], location: SourceLocation,
        dialect: PostgreSQLDialect = PostgreSQLDialect()
    ) throws(TableReadError) -> RankedScores.Sums? {
        guard isPushable(columns, metrics: metrics) else { return nil }
        do throws(PostgresError) {
            let (connection, parameters, engine) = try table.session()
            _ = try connection.query(PostgreSQLDialect.snapshotStatement)
            let described = try connection.query(dialect.describeStatement(table.relation)).columns
            guard let found = Found(columns, in: described, named: \.name),
                let statement = dialect.binaryRankingStatement(
                    table.relation, score: found.score, label: found.label, prediction: found.prediction, weight: found.weight,
                    slices: found.slices, threshold: columns.threshold, engine: engine)
            else { return nil }
            do throws(PostgresError) {
                let cells = try connection.query(statement.cellsStatement).rows
                guard let resolved = try Cells(cells, columns: columns, path: table.display) else { return nil }
                let parts = statement.rankingParts(positive: resolved.positiveTexts)
                let ranking: [[String?]]
                if engine == .postgresql {
                    // Each set's sort and windows on a connection of its own, in this
                    // transaction's snapshot: the serial window phases overlap.
                    ranking = try PostgresSnapshotStatements.rows(
                        parts, on: connection, parameters: parameters, timeout: table.statementTimeoutMilliseconds)
                } else {
                    ranking = try connection.query(parts.joined(separator: " UNION ALL ")).rows
                }
                return try resolved.sums(ranking)
            } catch where error.sqlState == "22003" {
                return nil
            }
        } catch {
            throw error.tableReadError(table, at: location)
        }
    }

    /// The relation's columns that the gate reads (of an engine's own column type).
    struct Found<Column> {
        var score: Column
        var label: Column
        var prediction: Column?
        var weight: Column?
        var slices: [Column]

        /// Nil when the relation lacks one of them, or the gate has no single score column.
        init?(_ columns: PredictionColumns, in relation: [Column], named name: (Column) -> String) {
            func column(_ wanted: String) -> Column? { relation.first { name($0) == wanted } }
            guard case .column(let wanted)? = columns.scores, let score = column(wanted), let label = column(columns.label) else {
                return nil
            }
            let prediction = columns.prediction.flatMap(column), weight = columns.weight.flatMap(column)
            let slices = columns.slices.compactMap(column)
            guard (prediction == nil) == (columns.prediction == nil), (weight == nil) == (columns.weight == nil),
                slices.count == columns.slices.count
            else { return nil }
            (self.score, self.label, self.prediction, self.weight, self.slices) = (score, label, prediction, weight, slices)
        }
    }
}
