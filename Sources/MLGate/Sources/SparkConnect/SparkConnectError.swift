/// Why a Spark Connect request failed: the server could not be reached or broke the
/// protocol, or it answered with a gRPC error (Spark's error class leads its message,
/// `[TABLE_OR_VIEW_NOT_FOUND] …`). Never holds the connection's token.
struct SparkConnectError: Error, Sendable, CustomStringConvertible {
    enum Kind: Sendable, Equatable {
        /// Connecting, sending or reading failed, or no answer came within the timeout.
        case connection
        /// The answer broke HTTP/2, gRPC, protocol buffers or Arrow.
        case protocolViolation
        /// The server answered with a gRPC status other than OK.
        case server(status: Int)
    }

    var kind: Kind
    var message: String

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// gRPC's name of a status code.
    static func statusName(_ status: Int) -> String {
        let names = [
            "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
            "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
            "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
        ]
        return status >= 0 && status < names.count ? names[status] : "status \(status)"
    }

    var description: String {
        switch kind {
        case .server(let status): "Spark Connect answered \(Self.statusName(status)): \(message)"
        case .connection, .protocolViolation: message
        }
    }
}
