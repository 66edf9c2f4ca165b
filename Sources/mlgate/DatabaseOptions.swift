import ArgumentParser
import MLGate

/// `--database URL`: the command's table arguments then name tables (or queries) of that
/// PostgreSQL database instead of files (docs/warehouse.md). A single table can also be
/// given as `postgresql://…#schema.table` without this option.
struct DatabaseOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Read the tables from this PostgreSQL database (postgresql://user@host:port/db): each table argument is then a table (schema.table) or a query (SELECT …, WITH …). Credentials also from PGPASSWORD and ~/.pgpass; see docs/warehouse.md.",
            valueName: "url"))
    var database: String?

    @Option(help: ArgumentHelp("With --database: seconds each statement may run on the server (0: no limit).", valueName: "seconds"))
    var statementTimeout: Int = DatabaseTable.defaultStatementTimeoutMilliseconds / 1000

    func validate() throws {
        guard statementTimeout >= 0 else { throw ValidationError("--statement-timeout must be at least 0") }
        if let database, !DatabaseTable.isDatabaseURL(database) {
            throw ValidationError("--database must be a postgresql:// URL, found '\(DatabaseTable(connection: database, relation: .query("")).display)'")
        }
    }

    /// The table an argument names: of the database when `--database` is given, else a
    /// file (or a `postgresql://…#table` URL).
    func input(_ argument: String, format: TableFormat? = nil, orElse: String? = nil) throws -> TableInput {
        guard let database else { return try TableInput(path: argument, format: format, orElse: orElse) }
        let words = argument.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let isQuery = words.hasPrefix("select") || words.hasPrefix("with") || words.hasPrefix("(") || words.hasPrefix("values")
        let table = DatabaseTable(
            connection: database, relation: isQuery ? .query(argument) : .table(argument),
            statementTimeoutMilliseconds: statementTimeout * 1000)
        return TableInput(database: table, location: SourceLocation(file: table.display))
    }
}
