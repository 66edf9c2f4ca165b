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
            MLFLOW_TRACKING_PASSWORD authenticate) or sagemaker:s3://BUCKET/PREFIX (Amazon \
            SageMaker Model Registry; AWS credentials and region from the environment; see \
            docs/registry-sagemaker.md). Promoting an artifact that a version \
            already holds moves the alias to that version.
            """
    )

    @Option(help: ArgumentHelp("The attestation written by 'mlgate check --attest'.", valueName: "path"))
    var attestation: String

    @Option(help: ArgumentHelp("The model artifact (file or folder) to promote.", valueName: "path"))
    var artifact: String

    @Option(help: ArgumentHelp("The registry: dir:PATH, mlflow:URL or sagemaker:s3://BUCKET/PREFIX.", valueName: "registry"))
    var to: String

    @Option(help: ArgumentHelp("The registered model's name.", valueName: "name"))
    var model: String

    @Option(help: ArgumentHelp("Point this alias at the version (such as champion or staging).", valueName: "alias"))
    var alias: String?

    @Option(help: ArgumentHelp("Require a signature by this Ed25519 public key (PEM; default: $MLGATE_VERIFY_KEY, if set).", valueName: "path"))
    var key: String?

    @Option(help: ArgumentHelp("The run's JSON report to store with the version (default: the one the attestation names, if present).", valueName: "path"))
    var report: String?

    @Flag(help: "Refuse unless this mlgate is the executable that ran the gate (the version and SHA-256 the attestation records).")
    var requireSameMlgate = false

    func run() async throws {
        do throws(PromotionError) {
            try await promote()
        } catch {
            if error.isRefusal { throw RefusedPromotion(error: error) }
            throw error
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
            model: model, alias: alias, executable: try requiredExecutable())
        let (promoted, evidence) = try await promoter.run(into: registry.open())
        Output.print(PromotionTextRenderer().promoted(promoted, evidence: evidence, artifact: artifact, registry: registry))
    }
}

extension Promote {
    /// This executable, when `--require-same-mlgate` asks for the check.
    private func requiredExecutable() throws(PromotionError) -> (url: URL, version: String)? {
        guard requireSameMlgate else { return nil }
        guard let current = MLGateExecutable.current() else {
            throw PromotionError(.usage, "--require-same-mlgate: cannot find this mlgate's own executable file")
        }
        return (current, MLGateVersion.current)
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
        try verify()
    }

    private func verify() throws(PromotionError) {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        do {
            let verifier = AttestationVerifier(
                key: try KeySource.verificationKey(file: key, environment: ProcessInfo.processInfo.environment))
            let parsed = try GateAttestation(contentsOf: MLGateConfigPath.resolve(attestation, cwd), source: attestation)
            let verified = try verifier.verify(
                parsed, source: attestation, artifact: MLGateConfigPath.resolve(artifact, cwd), artifactPath: artifact)
            Output.print(PromotionTextRenderer().verified(verified, attestation: attestation, artifact: artifact))
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
            throw CommandFailure(message: "mlgate: error: \(url.path) exists; not overwritten")
        }
        let key = SigningKey()
        guard FileManager.default.createFile(atPath: privateURL.path, contents: Data(key.pem.utf8), attributes: [.posixPermissions: 0o600]),
            FileManager.default.createFile(atPath: publicURL.path, contents: Data(key.publicKey.pem.utf8))
        else {
            throw CommandFailure(message: "mlgate: error: cannot write \(privateURL.path)")
        }
        Output.print("private key: \(output) (keep it secret: a CI secret such as MLGATE_SIGNING_KEY)\npublic key: \(publicURL.path) (key id \(key.publicKey.keyID))\n")
    }
}

/// A refused promotion: printed as every promotion error is, then that nothing was
/// promoted; exit 1.
struct RefusedPromotion: Error {
    var error: PromotionError
}

enum MLGateConfigPath {
    static func resolve(_ path: String, _ cwd: URL) -> URL {
        (path.hasPrefix("/") ? URL(fileURLWithPath: path) : cwd.appendingPathComponent(path)).standardizedFileURL
    }
}
