import Foundation

/// What `mlgate verify` and `mlgate promote` establish before they accept an attestation:
/// the signature (when a key is given), the verdict, and that the artifact at hand is
/// the one the gate saw. Every refusal is gathered into one error.
public struct AttestationVerifier: Sendable {
    /// The key whose signature is required; `nil` accepts unsigned attestations.
    public var key: VerificationKey?

    /// Creates a verifier.
    public init(key: VerificationKey?) { self.key = key }

    /// How the signature was judged.
    public enum SignatureStatus: Sendable, Hashable {
        /// Signed by the required key.
        case verified(keyID: String)
        /// Signed, but no key was given to check it.
        case notChecked
        /// Not signed, and no key was required.
        case unsigned
    }

    /// An accepted attestation and the subject the artifact matched.
    public struct Verified: Sendable {
        /// The statement.
        public var statement: InTotoStatement
        /// The model subject whose digest the artifact has.
        public var subject: InTotoStatement.Subject
        /// The artifact's digest.
        public var digest: ArtifactDigest
        /// How the signature was judged.
        public var signature: SignatureStatus
    }

    /// Verifies `attestation` (read from `source`) for the artifact at `artifact`
    /// (named `artifactPath` in messages).
    public func verify(
        _ attestation: GateAttestation, source: String, artifact: URL, artifactPath: String
    ) throws(PromotionError) -> Verified {
        let statement = attestation.statement
        var refusals: [(PromotionError.Code, String)] = []

        var signature = SignatureStatus.unsigned
        if let key {
            if let envelope = attestation.envelope {
                if envelope.isSigned(by: key) {
                    signature = .verified(keyID: key.keyID)
                } else {
                    let ids = envelope.signatures.map(\.keyid).joined(separator: ", ")
                    refusals.append((.signatureInvalid, "\(source): the signature does not verify with the given key (key id \(key.keyID); the envelope is signed by \(ids.isEmpty ? "no key" : ids))"))
                }
            } else {
                refusals.append((.signatureInvalid, "\(source): the attestation is not signed, but a key was given: sign it with 'mlgate check --attest … --signing-key KEY' (or MLGATE_SIGNING_KEY)"))
            }
        } else if attestation.envelope != nil {
            signature = .notChecked
        }

        if statement.predicate.status != .passed {
            let problems = statement.predicate.gates.flatMap { gate in
                gate.checks.filter { $0.outcome == .failed || $0.outcome == .error }.map { "\(gate.name)/\($0.name) (\($0.outcome.rawValue))" }
            }
            let listed = problems.prefix(5).joined(separator: ", ") + (problems.count > 5 ? ", …" : "")
            refusals.append((.gateNotPassed, "\(source): the gate \(statement.predicate.status.rawValue)\(listed.isEmpty ? "" : ": \(listed)"); only a passing gate can be promoted"))
        }

        let digest = try ArtifactDigest.of(artifact, displayPath: artifactPath)
        let models = statement.subject.filter { $0.role == .model }
        let matched = models.first { $0.sha256 == digest.sha256 && $0.isFolder == digest.isDirectory }
        if matched == nil {
            if models.isEmpty {
                refusals.append((.digestMismatch, "\(source): attests no model artifact (give 'artifacts:' in the config or --artifact to 'mlgate check')"))
            } else {
                let attested = models.map { "\($0.name) sha256:\($0.sha256 ?? "?")" }.joined(separator: "; ")
                refusals.append((.digestMismatch, "\(artifactPath): sha256:\(digest.sha256) is not an attested model (attested: \(attested)); it changed after the gate, or is another artifact"))
            }
        }

        if let first = refusals.first {
            throw PromotionError(first.0, refusals.map(\.1).joined(separator: "\n"))
        }
        return Verified(statement: statement, subject: matched!, digest: digest, signature: signature)
    }
}
