/// Why an attestation could not be written or verified, or a model not promoted.
///
/// Two families: a *refusal* (the attestation is sound but says no: the gate failed, the
/// artifact changed, the signature does not verify), which `mlgate promote` and
/// `mlgate verify` answer with exit code 1; and a *problem* (a file that is missing or
/// malformed, a registry that cannot be reached), answered with exit code 2.
public struct PromotionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is.
    public enum Code: String, Sendable, Hashable {
        /// The attested gate did not pass.
        case gateNotPassed = "gate-not-passed"
        /// The artifact's digest is not the attested one.
        case digestMismatch = "digest-mismatch"
        /// The signature does not verify with the key, or a required signature is absent.
        case signatureInvalid = "signature-invalid"
        /// There is no attestation: nothing says the gate passed.
        case attestationMissing = "attestation-missing"
        /// A file or folder does not exist or cannot be read.
        case missingFile = "missing-file"
        /// An attestation, envelope, index or key is not what mlgate expects.
        case malformed = "malformed"
        /// The registry refused or could not be reached.
        case registry = "registry-error"
        /// A command-line value is not usable.
        case usage = "usage-error"
    }

    /// The kind.
    public var code: Code
    /// The explanation, written for a CI log: what, where, and what was expected.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// Whether this is a refusal (exit 1) rather than a problem (exit 2).
    public var isRefusal: Bool {
        switch code {
        case .gateNotPassed, .digestMismatch, .signatureInvalid, .attestationMissing: true
        case .missingFile, .malformed, .registry, .usage: false
        }
    }

    public var description: String { "error: \(message)" }
}
