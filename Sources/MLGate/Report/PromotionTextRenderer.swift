/// What `mlgate verify` and `mlgate promote` print once an attestation holds: the
/// verdict it records, the artifact's digest, the signature, and where the version went.
public struct PromotionTextRenderer: Sendable {
    /// Creates a renderer.
    public init() {}

    /// `mlgate verify`: the attestation (as named), the gate's verdict, the artifact
    /// (as named) against the attested subject, the signature; ends with a line break.
    public func verified(_ verified: AttestationVerifier.Verified, attestation: String, artifact: String) -> String {
        let predicate = verified.statement.predicate
        return """
            verified: \(attestation)
            gate: \(predicate.status.rawValue) (\(predicate.totals.passed) of \(predicate.totals.total) checks passed, \(predicate.totals.warnings) warnings; mlgate \(predicate.mlgateVersion), config \(predicate.config.path))
            artifact: \(artifact) sha256:\(verified.digest.sha256) = attested '\(verified.subject.name)'
            signature: \(Self.signature(verified.signature))

            """
    }

    /// `mlgate promote`: the artifact (as named) and where it went, the alias, the
    /// signature, the stored report and the version's location; ends with a line break.
    public func promoted(
        _ promoted: PromotedVersion, evidence: Promoter.Evidence, artifact: String, registry: RegistryLocation
    ) -> String {
        let verb = promoted.created ? "registered as version \(promoted.version)" : "already version \(promoted.version)"
        var text = "promoted: \(artifact) (sha256:\(evidence.verified.digest.sha256)) → \(registry)#\(promoted.model), \(verb)\n"
        if let alias = promoted.alias { text += "alias: \(alias) → version \(promoted.version)\n" }
        text += "signature: \(Self.signature(evidence.verified.signature))\n"
        text += "report: \(evidence.reportPath ?? "none stored (the champion loop needs one: check with --json)")\n"
        text += "location: \(promoted.location)\n"
        return text
    }

    /// How the signature was judged, and what would require it.
    public static func signature(_ status: AttestationVerifier.SignatureStatus) -> String {
        switch status {
        case .verified(let keyID): "verified (key id \(keyID))"
        case .notChecked: "signed, not checked (give --key or MLGATE_VERIFY_KEY to require it)"
        case .unsigned: "unsigned (give --key or MLGATE_VERIFY_KEY to require a signature)"
        }
    }
}
