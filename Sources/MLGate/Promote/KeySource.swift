import Foundation

/// Where `mlgate` reads keys from: a PEM file named on the command line, or else an
/// environment variable (as CI systems pass secrets) holding one of
///
/// - the PEM document itself (a GitHub secret);
/// - the base64 of the PEM document, one line (a GitLab masked variable: GitLab masks
///   only values without whitespace, in the base64 alphabet — `base64 -w0 key.pem`);
/// - the path of a file holding the PEM (a GitLab variable of type File).
public enum KeySource {
    /// The environment variable holding the signing key's PEM.
    public static let signingKeyVariable = "MLGATE_SIGNING_KEY"
    /// The environment variable holding the verification key's PEM.
    public static let verificationKeyVariable = "MLGATE_VERIFY_KEY"

    /// The signing key from `file`, else from `MLGATE_SIGNING_KEY`, else `nil`.
    public static func signingKey(file: String?, environment: [String: String]) throws(PromotionError) -> SigningKey? {
        if let file { return try SigningKey(pem: read(file), source: file) }
        if let value = environment[signingKeyVariable], !value.isEmpty {
            return try SigningKey(pem: pem(value, variable: signingKeyVariable), source: "$\(signingKeyVariable)")
        }
        return nil
    }

    /// The verification key from `file`, else from `MLGATE_VERIFY_KEY`, else `nil`.
    public static func verificationKey(file: String?, environment: [String: String]) throws(PromotionError) -> VerificationKey? {
        if let file { return try VerificationKey(pem: read(file), source: file) }
        if let value = environment[verificationKeyVariable], !value.isEmpty {
            return try VerificationKey(pem: pem(value, variable: verificationKeyVariable), source: "$\(verificationKeyVariable)")
        }
        return nil
    }

    /// The PEM document a variable's `value` holds: the value itself when it has PEM
    /// armour, the decoded value when it is base64 of a PEM document, the file's content
    /// when it names a file. The value is a secret: no message quotes it.
    static func pem(_ value: String, variable: String) throws(PromotionError) -> String {
        if value.contains("-----BEGIN ") { return value }
        let compact = value.filter { !$0.isWhitespace }
        if !compact.isEmpty, compact.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+/=".contains($0)) }),
            let decoded = Data(base64Encoded: compact), let text = String(data: decoded, encoding: .utf8),
            text.contains("-----BEGIN ")
        {
            return text
        }
        if !value.contains("\n"), value.hasPrefix("/"), FileManager.default.fileExists(atPath: value) {
            return try read(value)
        }
        throw PromotionError(
            .malformed,
            "$\(variable): expected a PEM document, the base64 of one (one line: 'base64 -w0 KEY.pem', as GitLab can mask it), or the path of a file holding one (a GitLab File variable)")
    }

    private static func read(_ file: String) throws(PromotionError) -> String {
        do {
            return String(decoding: try DocumentFile.read(URL(fileURLWithPath: file)), as: UTF8.self)
        } catch {
            throw PromotionError(.missingFile, "\(file): cannot read the key: \(SystemError.describe(error))")
        }
    }
}
