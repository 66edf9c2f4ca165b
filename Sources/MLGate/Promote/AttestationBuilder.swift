import Foundation

/// Builds the attestation of a run: the model artifacts and every file the gates read,
/// by digest, and the verdict.
public struct AttestationBuilder: Sendable {
    /// A model artifact to attest: its name in the attestation and its location.
    public struct Artifact: Sendable, Hashable {
        /// The name, as the config or the command line wrote it.
        public var name: String
        /// The file or folder.
        public var url: URL

        /// Creates an artifact.
        public init(name: String, url: URL) {
            self.name = name
            self.url = url
        }
    }

    /// The config the gate ran.
    public var config: MLGateConfig
    /// The model artifacts.
    public var artifacts: [Artifact]
    /// The mlgate executable running the gate, recorded with its SHA-256 (``MLGateExecutable``).
    public var executable: URL?

    /// Creates a builder; `executable` is the running mlgate, to record by digest.
    public init(config: MLGateConfig, artifacts: [Artifact], executable: URL? = nil) {
        self.config = config
        self.artifacts = artifacts
        self.executable = executable
    }

    /// The files the gates read, each once, in config order.
    public var datasets: [Artifact] {
        var seen = Set<URL>()
        var files: [Artifact] = []
        func add(_ input: TableInput) {
            if seen.insert(input.url).inserted { files.append(Artifact(name: input.path, url: input.url)) }
        }
        for gate in config.gates {
            switch gate.body {
            case .data(let data): add(data.input)
            case .model(let model):
                add(model.predictions)
                if case .predictions(let input, _)? = model.baseline { add(input) }
            case .fairness(let fairness): add(fairness.predictions)
            case .drift(let drift):
                switch drift.reference {
                case .table(let input): add(input)
                case .profile(let path, let url, _):
                    if seen.insert(url).inserted { files.append(Artifact(name: path, url: url)) }
                }
                add(drift.current)
            }
        }
        return files
    }

    /// The statement for `report`; `jsonReport` is the JSON report's path and bytes when
    /// one was written. Digests are computed on both cores.
    public func statement(for report: RunReport, jsonReport: (path: String, data: Data)?) async throws(PromotionError)
        -> InTotoStatement
    {
        let configURL = URL(fileURLWithPath: config.file, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        let configData: Data
        do {
            configData = try Data(contentsOf: configURL)
        } catch {
            throw PromotionError(.missingFile, "\(config.file): cannot read the config: \(error.localizedDescription)")
        }
        let entries = artifacts.map { ($0, InTotoStatement.Subject.Role.model) } + datasets.map { ($0, .dataset) }
        let digests = await withTaskGroup(of: (Int, Result<ArtifactDigest, PromotionError>).self) { group in
            for (index, entry) in entries.enumerated() {
                group.addTask {
                    do throws(PromotionError) {
                        return (index, .success(try ArtifactDigest.of(entry.0.url, displayPath: entry.0.name)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var results = [Result<ArtifactDigest, PromotionError>?](repeating: nil, count: entries.count)
            for await (index, result) in group { results[index] = result }
            return results
        }
        var subjects: [InTotoStatement.Subject] = []
        for (entry, result) in zip(entries, digests) {
            subjects.append(InTotoStatement.Subject(name: entry.0.name, digest: try result!.get(), role: entry.1))
        }
        let predicate = GatePredicate(
            report: report,
            config: .init(path: config.file, sha256: ArtifactDigest.sha256(of: configData)),
            jsonReport: jsonReport.map { .init(path: $0.path, sha256: ArtifactDigest.sha256(of: $0.data)) },
            executable: try executable.map { url throws(PromotionError) -> GatePredicate.DigestedFile in
                GatePredicate.DigestedFile(path: url.path, sha256: try ArtifactDigest.of(url, displayPath: url.path).sha256)
            })
        return InTotoStatement(subject: subjects, predicate: predicate)
    }
}
