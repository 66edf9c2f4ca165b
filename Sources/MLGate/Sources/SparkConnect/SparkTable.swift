import Foundation

/// A table of a Spark cluster, as a gate names it instead of a file:
/// `{spark: sc://host:15002, table: db.loans}` or `{spark: …, query: "SELECT …"}`, or on
/// the command line `sc://host:15002#db.loans` (docs/spark.md). Read through Spark
/// Connect (``SparkTableReader``); ``display`` never holds the connection's token.
public struct SparkTable: Sendable, Hashable {
    /// The Spark Connect address as written (`sc://…`).
    public var connection: String
    /// What the rows are (a table name is quoted part by part with backticks).
    public var relation: DatabaseTable.Relation
    /// Seconds to wait for the server's next bytes before giving up (connecting included).
    public var timeoutSeconds: Int

    /// How the cluster groups the rows before sending them, if it does (the aggregate
    /// gates' pushdown, as for a database table: ``DatabaseTable/Grouping``).
    private(set) var grouping: DatabaseTable.Grouping?
    /// What the consumers of a grouped read read: reads with the same are one scan.
    private var groupingKey = ""

    /// The same table, read grouped by the cluster (see ``DatabaseTable/grouped(_:reading:)``).
    func grouped(_ grouping: DatabaseTable.Grouping = .rows, reading: String) -> SparkTable {
        var copy = self
        copy.grouping = grouping
        copy.groupingKey = reading
        return copy
    }

    /// The default wait: ten minutes.
    public static let defaultTimeoutSeconds = 600

    public init(connection: String, relation: DatabaseTable.Relation, timeoutSeconds: Int = defaultTimeoutSeconds) {
        self.connection = connection
        self.relation = relation
        self.timeoutSeconds = timeoutSeconds
    }

    /// The keys of an input given as a Spark mapping.
    public static let keys: [ParameterSpec] = [
        ParameterSpec(
            "spark", .string, required: true,
            "The Spark Connect address: sc://host[:port][/;user_id=…;session_id=…] (port 15002 by default; docs/spark.md)."),
        ParameterSpec("table", .string, "The table or view, optionally database-qualified (db.loans). Give 'table' or 'query'."),
        ParameterSpec("query", .string, "A Spark SQL query whose rows are the table. Give 'table' or 'query'."),
        ParameterSpec("timeout", .integer(minimum: 1), "Seconds to wait for the server's next answer before giving up (default 600)."),
    ]

    /// Whether `text` is a Spark Connect address.
    public static func isSparkURL(_ text: String) -> Bool { text.hasPrefix("sc://") }

    /// The address parsed (its problems as a located error).
    func url() throws(SparkConnectURL.ParseError) -> SparkConnectURL { try SparkConnectURL(connection) }

    /// What reports, errors and the console show: the address without its token, and the relation.
    public var display: String {
        let address = (try? url().display) ?? "sc://(invalid address)"
        switch relation {
        case .table(let name): return "\(address)#\(name)"
        case .query: return "\(address) (query)"
        }
    }

    /// What makes two reads the same table (for the shared scan).
    var identity: String {
        switch relation {
        case .table(let name): "spark|\(display)|table|\(name)|\(String(describing: grouping))|\(groupingKey)"
        case .query(let query): "spark|\(display)|query|\(query)|\(String(describing: grouping))|\(groupingKey)"
        }
    }
}

extension TableInput {
    /// A Spark table or query, declared at `location`; its `path` is the display name.
    public init(spark: SparkTable, location: SourceLocation) {
        self.init(path: spark.display, url: URL(string: "mlgate-spark:")!, format: .csv, dialect: .csv, location: location)
        self.spark = spark
    }

    /// A table named on the command line as `sc://host:15002#db.table` (the fragment names
    /// the table), or nil when `text` is not a Spark Connect address.
    public init?(sparkURL text: String) throws(DiagnosticError) {
        guard SparkTable.isSparkURL(text) else { return nil }
        let address = text.split(separator: "#", maxSplits: 1).first.map(String.init) ?? text
        let location = SourceLocation(file: (try? SparkConnectURL(address).display) ?? "sc://")
        do {
            _ = try SparkConnectURL(address)
        } catch {
            throw DiagnosticError(error.message, at: location)
        }
        guard let hash = text.firstIndex(of: "#"), text.index(after: hash) < text.endIndex else {
            throw DiagnosticError("a Spark Connect address names its table after '#' (sc://host:15002#db.table)", at: location)
        }
        self.init(spark: SparkTable(connection: address, relation: .table(String(text[text.index(after: hash)...]))), location: location)
    }
}
