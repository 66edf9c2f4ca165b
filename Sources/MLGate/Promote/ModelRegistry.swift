import Foundation

/// A model registry mlgate can promote to and read the champion's report from.
///
/// Each kind is one file in `Promote/` that declares its ``RegistryKind`` and one entry
/// in ``RegistryCatalog``: its scheme (`dir`, `mlflow`) names it in
/// `mlgate promote --to SCHEME:…` and in a champion baseline's `SCHEME:…#MODEL@ALIAS`.
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
/// A kind of registry: its scheme, how a reference to one is written and parsed, and how
/// it opens.
public struct RegistryKind: Sendable {
    /// The scheme before the colon: `dir`, `mlflow`.
    public var scheme: String
    /// The reference's form for messages, scheme included: `dir:PATH (a folder)`.
    public var form: String
    /// Where the registry is, from what follows `scheme:` in the whole reference (paths
    /// resolve against the folder given); a usage error saying what was expected otherwise.
    var location: @Sendable (_ rest: String, _ text: String, _ directory: URL) throws(PromotionError) -> URL
    /// The reference as messages and reports write it (scheme included).
    var describe: @Sendable (URL) -> String
    /// Opens the registry at a location with credentials from the environment.
    var open: @Sendable (URL, [String: String]) -> any ModelRegistry
}

/// Every kind of registry mlgate knows: the one place a new one is registered.
public enum RegistryCatalog {
    /// The registry kinds, in the order messages list them.
    public static let kinds: [RegistryKind] = [
        LocalRegistry.kind,
        MLflowRegistry.kind,
        SageMakerRegistry.kind,
    ]

    static func kind(_ scheme: String) -> RegistryKind? {
        kinds.first { $0.scheme == scheme }
    }
}

/// Where a registry is: its kind (by scheme) and its folder or server.
public struct RegistryLocation: Sendable, Hashable, CustomStringConvertible {
    /// The kind of registry, by its scheme.
    public let scheme: String
    /// Where it is: a folder, a server.
    public let url: URL

    /// A registry of kind `kind` at `url`.
    public init(_ kind: RegistryKind, _ url: URL) {
        scheme = kind.scheme
        self.url = url
    }

    /// Parses `SCHEME:…` for any registry of ``RegistryCatalog``, such as `dir:PATH`
    /// (relative to `directory`) or `mlflow:http(s)://…`.
    public init(parsing text: String, relativeTo directory: URL) throws(PromotionError) {
        guard let kind = RegistryCatalog.kinds.first(where: { text.hasPrefix($0.scheme + ":") }) else {
            throw PromotionError(
                .usage,
                "unknown registry '\(text)': expected \(RegistryCatalog.kinds.map(\.form).joined(separator: " or "))")
        }
        self.init(kind, try kind.location(String(text.dropFirst(kind.scheme.count + 1)), text, directory))
    }

    public var description: String { RegistryCatalog.kind(scheme)!.describe(url) }

    /// The registry client.
    public func open(environment: [String: String] = ProcessInfo.processInfo.environment) -> any ModelRegistry {
        RegistryCatalog.kind(scheme)!.open(url, environment)
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
