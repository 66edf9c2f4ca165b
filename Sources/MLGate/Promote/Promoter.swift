import Foundation

/// `mlgate promote`: verifies the attestation for the artifact, then registers it.
/// Nothing reaches the registry unless every verification passed.
public struct Promoter: Sendable {
    /// The attestation file, and how to name it in messages.
    public var attestation: (url: URL, path: String)
    /// The artifact file or folder, and how to name it in messages.
    public var artifact: (url: URL, path: String)
    /// The JSON report to store with the version; `nil` uses the report the attestation
    /// names, when that file is present and unchanged.
    public var report: (url: URL, path: String)?
    /// The key whose signature is required, if any.
    public var key: VerificationKey?
    /// The registered model's name.
    public var model: String
    /// The alias to move, if any.
    public var alias: String?
    /// When set, the mlgate executable that must be the one that gated (same version and
    /// SHA-256 as the attestation records): the promote job's own binary.
    public var executable: (url: URL, version: String)?

    /// Creates a promotion.
    public init(
        attestation: (url: URL, path: String), artifact: (url: URL, path: String), report: (url: URL, path: String)?,
        key: VerificationKey?, model: String, alias: String?, executable: (url: URL, version: String)? = nil
    ) {
        self.attestation = attestation
        self.artifact = artifact
        self.report = report
        self.key = key
        self.model = model
        self.alias = alias
        self.executable = executable
    }

    /// The verified attestation, its bytes, and the report to store.
    public struct Evidence: Sendable {
        /// What verification established.
        public var verified: AttestationVerifier.Verified
        /// The attestation file's bytes.
        public var attestation: Data
        /// The report's bytes, when one is stored.
        public var report: Data?
        /// Where the report came from.
        public var reportPath: String?
    }

    /// Verifies everything without touching a registry.
    public func evidence() throws(PromotionError) -> Evidence {
        try RegistryNames.validate(model: model, alias: alias)
        let parsed = try GateAttestation(contentsOf: attestation.url, source: attestation.path)
        let data: Data
        do {
            data = try DocumentFile.read(attestation.url)
        } catch {
            throw PromotionError(.missingFile, "\(attestation.path): cannot read the attestation: \(SystemError.describe(error))")
        }
        let verified = try AttestationVerifier(key: key).verify(
            parsed, source: attestation.path, artifact: artifact.url, artifactPath: artifact.path)
        if let executable {
            try MLGateExecutable.verify(
                executable.url, version: executable.version, against: verified.statement.predicate, source: attestation.path)
        }

        let attested = verified.statement.predicate.report
        var reportFile = report
        if reportFile == nil, let attested {
            // Where the check ran (usually the same folder), else beside the attestation.
            let cwd = URL(fileURLWithPath: attested.path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            let beside = attestation.url.deletingLastPathComponent().appendingPathComponent(cwd.lastPathComponent)
            for url in [cwd, beside] where FileManager.default.fileExists(atPath: url.path) {
                if let data = try? DocumentFile.read(url), ArtifactDigest.sha256(of: data) == attested.digest["sha256"] {
                    reportFile = (url, url == cwd ? attested.path : url.path)
                    break
                }
            }
        }
        guard let reportFile else { return Evidence(verified: verified, attestation: data, report: nil, reportPath: nil) }
        let reportData: Data
        do {
            reportData = try DocumentFile.read(reportFile.url)
        } catch {
            throw PromotionError(.missingFile, "\(reportFile.path): cannot read the report: \(SystemError.describe(error))")
        }
        if let expected = attested?.digest["sha256"] {
            let actual = ArtifactDigest.sha256(of: reportData)
            guard actual == expected else {
                throw PromotionError(.digestMismatch, "\(reportFile.path): sha256:\(actual) is not the attested report (sha256:\(expected), \(attested!.path)); it is another run's report, or it changed")
            }
        } else if report != nil {
            throw PromotionError(.digestMismatch, "\(reportFile.path): the attestation names no JSON report, so this one cannot be shown to belong to it (run 'mlgate check' with a JSON report and the attestation together)")
        }
        return Evidence(verified: verified, attestation: data, report: reportData, reportPath: reportFile.path)
    }

    /// Verifies, then promotes into `registry`.
    public func run(into registry: any ModelRegistry) async throws(PromotionError) -> (PromotedVersion, Evidence) {
        let evidence = try evidence()
        let promoted = try await registry.promote(
            PromotionRequest(
                model: model, alias: alias, artifact: artifact.url, verified: evidence.verified,
                attestation: evidence.attestation, report: evidence.report))
        return (promoted, evidence)
    }
}
