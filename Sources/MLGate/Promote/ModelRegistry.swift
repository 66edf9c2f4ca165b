import Foundation

/// A model registry mlgate can promote to and read the champion's report from.
public protocol ModelRegistry: Sendable {
    /// How the registry was named (`dir:…`, `mlflow:…`), for messages.
    var name: String { get }

    /// Registers the verified artifact as a new version of `request.model` (or finds the
    /// version that already holds exactly this artifact) and points the alias at it.
    func promote(_ request: PromotionRequest) async throws(PromotionError) -> PromotedVersion

    /// The gate report stored with the version that `alias` points at.
    func report(model: String, alias: String) async throws(PromotionError) -> StoredReport
}

/// What to promote: a verified artifact and the evidence that it passed.
public struct PromotionRequest: Sendable {
    /// The registered model's name.
    public var model: String
    /// The alias to point at the version (`champion`, `staging`), if any.
    public var alias: String?
    /// The artifact file or folder.
    public var artifact: URL
    /// The verified attestation.
    public var verified: AttestationVerifier.Verified
    /// The attestation file's bytes, stored beside the artifact.
    public var attestation: Data
    /// The run's JSON report, stored beside the artifact (the champion loop reads it).
    public var report: Data?

    /// Creates a request.
    public init(
        model: String, alias: String?, artifact: URL, verified: AttestationVerifier.Verified, attestation: Data,
        report: Data?
    ) {
        self.model = model
        self.alias = alias
        self.artifact = artifact
        self.verified = verified
        self.attestation = attestation
        self.report = report
    }
}

/// The outcome of a promotion.
public struct PromotedVersion: Sendable, Hashable {
    /// The registered model.
    public var model: String
    /// The version that holds the artifact.
    public var version: String
    /// Whether the version was created now (`false`: it already held this artifact).
    public var created: Bool
    /// The alias now pointing at it.
    public var alias: String?
    /// Where the version lives (a folder, or the registry's URL for it).
    public var location: String
}

/// A champion's stored report.
public struct StoredReport: Sendable {
    /// The version the alias points at.
    public var version: String
    /// The JSON report's bytes.
    public var data: Data
    /// Where it was read, for messages.
    public var source: String
}

/// A registry named on the command line or in the config: `dir:PATH` or `mlflow:URL`.
public enum RegistryLocation: Sendable, Hashable, CustomStringConvertible {
    /// A folder on disk.
    case directory(URL)
    /// An MLflow tracking server.
    case mlflow(URL)

    /// Parses `dir:PATH` (relative to `directory`) or `mlflow:http(s)://…`.
    public init(parsing text: String, relativeTo directory: URL) throws(PromotionError) {
        if text.hasPrefix("dir:") {
            let path = String(text.dropFirst(4))
            guard !path.isEmpty else { throw PromotionError(.usage, "'\(text)': expected a folder after 'dir:'") }
            self = .directory(MLGateConfig.resolve(path, against: directory))
        } else if text.hasPrefix("mlflow:") {
            let rest = String(text.dropFirst(7))
            guard let url = URL(string: rest), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil
            else {
                throw PromotionError(.usage, "'\(text)': expected an http(s) URL after 'mlflow:', such as mlflow:http://127.0.0.1:5000")
            }
            self = .mlflow(url)
        } else {
            throw PromotionError(.usage, "unknown registry '\(text)': expected dir:PATH (a folder) or mlflow:URL (an MLflow tracking server)")
        }
    }

    public var description: String {
        switch self {
        case .directory(let url): "dir:\(url.path)"
        case .mlflow(let url): "mlflow:\(url.absoluteString)"
        }
    }

    /// The registry client.
    public func open(environment: [String: String] = ProcessInfo.processInfo.environment) -> any ModelRegistry {
        switch self {
        case .directory(let url): LocalRegistry(root: url)
        case .mlflow(let url): MLflowRegistry(baseURL: url, credentials: .init(environment: environment))
        }
    }
}

/// `REGISTRY#MODEL@ALIAS`: the version an alias points at, as the champion loop names it.
public struct RegistryAliasReference: Sendable, Hashable, CustomStringConvertible {
    /// The registry.
    public var registry: RegistryLocation
    /// The registered model.
    public var model: String
    /// The alias.
    public var alias: String

    /// Parses `dir:PATH#MODEL@ALIAS` or `mlflow:URL#MODEL@ALIAS`.
    public init(parsing text: String, relativeTo directory: URL) throws(PromotionError) {
        guard let hash = text.lastIndex(of: "#") else {
            throw PromotionError(.usage, "'\(text)': expected REGISTRY#MODEL@ALIAS, such as dir:registry#loans@champion")
        }
        let target = text[text.index(after: hash)...]
        guard let at = target.lastIndex(of: "@"), at != target.startIndex, target.index(after: at) != target.endIndex else {
            throw PromotionError(.usage, "'\(text)': expected MODEL@ALIAS after '#', such as loans@champion")
        }
        registry = try RegistryLocation(parsing: String(text[..<hash]), relativeTo: directory)
        model = String(target[..<at])
        alias = String(target[target.index(after: at)...])
    }

    public var description: String { "\(registry)#\(model)@\(alias)" }
}
