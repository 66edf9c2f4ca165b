import Foundation

/// A table in a database, as a gate names it instead of a file:
/// `{database: postgresql://user@host:5432/db, table: analytics.loans}` or
/// `{database: …, query: "SELECT …"}` (docs/warehouse.md).
///
/// The connection string is kept as written, but ``display`` — what reports, errors and
/// the console show — never holds a password (a password in the URL is dropped, one from
/// `PGPASSWORD` or `~/.pgpass` is never part of it).
public struct DatabaseTable: Sendable, Hashable {
    /// What the rows are: a table (or view) by its possibly schema-qualified name, or a query.
    public enum Relation: Sendable, Hashable {
        /// `schema.name` or `name`; each part is quoted as an identifier.
        case table(String)
        /// A `SELECT` (or any statement that returns rows), run as written.
        case query(String)
    }

    /// The connection string as written (`postgresql://…` or `postgres://…`; may be empty:
    /// everything from the libpq environment).
    public var connection: String
    /// The rows.
    public var relation: Relation
    /// The server-side limit on each statement (`statement_timeout`), in milliseconds; 0: none.
    public var statementTimeoutMilliseconds: Int
    /// The engine's SQL dialect, where it differs from PostgreSQL's; nil: detected from
    /// the server when it matters (``WarehouseDialect/detect(on:)``).
    public var dialect: WarehouseDialect?
    /// Whether the server groups the rows by the columns a gate reads and sends each
    /// distinct row (or value, ``Grouping``) once, with how many rows it stands for
    /// (an aggregate gate's pushdown), instead of every row.
    var groupsRows: Bool { grouping != nil }
    /// How the server groups the rows before sending them, if it does.
    private(set) var grouping: Grouping?
    /// What the consumers of a grouped read read (their columns, described): reads with
    /// the same are one scan; others group by other columns, so are their own.
    private var groupingKey = ""

    /// How the server groups a table's rows before sending them: an aggregate gate's
    /// pushdown, a small fraction of the table's bytes moved.
    enum Grouping: Sendable, Hashable {
        /// By the columns read, together: each distinct combination once, with its count
        /// (``rowCountColumn``). The model and fairness gates' sums.
        case rows
        /// By each column read, on its own (grouping sets): each distinct value of each
        /// column once, with its count and the column's position (``columnPositionColumn``);
        /// and one row with the table's row count (position -1). Drift's value counts.
        case eachColumn
        /// As ``rows``, sent in descending order of the `score` column's values, the first
        /// row with the number of distinct scores (``distinctScoresColumn``): a binary model's
        /// metrics then come from one pass that keeps nothing per row
        /// (``BinaryScoreSums``), its curves thinned knowing how many points they have. A
        /// text column on PostgreSQL is ordered by the double its text spells when it has
        /// a plain decimal's shape, the others last (``PostgreSQLDialect/decimalDouble(_:)``);
        /// an engine that cannot order by the column's values (a column of another type
        /// on PostgreSQL) sends the rows as ``rows`` does, without that column. Rows of
        /// one score come in descending order of the `ties` columns' values (as
        /// ``ordered(_:)`` orders them), the first's first: a paired read's other columns
        /// of a row's content, so that rows of one content meet in a run of equal values.
        case ranked(score: String, ties: [String] = [])
        /// One row per row and score column (the `scores` of a multiclass model, one per
        /// class), grouped by the columns read and the score column's position in the
        /// relation (``classColumn``) and value (``classScoreColumn``), in descending
        /// score order: each class's one-vs-rest ranking, each pair's and the pooled one
        /// then come from one pass that keeps nothing per row (``MulticlassRankingSums``).
        /// The score columns themselves are not sent. Text columns on PostgreSQL are
        /// ordered as ``ranked(score:)``'s; an engine that cannot order them by value
        /// (another type, or numbers and texts at once, on PostgreSQL) sends the rows as
        /// ``rows`` does.
        case classScores(PredictionColumns.Scores)
        /// As ``rows``, sent in the order of `key` (values as doubles), nothing added: a
        /// streamed read whose rows of one content must meet in one run, which its
        /// consumer checks as they come (a regressor and its champion:
        /// ``PairedRegressionConsumer``, ``PairedMedianConsumer``). Text columns on
        /// PostgreSQL are ordered as ``ranked(score:)``'s; an engine that cannot order by
        /// the columns' values sends the rows as ``rows`` does (the consumer finds them
        /// out of order).
        case ordered(OrderKey)

        /// What an ``ordered(_:)`` read orders its rows by.
        enum OrderKey: Sendable, Hashable {
            /// Columns' values, descending, the first column's first, ties by the next
            /// (a regressor's prediction; a classifier's scores and weights).
            case descending([String])
            /// The absolute difference of two columns' values, ascending (a regressor's
            /// absolute errors `|label − prediction|`).
            case absoluteDifference(String, String)

            /// The columns the key is made of.
            var columns: [String] {
                switch self {
                case .descending(let columns): columns
                case .absoluteDifference(let a, let b): [a, b]
                }
            }
        }

        /// The columns a read grouped so adds after the relation's.
        var addedColumns: [String] {
            switch self {
            case .rows, .ordered: [DatabaseTable.rowCountColumn]
            case .eachColumn: [DatabaseTable.rowCountColumn, DatabaseTable.columnPositionColumn]
            case .ranked: [DatabaseTable.rowCountColumn, DatabaseTable.distinctScoresColumn]
            case .classScores: [DatabaseTable.rowCountColumn, DatabaseTable.classColumn, DatabaseTable.classScoreColumn]
            }
        }

        /// The relation's columns (of `names`) that a read grouped so sends, in order,
        /// when the consumers read `kept`: those, but the score columns of
        /// ``classScores(_:)`` (their values come unpivoted). The others are not sent at all;
        /// the reader gives each batch the relation's shape (``RowBatch/spread(into:columns:)``).
        func sentColumns(kept: Set<Int>, of names: [String]) -> [Int] {
            let sent = kept.filter { $0 < names.count }.sorted()
            guard case .classScores(let scores) = self else { return sent }
            let positions = Set(scores.positions(in: names))
            return sent.filter { !positions.contains($0) }
        }

        /// Whether its SQL differs between PostgreSQL-wire engines (``WarehouseDialect``),
        /// so that the engine is detected first.
        var differsByEngine: Bool {
            switch self {
            case .eachColumn, .classScores: true
            case .rows, .ranked, .ordered: false
            }
        }
    }

    /// The column after the relation's of a grouped read: how many rows of the relation
    /// each row sent stands for.
    static let rowCountColumn = "mlgate_rows"
    /// The last column of a read grouped by ``Grouping/eachColumn``: the position of the
    /// column whose value the row counts (-1: the row counts the table's rows).
    static let columnPositionColumn = "mlgate_column"
    /// The last column of a read grouped by ``Grouping/ranked(score:)``: the number of
    /// distinct scores on the first row (among those of the highest score), empty on the others.
    static let distinctScoresColumn = "mlgate_scores"
    /// The next to last column of a read grouped by ``Grouping/classScores(_:)``: the
    /// position among the relation's columns of the score column the row's score is of.
    static let classColumn = "mlgate_class"
    /// The last column of a read grouped by ``Grouping/classScores(_:)``: the score.
    static let classScoreColumn = "mlgate_score"

    /// The default statement timeout: ten minutes.
    public static let defaultStatementTimeoutMilliseconds = 600_000

    /// Creates a database table.
    public init(
        connection: String, relation: Relation, statementTimeoutMilliseconds: Int = defaultStatementTimeoutMilliseconds,
        dialect: WarehouseDialect? = nil
    ) {
        self.connection = connection
        self.relation = relation
        self.statementTimeoutMilliseconds = statementTimeoutMilliseconds
        self.dialect = dialect
    }

    /// The keys of a database input (`input: {database: …, table: …}`).
    public static let keys: [ParameterSpec] = [
        ParameterSpec(
            "database", .string, required: true,
            "The connection: postgresql://[user[:password]@]host[:port]/database[?sslmode=…]; what it leaves out comes from PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE and ~/.pgpass (docs/warehouse.md)."),
        ParameterSpec("table", .string, "The table or view, optionally schema-qualified (analytics.loans). Give 'table' or 'query'."),
        ParameterSpec("query", .string, "A query whose rows are the table (SELECT … FROM … WHERE …). Give 'table' or 'query'."),
        ParameterSpec(
            "statementTimeout", .integer(minimum: 0),
            "Seconds each statement may run on the server before it is cancelled (statement_timeout; default 600, 0: no limit)."),
        ParameterSpec(
            "dialect", .choice(WarehouseDialect.allCases.map(\.rawValue)),
            "The engine's SQL where it differs: citus and redshift read drift's value counts without GROUPING SETS (default: detected from the server)."),
    ]

    /// Whether `text` names a database (a `postgresql://` or `postgres://` URL).
    public static func isDatabaseURL(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("postgresql://") || lowered.hasPrefix("postgres://")
    }

    /// How reports and messages name it: the connection without its password, then the
    /// table (`postgresql://ci@db:5432/eval#analytics.loans`) or `#query`.
    public var display: String {
        let base = PostgresConnectionParameters.displayURL(connection)
        switch relation {
        case .table(let name): return "\(base)#\(name)"
        case .query: return "\(base)#query"
        }
    }

    /// The display name and the relation (a query in full), never the password.
    var provenance: String {
        switch relation {
        case .table: return display
        case .query(let sql): return "\(display)\n\(sql)"
        }
    }

    /// What makes two demands the same table for a shared scan.
    var identity: String {
        let grouped = grouping.map { "\u{0}\($0)\u{0}\(groupingKey)" } ?? ""
            + (dialect.map { "\u{0}\($0.rawValue)" } ?? "")
        switch relation {
        case .table(let name): return "\(connection)\u{0}table\u{0}\(name)\(grouped)"
        case .query(let sql): return "\(connection)\u{0}query\u{0}\(sql)\(grouped)"
        }
    }

    /// The same relation, read grouped by the columns its consumers read (``groupsRows``),
    /// which `reading` describes.
    func grouped(_ grouping: Grouping = .rows, reading: String) -> DatabaseTable {
        var copy = self
        copy.grouping = grouping
        copy.groupingKey = reading
        return copy
    }
}
