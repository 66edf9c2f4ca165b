import Crypto
import Foundation

extension TableInput {
    /// A database table or query, declared at `location`. Its `path` is the table's
    /// display name (no password); it is read as CSV streamed by the server.
    public init(database: DatabaseTable, location: SourceLocation) {
        self.init(
            path: database.display, url: URL(string: "mlgate-database:")!, format: .csv, dialect: .csv, location: location)
        self.database = database
    }

    /// A table named on the command line as `postgresql://user@host/db#schema.table`
    /// (the fragment names the table), or nil when `text` is not a database URL.
    public init?(databaseURL text: String, location: SourceLocation) throws(DiagnosticError) {
        guard DatabaseTable.isDatabaseURL(text) else { return nil }
        guard let hash = text.lastIndex(of: "#"), text.index(after: hash) < text.endIndex else {
            throw DiagnosticError(
                "a database URL names its table after '#' (postgresql://user@host:5432/db#schema.table), or use --table or --query",
                at: SourceLocation(file: PostgresConnectionParameters.displayURL(text)))
        }
        let table = String(text[text.index(after: hash)...]).removingPercentEncoding ?? String(text[text.index(after: hash)...])
        self.init(database: DatabaseTable(connection: String(text[..<hash]), relation: .table(table)), location: location)
    }

    /// Opens a reader of a database input (nil for a file): `limit` rows at most.
    func openDatabaseReader(batchSize: Int = 4096, limit: Int? = nil, recovering: Bool = false) throws(TableReadError) -> (any TableReader)? {
        if let spark {
            var reader = try spark.reader(location: location, limit: limit)
            reader.recoversMalformedRows = recovering
            return reader
        }
        guard let database else { return nil }
        var reader = try PostgresTableReader(database, location: location, batchSize: batchSize, limit: limit)
        reader.recoversMalformedRows = recovering
        return reader
    }

    /// The SHA-256 a profile records of its source: of the file, or of a database
    /// table's display name and relation (a table has no bytes of its own to hash).
    func sourceDigest() throws(TableReadError) -> String {
        if let spark {
            return SHA256.hash(data: Array(spark.identity.utf8)).map { String(format: "%02x", $0) }.joined()
        }
        if let database {
            return SHA256.hash(data: Array(database.provenance.utf8)).map { String(format: "%02x", $0) }.joined()
        }
        do {
            return try ArtifactDigest.of(url, displayPath: path).sha256
        } catch {
            throw TableReadError(code: "scheme-error", message: error.message, location: SourceLocation(file: path))
        }
    }
}
