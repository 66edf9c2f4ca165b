/// Why a merge-request comment was not posted: a missing setting, an API that refused
/// it (with the API's own message), or a server that could not be reached. Never holds
/// the token: every text that comes from outside is redacted of it first.
public struct CommentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong and what to do.
    public var message: String
    /// The HTTP status, when the API answered.
    public var status: Int?

    /// Creates an error.
    public init(_ message: String, status: Int? = nil) {
        self.message = message
        self.status = status
    }

    /// `mlgate: comment: message`.
    public var description: String { "mlgate: comment: \(message)" }
}
