import Foundation

/// AWS credentials: an access key pair and, for temporary credentials (an assumed role,
/// GitHub's OIDC role assumption), a session token. Never printed: `description` shows
/// the access key id only.
struct AWSCredentials: Sendable, Hashable, CustomStringConvertible {
    var accessKeyID: String
    var secretAccessKey: String
    var sessionToken: String?

    var description: String { "access key \(accessKeyID)" }
}
