/// Why a database could not be read: the connection, the handshake, or the server's own
/// error (with its SQLSTATE). Never holds a password.
struct PostgresError: Error, Sendable, CustomStringConvertible {
    enum Kind: Sendable {
        /// The host could not be reached, or the connection broke.
        case connection
        /// TLS was required and could not be set up.
        case tls
        /// The server refused the credentials, or asked for a method mlgate lacks.
        case authentication
        /// The server answered with an error (`sqlState` holds its code).
        case server
        /// The server sent something mlgate cannot read.
        case protocolViolation
    }

    var kind: Kind
    var message: String
    /// The server's five-character SQLSTATE, for server errors.
    var sqlState: String?

    init(_ kind: Kind, _ message: String, sqlState: String? = nil) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
    }

    /// The message, with the SQLSTATE when there is one.
    var description: String {
        sqlState.map { "\(message) (SQLSTATE \($0))" } ?? message
    }

    /// As a table read error of `table`, located where the config names it.
    func tableReadError(_ table: DatabaseTable, at location: SourceLocation) -> TableReadError {
        let code: String
        switch kind {
        case .connection, .tls, .authentication: code = "scheme-error"
        case .server, .protocolViolation: code = "source-error"
        }
        let text = CredentialRedaction.redact("cannot read \(table.display): \(description)")
        return TableReadError(code: code, message: text, location: location)
    }
}
