import ArgumentParser
import Foundation
import MLGate

/// `mlgate promote`: registers a model artifact, only if its gate attestation says it passed.
struct Promote: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Register a gated model artifact in a registry and move an alias to it.",
        discussion: """
            Refuses (exit 1) when the attestation's gate did not pass, when the artifact's \
            SHA-256 is not the attested one, or when a key is given and the signature does \
            not verify. Exit 2 when a file is missing or malformed or the registry cannot be \
            reached. Registries: dir:PATH (a folder; see docs/promotion.md) or mlflow:URL \
            (an MLflow tracking server; MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME/\
            MLFLOW_TRACKING_PASSWORD authenticate). Promoting an artifact that a version \
            already holds moves the alias to that version.
            """
    )

    @Option(help: ArgumentHelp("The attestation written by 'mlgate check --attest'.", valueName: "path"))
    var attestation: String

    @Option(help: ArgumentHelp("The model artifact (file or folder) to promote.", valueName: "path"))
    var artifact: String

    @Option(help: ArgumentHelp("The registry: dir:PATH or mlflow:URL.", valueName: "registry"))
    var to: String

    @Option(help: ArgumentHelp("The registered model's name.", valueName: "name"))
    var model: String

    @Option(help: ArgumentHelp("Point this alias at the version (such as champion or staging).", valueName: "alias"))
    var alias: String?

    @Option(help: ArgumentHelp("Require a signature by this Ed25519 public key (PEM; default: $MLGATE_VERIFY_KEY, if set).", valueName: "path"))
    var key: String?

    @Option(help: ArgumentHelp("The run's JSON report to store with the version (default: the one the attestation names, if present).", valueName: "path"))
    var report: String?

    func run() async throws {
        do throws(PromotionError) {
            try await promote()
        } catch {
            Output.error("mlgate: \(error.description)")
            if error.isRefusal { Output.error("mlgate: nothing was promoted") }
            throw ExitCode(error.isRefusal ? GateExit.failed : GateExit.usage)
        }
    }

    private func promote() async throws(PromotionError) {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let registry = try RegistryLocation(parsing: to, relativeTo: cwd)
        let promoter = Promoter(
            attestation: (MLGateConfigPath.resolve(attestation, cwd), attestation),
            artifact: (MLGateConfigPath.resolve(artifact, cwd), artifact),
            report: report.map { (MLGateConfigPath.resolve($0, cwd), $0) },
            key: try KeySource.verificationKey(file: key, environment: ProcessInfo.processInfo.environment),
            model: model, alias: alias)
        let (promoted, evidence) = try await promoter.run(into: registry.open())
        let verb = promoted.created ? "registered as version \(promoted.version)" : "already version \(promoted.version)"
        Output.print("promoted: \(artifact) (sha256:\(evidence.verified.digest.sha256)) → \(registry)#\(promoted.model), \(verb)\n")
        if let alias = promoted.alias { Output.print("alias: \(alias) → version \(promoted.version)\n") }
        Output.print("signature: \(SignatureText.describe(evidence.verified.signature))\n")
        Output.print("report: \(evidence.reportPath ?? "none stored (the champion loop needs one: check with --json)")\n")
        Output.print("location: \(promoted.location)\n")
    }
}

/// `mlgate verify`: checks an attestation against an artifact without promoting.
struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a gate attestation: its signature, the artifact's digest, and the verdict.",
        discussion: "Exit 0 when all hold, 1 when one does not (each reason is printed), 2 when a file is missing or malformed."
    )

    @Argument(help: ArgumentHelp("The attestation written by 'mlgate check --attest'.", valueName: "attestation"))
    var attestation: String

    @Option(help: ArgumentHelp("The model artifact (file or folder) that must be the attested one.", valueName: "path"))
    var artifact: String

    @Option(help: ArgumentHelp("Require a signature by this Ed25519 public key (PEM; default: $MLGATE_VERIFY_KEY, if set).", valueName: "path"))
    var key: String?

    func run() async throws {
        do throws(PromotionError) {
            try verify()
        } catch {
            Output.error("mlgate: \(error.description)")
            throw ExitCode(error.isRefusal ? GateExit.failed : GateExit.usage)
        }
    }

    private func verify() throws(PromotionError) {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        do {
            let verifier = AttestationVerifier(
                key: try KeySource.verificationKey(file: key, environment: ProcessInfo.processInfo.environment))
            let parsed = try GateAttestation(contentsOf: MLGateConfigPath.resolve(attestation, cwd), source: attestation)
            let verified = try verifier.verify(
                parsed, source: attestation, artifact: MLGateConfigPath.resolve(artifact, cwd), artifactPath: artifact)
            let predicate = verified.statement.predicate
            Output.print("verified: \(attestation)\n")
            Output.print("gate: \(predicate.status.rawValue) (\(predicate.totals.passed) of \(predicate.totals.total) checks passed, \(predicate.totals.warnings) warnings; mlgate \(predicate.mlgateVersion), config \(predicate.config.path))\n")
            Output.print("artifact: \(artifact) sha256:\(verified.digest.sha256) = attested '\(verified.subject.name)'\n")
            Output.print("signature: \(SignatureText.describe(verified.signature))\n")
        }
    }
}

/// `mlgate keygen`: writes an Ed25519 key pair for signing attestations.
struct Keygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Write an Ed25519 key pair (PEM) for signing gate attestations.",
        discussion: "Writes PATH (the private key, mode 0600) and PATH with .pub before its extension. Refuses to overwrite."
    )

    @Option(name: .shortAndLong, help: ArgumentHelp("The private key file.", valueName: "path"))
    var output: String = "mlgate-signing.pem"

    func run() throws {
        let privateURL = URL(fileURLWithPath: output)
        let ext = privateURL.pathExtension
        let publicURL = ext.isEmpty
            ? privateURL.appendingPathExtension("pub")
            : privateURL.deletingPathExtension().appendingPathExtension("pub").appendingPathExtension(ext)
        for url in [privateURL, publicURL] where FileManager.default.fileExists(atPath: url.path) {
            Output.error("mlgate: error: \(url.path) exists; not overwritten")
            throw ExitCode(GateExit.usage)
        }
        let key = SigningKey()
        guard FileManager.default.createFile(atPath: privateURL.path, contents: Data(key.pem.utf8), attributes: [.posixPermissions: 0o600]),
            FileManager.default.createFile(atPath: publicURL.path, contents: Data(key.publicKey.pem.utf8))
        else {
            Output.error("mlgate: error: cannot write \(privateURL.path)")
            throw ExitCode(GateExit.usage)
        }
        Output.print("private key: \(output) (keep it secret: a CI secret such as MLGATE_SIGNING_KEY)\npublic key: \(publicURL.path) (key id \(key.publicKey.keyID))\n")
    }
}

enum SignatureText {
    static func describe(_ status: AttestationVerifier.SignatureStatus) -> String {
        switch status {
        case .verified(let keyID): "verified (key id \(keyID))"
        case .notChecked: "signed, not checked (give --key or MLGATE_VERIFY_KEY to require it)"
        case .unsigned: "unsigned (give --key or MLGATE_VERIFY_KEY to require a signature)"
        }
    }
}

enum MLGateConfigPath {
    static func resolve(_ path: String, _ cwd: URL) -> URL {
        (path.hasPrefix("/") ? URL(fileURLWithPath: path) : cwd.appendingPathComponent(path)).standardizedFileURL
    }
}
