import Foundation

/// A model registry in a folder (`dir:PATH`), for teams without a registry server and
/// for tests:
///
/// ```
/// PATH/registry.json            the index: versions and aliases of every model
/// PATH/.lock                    taken for every change
/// PATH/MODEL/N/<artifact>       version N's artifact (file or folder), as promoted
/// PATH/MODEL/N/attestation.json the gate attestation it was promoted with
/// PATH/MODEL/N/report.json      the gate's JSON report, when one was given
/// ```
///
/// The artifact is copied (and its copy's digest checked) before the lock is taken;
/// under the lock the version folder is renamed into place and the index replaced
/// atomically, so concurrent promotions neither lose a version nor corrupt the index.
public struct LocalRegistry: ModelRegistry {
    /// The registry folder.
    public var root: URL

    /// Opens the registry in `root` (created on first promotion).
    public init(root: URL) { self.root = root }

    public var name: String { Self.kind.describe(root) }

    /// `dir:PATH`: a folder, relative to the working directory or the config.
    public static let kind = RegistryKind(
        scheme: "dir", form: "dir:PATH (a folder)",
        location: { rest, text, directory throws(PromotionError) in
            guard !rest.isEmpty else { throw PromotionError(.usage, "'\(text)': expected a folder after 'dir:'") }
            return MLGateConfig.resolve(rest, against: directory)
        },
        describe: { "dir:\($0.path)" },
        open: { url, _ in LocalRegistry(root: url) })

    /// The index file's content.
    public struct Index: Sendable, Hashable, Codable {
        /// The index format version.
        public var format = 1
        /// Registered models by name.
        public var models: [String: Model] = [:]

        /// One registered model.
        public struct Model: Sendable, Hashable, Codable {
            /// Its versions, oldest first.
            public var versions: [Version] = []
            /// Alias → version number.
            public var aliases: [String: Int] = [:]
        }

        /// One version.
        public struct Version: Sendable, Hashable, Codable {
            /// Its number, from 1.
            public var version: Int
            /// When it was registered.
            public var createdAt: Date
            /// The artifact's file or folder name inside the version folder.
            public var artifact: String
            /// The artifact's digest.
            public var sha256: String
            /// Whether the artifact is a folder.
            public var folder: Bool
            /// The gate's verdict (always `passed`: nothing else is promoted).
            public var status: RunStatus
            /// The attestation's SHA-256.
            public var attestationSha256: String
            /// Whether the attestation's signature was verified.
            public var signatureVerified: Bool
            /// Whether a JSON report is stored.
            public var hasReport: Bool
        }
    }

    var indexURL: URL { root.appendingPathComponent("registry.json") }
    var lockURL: URL { root.appendingPathComponent(".lock") }

    /// Reads the index (empty when the registry is new).
    public func index() throws(PromotionError) -> Index {
        guard FileManager.default.fileExists(atPath: indexURL.path) else { return Index() }
        let data: Data
        do {
            data = try DocumentFile.read(indexURL)
        } catch {
            throw PromotionError(.registry, "\(indexURL.path): cannot read the registry index: \(error.localizedDescription)")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(Index.self, from: data)
        } catch {
            throw PromotionError(.malformed, "\(indexURL.path): not an mlgate registry index: \(SystemError.describe(error))")
        }
    }

    public func promote(_ request: PromotionRequest) async throws(PromotionError) -> PromotedVersion {
        try RegistryNames.validate(model: request.model, alias: request.alias)
        let modelFolder = root.appendingPathComponent(request.model)
        let manager = FileManager.default
        try refuseLinks(at: [modelFolder, lockURL, indexURL])
        do {
            try manager.createDirectory(at: modelFolder, withIntermediateDirectories: true)
        } catch {
            throw PromotionError(.registry, "\(modelFolder.path): cannot create the folder: \(error.localizedDescription)")
        }

        // Stage the version outside the lock: copying a large model must not block others.
        let staging = modelFolder.appendingPathComponent(".staging-\(UUID().uuidString)")
        defer { try? manager.removeItem(at: staging) }
        let artifactName = request.artifact.standardizedFileURL.lastPathComponent
        do {
            try manager.createDirectory(at: staging, withIntermediateDirectories: false)
            // By content: an artifact named through a symbolic link is copied as its
            // target's bytes, never as a link whose target could change later.
            try manager.copyItem(at: request.artifact.resolvingSymlinksInPath(), to: staging.appendingPathComponent(artifactName))
            try request.attestation.write(to: staging.appendingPathComponent("attestation.json"))
            if let report = request.report { try report.write(to: staging.appendingPathComponent("report.json")) }
        } catch {
            throw PromotionError(.registry, "\(staging.path): cannot stage the version: \(error.localizedDescription)")
        }
        // What was copied is what was attested (the source could change while copying).
        let copied = try ArtifactDigest.of(staging.appendingPathComponent(artifactName), displayPath: artifactName)
        guard copied == request.verified.digest else {
            throw PromotionError(.digestMismatch, "\(request.artifact.path) changed while it was copied into the registry (now sha256:\(copied.sha256)); nothing was promoted")
        }

        let attestationSha256 = ArtifactDigest.sha256(of: request.attestation)
        let signatureVerified: Bool
        if case .verified = request.verified.signature { signatureVerified = true } else { signatureVerified = false }

        return try FileLock.withLock(lockURL) { () throws(PromotionError) -> PromotedVersion in
            var index = try index()
            var model = index.models[request.model] ?? .init()
            let number: Int
            let created: Bool
            if let existing = model.versions.first(where: { $0.sha256 == copied.sha256 && $0.folder == copied.isDirectory }) {
                number = existing.version
                created = false
            } else {
                number = (model.versions.map(\.version).max() ?? 0) + 1
                let target = modelFolder.appendingPathComponent(String(number))
                // A folder left by a crash between rename and index write is not a version.
                if manager.fileExists(atPath: target.path) { try? manager.removeItem(at: target) }
                do {
                    try manager.moveItem(at: staging, to: target)
                } catch {
                    throw PromotionError(.registry, "\(target.path): cannot move the version into place: \(error.localizedDescription)")
                }
                model.versions.append(
                    .init(
                        version: number, createdAt: Date(), artifact: artifactName, sha256: copied.sha256,
                        folder: copied.isDirectory, status: request.verified.statement.predicate.status,
                        attestationSha256: attestationSha256, signatureVerified: signatureVerified,
                        hasReport: request.report != nil))
                created = true
            }
            if let alias = request.alias { model.aliases[alias] = number }
            index.models[request.model] = model
            try write(index)
            return PromotedVersion(
                model: request.model, version: String(number), created: created, alias: request.alias,
                location: modelFolder.appendingPathComponent(String(number)).path)
        }
    }

    public func report(model: String, alias: String) async throws(PromotionError) -> StoredReport {
        // The champion loop names a model and alias as `promote` does: the same rules, so
        // that `dir:REG#../elsewhere@champion` cannot read outside the registry.
        try RegistryNames.validate(model: model, alias: alias)
        try refuseLinks(at: [root.appendingPathComponent(model), lockURL, indexURL])
        let index = try FileLock.withLock(lockURL, exclusive: false) { () throws(PromotionError) in try self.index() }
        guard let entry = index.models[model] else {
            let known = index.models.keys.sorted()
            throw PromotionError(.registry, "\(name): no model '\(model)'\(known.isEmpty ? " (the registry is empty)" : " (models: \(known.joined(separator: ", ")))")")
        }
        guard let number = entry.aliases[alias] else {
            let known = entry.aliases.keys.sorted()
            throw PromotionError(.registry, "\(name): model '\(model)' has no alias '\(alias)'\(known.isEmpty ? " (it has no aliases)" : " (aliases: \(known.joined(separator: ", ")))")")
        }
        let url = root.appendingPathComponent(model).appendingPathComponent(String(number)).appendingPathComponent("report.json")
        guard let data = try? DocumentFile.read(url) else {
            throw PromotionError(.registry, "\(url.path): version \(number) of '\(model)' has no stored report (promote it with --report)")
        }
        return StoredReport(version: String(number), data: data, source: url.path)
    }

    /// Refuses a symbolic link where the registry writes or reads its own files (a model
    /// folder, the lock, the index): what is written there must stay inside the registry.
    private func refuseLinks(at urls: [URL]) throws(PromotionError) {
        for url in urls {
            var info = stat()
            if lstat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK {
                throw PromotionError(
                    .registry, "\(url.path): a symbolic link inside the registry; mlgate writes only to folders and files of the registry itself")
            }
        }
    }

    private func write(_ index: Index) throws(PromotionError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        do {
            try AtomicFileWriter.write(try encoder.encode(index), to: indexURL)
        } catch let error as ReportWriteError {
            throw PromotionError(.registry, "\(indexURL.path): cannot write the registry index: \(error.reason)")
        } catch {
            throw PromotionError(.registry, "\(indexURL.path): cannot encode the registry index: \(error)")
        }
    }
}

/// Which model names and aliases are accepted: they become folder names and URL parts.
enum RegistryNames {
    /// The longest model name or alias (a folder name must stay under the file system's 255 bytes).
    static let maxLength = 200

    static func validate(model: String, alias: String?) throws(PromotionError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard !model.isEmpty, !model.hasPrefix("."), model.allSatisfy(allowed.contains) else {
            throw PromotionError(.usage, "model name '\(model)': use letters, digits, '.', '_' and '-', not starting with '.'")
        }
        guard model.utf8.count <= maxLength else {
            throw PromotionError(.usage, "model name '\(model.prefix(40))…': \(model.utf8.count) characters, at most \(maxLength) allowed")
        }
        if let alias {
            let aliasAllowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
            guard !alias.isEmpty, alias.utf8.count <= maxLength, alias.allSatisfy(aliasAllowed.contains), alias.lowercased() != "latest" else {
                throw PromotionError(.usage, "alias '\(alias)': use letters, digits, '_' and '-' (and not 'latest'), such as champion or staging")
            }
        }
    }
}
