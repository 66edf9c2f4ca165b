import Foundation

/// Where `mlgate` reads keys from: a PEM file named on the command line, or else a PEM
/// document in an environment variable (as CI systems pass secrets).
public enum KeySource {
    /// The environment variable holding the signing key's PEM.
    public static let signingKeyVariable = "MLGATE_SIGNING_KEY"
    /// The environment variable holding the verification key's PEM.
    public static let verificationKeyVariable = "MLGATE_VERIFY_KEY"

    /// The signing key from `file`, else from `MLGATE_SIGNING_KEY`, else `nil`.
    public static func signingKey(file: String?, environment: [String: String]) throws(PromotionError) -> SigningKey? {
        if let file { return try SigningKey(pem: read(file), source: file) }
        if let pem = environment[signingKeyVariable], !pem.isEmpty {
            return try SigningKey(pem: pem, source: "$\(signingKeyVariable)")
        }
        return nil
    }

    /// The verification key from `file`, else from `MLGATE_VERIFY_KEY`, else `nil`.
    public static func verificationKey(file: String?, environment: [String: String]) throws(PromotionError) -> VerificationKey? {
        if let file { return try VerificationKey(pem: read(file), source: file) }
        if let pem = environment[verificationKeyVariable], !pem.isEmpty {
            return try VerificationKey(pem: pem, source: "$\(verificationKeyVariable)")
        }
        return nil
    }

    private static func read(_ file: String) throws(PromotionError) -> String {
        do {
            return String(decoding: try DocumentFile.read(URL(fileURLWithPath: file)), as: UTF8.self)
        } catch {
            throw PromotionError(.missingFile, "\(file): cannot read the key: \(SystemError.describe(error))")
        }
    }
}
