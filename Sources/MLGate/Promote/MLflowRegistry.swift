import Foundation

/// The MLflow Model Registry (`mlflow:URL`), through MLflow's REST API.
///
/// A promotion creates the registered model if needed and looks for a version already
/// tagged with this artifact's digest. Otherwise it creates a run in the default
/// experiment, uploads the artifact (under `model/`), the attestation and the report
/// (under `mlgate/`) through the server's artifact proxy
/// (`/api/2.0/mlflow-artifacts/artifacts/…`), creates a model version whose source is the
/// run's `model/` folder — the server accepts no local path as a source — tagged
/// `mlgate.status`, `mlgate.artifact_sha256`, `mlgate.attestation_sha256`,
/// `mlgate.report` and the model gates' metrics, and finishes the run. Then it moves the
/// alias. Written against MLflow 3.17's REST API (docs/notes/mlflow-rest.md).
public struct MLflowRegistry: ModelRegistry {
    /// The tracking server, such as `http://127.0.0.1:5000`.
    public var baseURL: URL
    /// How requests authenticate.
    public var credentials: Credentials

    /// Creates a client.
    public init(baseURL: URL, credentials: Credentials) {
        self.baseURL = baseURL
        self.credentials = credentials
    }

    public var name: String { Self.kind.describe(baseURL) }

    /// `mlflow:http(s)://HOST[:PORT]`: an MLflow tracking server; credentials from
    /// MLflow's environment variables.
    public static let kind = RegistryKind(
        scheme: "mlflow", form: "mlflow:URL (an MLflow tracking server)",
        location: { rest, text, _ throws(PromotionError) in
            guard let url = URL(string: rest), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil
            else {
                throw PromotionError(
                    .usage, "'\(text)': expected an http(s) URL after 'mlflow:', such as mlflow:http://127.0.0.1:5000")
            }
            return url
        },
        describe: { "mlflow:\(CredentialRedaction.redact($0))" },
        open: { url, environment in MLflowRegistry(baseURL: url, credentials: Credentials(environment: environment)) })

    static let artifactScheme = "mlflow-artifacts:/"

    /// Authentication as MLflow's own client takes it from the environment:
    /// `MLFLOW_TRACKING_TOKEN` (a bearer token) or `MLFLOW_TRACKING_USERNAME` and
    /// `MLFLOW_TRACKING_PASSWORD` (basic). Never printed.
    public struct Credentials: Sendable, Hashable {
        var header: String?

        /// Reads the credentials from `environment`.
        public init(environment: [String: String]) {
            // As MLflow's client: basic authentication wins when both are set.
            if let user = environment["MLFLOW_TRACKING_USERNAME"], let password = environment["MLFLOW_TRACKING_PASSWORD"],
                !user.isEmpty
            {
                header = "Basic \(Data("\(user):\(password)".utf8).base64EncodedString())"
            } else if let token = environment["MLFLOW_TRACKING_TOKEN"], !token.isEmpty {
                header = "Bearer \(token)"
            } else {
                header = nil
            }
        }
    }

    public func promote(_ request: PromotionRequest) async throws(PromotionError) -> PromotedVersion {
        try RegistryNames.validate(model: request.model, alias: request.alias)
        let digest = request.verified.digest
        let predicate = request.verified.statement.predicate

        if try await registeredModel(request.model) == false {
            _ = try await call("POST", "registered-models/create", body: ["name": request.model])
        }

        var version = try await versionHolding(model: request.model, sha256: digest.sha256)
        let created = version == nil
        if version == nil {
            // The server accepts only a source inside a run's artifacts (not a local path),
            // so the files go into a new run of the default experiment first.
            let run = try await call(
                "POST", "runs/create",
                body: [
                    "experiment_id": "0", "run_name": "mlgate promote \(request.model)",
                    "start_time": Int(Date().timeIntervalSince1970 * 1000),
                    "tags": [["key": "mlflow.source.name", "value": "mlgate"], ["key": "mlgate.artifact_sha256", "value": digest.sha256]],
                ])
            guard let info = (run["run"] as? [String: Any])?["info"] as? [String: Any],
                let runID = (info["run_id"] ?? info["run_uuid"]) as? String, let artifactURI = info["artifact_uri"] as? String
            else {
                throw PromotionError(.registry, "\(name): runs/create answered without a run id and artifact URI")
            }
            guard artifactURI.hasPrefix(Self.artifactScheme) else {
                throw PromotionError(.registry, "\(name): the run's artifacts go to \(artifactURI), which mlgate cannot upload to over HTTP; start the server with artifact serving (mlflow server --serve-artifacts, the default since MLflow 2.0)")
            }
            let folder = String(artifactURI.dropFirst(Self.artifactScheme.count)).trimmingSuffix("/")
            let artifactName = request.artifact.standardizedFileURL.lastPathComponent
            try await upload(request.artifact, as: "\(folder)/model/\(artifactName)", isFolder: digest.isDirectory)
            try await upload(data: request.attestation, as: "\(folder)/mlgate/attestation.json")
            if let report = request.report { try await upload(data: report, as: "\(folder)/mlgate/report.json") }

            var tags: [[String: String]] = [
                ["key": "mlgate.status", "value": predicate.status.rawValue],
                ["key": "mlgate.artifact_sha256", "value": digest.sha256],
                ["key": "mlgate.attestation_sha256", "value": ArtifactDigest.sha256(of: request.attestation)],
                ["key": "mlgate.attestation", "value": "\(Self.artifactScheme)\(folder)/mlgate/attestation.json"],
                ["key": "mlgate.mlgate_version", "value": predicate.mlgateVersion],
                ["key": "mlgate.config_sha256", "value": predicate.config.digest["sha256"] ?? ""],
                ["key": "mlgate.signature", "value": request.verified.signature.tagValue],
            ]
            if request.report != nil {
                tags.append(["key": "mlgate.report", "value": "\(Self.artifactScheme)\(folder)/mlgate/report.json"])
            }
            for metric in predicate.keyMetrics.prefix(40) {
                tags.append(["key": Self.tagKey("mlgate.metric.\(metric.name)"), "value": Self.format(metric.value)])
            }
            let response = try await call(
                "POST", "model-versions/create",
                body: [
                    "name": request.model, "source": "\(Self.artifactScheme)\(folder)/model", "run_id": runID, "tags": tags,
                    "description": "Promoted by mlgate \(MLGateVersion.current) after a passing gate (\(predicate.totals.passed) of \(predicate.totals.total) checks passed).",
                ])
            guard let modelVersion = response["model_version"] as? [String: Any], let number = Self.versionString(modelVersion["version"])
            else {
                throw PromotionError(.registry, "\(name): model-versions/create answered without a version")
            }
            _ = try await call(
                "POST", "runs/update",
                body: ["run_id": runID, "status": "FINISHED", "end_time": Int(Date().timeIntervalSince1970 * 1000)])
            version = number
        }
        if let alias = request.alias {
            _ = try await call("POST", "registered-models/alias", body: ["name": request.model, "alias": alias, "version": version!])
        }
        return PromotedVersion(
            model: request.model, version: version!, created: created, alias: request.alias,
            location: "\(CredentialRedaction.redact(baseURL).trimmingSuffix("/"))/#/models/\(request.model)/versions/\(version!)")
    }

    public func report(model: String, alias: String) async throws(PromotionError) -> StoredReport {
        let (data, status) = try await send(
            "GET", apiURL("registered-models/alias", query: ["name": model, "alias": alias]), body: nil, contentType: nil)
        guard status == 200 else {
            throw PromotionError(.registry, "\(name): no version of '\(model)' has alias '\(alias)': HTTP \(status) \(Self.errorText(data))")
        }
        let response = (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
        guard let modelVersion = response["model_version"] as? [String: Any], let version = Self.versionString(modelVersion["version"]) else {
            throw PromotionError(.registry, "\(name): no version of '\(model)' has alias '\(alias)'")
        }
        let tags = Self.tags(modelVersion["tags"])
        guard let reportURI = tags["mlgate.report"], reportURI.hasPrefix(Self.artifactScheme) else {
            throw PromotionError(.registry, "\(name): version \(version) of '\(model)' has no stored report (promote it with mlgate promote --report)")
        }
        let path = String(reportURI.dropFirst(Self.artifactScheme.count))
        let (reportData, reportStatus) = try await send("GET", artifactURL(path), body: nil, contentType: nil)
        guard reportStatus == 200 else {
            throw PromotionError(.registry, "\(name): cannot download \(reportURI): HTTP \(reportStatus) \(Self.errorText(reportData))")
        }
        return StoredReport(version: version, data: reportData, source: "\(name)#\(model)@\(alias) (version \(version), \(reportURI))")
    }

    // MARK: REST

    private func registeredModel(_ model: String) async throws(PromotionError) -> Bool {
        let (data, status) = try await send("GET", apiURL("registered-models/get", query: ["name": model]), body: nil, contentType: nil)
        if status == 200 { return true }
        if status == 404 || Self.errorCode(data) == "RESOURCE_DOES_NOT_EXIST" { return false }
        throw PromotionError(.registry, "\(name): registered-models/get: HTTP \(status) \(Self.errorText(data))")
    }

    private func versionHolding(model: String, sha256: String) async throws(PromotionError) -> String? {
        let response = try await call(
            "GET", "model-versions/search",
            query: ["filter": "name='\(model)' and tag.`mlgate.artifact_sha256`='\(sha256)'", "max_results": "10"])
        let versions = response["model_versions"] as? [[String: Any]] ?? []
        return versions.compactMap { Self.versionString($0["version"]) }.min { (Int($0) ?? 0) < (Int($1) ?? 0) }
    }

    private func call(_ method: String, _ endpoint: String, query: [String: String] = [:], body: [String: Any]? = nil)
        async throws(PromotionError) -> [String: Any]
    {
        let bytes = body.map { try! JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]) }
        let (data, status) = try await send(method, apiURL(endpoint, query: query), body: bytes, contentType: "application/json")
        guard (200..<300).contains(status) else {
            throw PromotionError(.registry, "\(name): \(endpoint): HTTP \(status) \(Self.errorText(data))")
        }
        if data.isEmpty { return [:] }
        return (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    private func upload(_ url: URL, as path: String, isFolder: Bool) async throws(PromotionError) {
        if !isFolder {
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw PromotionError(.missingFile, "\(url.path): cannot read the artifact: \(error.localizedDescription)")
            }
            return try await upload(data: data, as: path)
        }
        // Empty folders (`x/`) are in the digest but are not files to upload.
        for relative in try ArtifactDigest.regularFiles(under: url, shown: url.path) where !relative.hasSuffix("/") {
            try await upload(url.appendingPathComponent(relative), as: "\(path)/\(relative)", isFolder: false)
        }
    }

    private func upload(data: Data, as path: String) async throws(PromotionError) {
        let (response, status) = try await send("PUT", artifactURL(path), body: data, contentType: "application/octet-stream")
        guard (200..<300).contains(status) else {
            throw PromotionError(.registry, "\(name): cannot upload \(path) to the artifact store: HTTP \(status) \(Self.errorText(response)) (is the server started with artifact serving, the default since MLflow 2.0?)")
        }
    }

    private func apiURL(_ endpoint: String, query: [String: String]) -> URL {
        var components = URLComponents(url: baseURL, resolvingAgainstBaseURL: false)!
        components.path = components.path.trimmingSuffix("/") + "/api/2.0/mlflow/" + endpoint
        if !query.isEmpty { components.queryItems = query.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) } }
        return components.url!
    }

    private func artifactURL(_ path: String) -> URL {
        var components = URLComponents(url: baseURL, resolvingAgainstBaseURL: false)!
        components.path = components.path.trimmingSuffix("/") + "/api/2.0/mlflow-artifacts/artifacts/" + path
        return components.url!
    }

    private func send(_ method: String, _ url: URL, body: Data?, contentType: String?) async throws(PromotionError) -> (Data, Int) {
        var headers: [String: String] = [:]
        if let contentType { headers["Content-Type"] = contentType }
        if let header = credentials.header { headers["Authorization"] = header }
        do {
            let answer = try await HTTPExchange(timeout: 60).send(method, url, headers: headers, body: body)
            return (answer.body, answer.status)
        } catch {
            throw PromotionError(.registry, "\(name): \(method) \(url.path) failed: \(error.message)")
        }
    }

    // MARK: Decoding

    static func versionString(_ value: Any?) -> String? {
        if let text = value as? String { return text }
        if let number = value as? Int { return String(number) }
        return nil
    }

    static func tags(_ value: Any?) -> [String: String] {
        var tags: [String: String] = [:]
        for tag in value as? [[String: Any]] ?? [] {
            if let key = tag["key"] as? String, let value = tag["value"] as? String { tags[key] = value }
        }
        return tags
    }

    static func errorCode(_ data: Data) -> String? {
        (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["error_code"] as? String
    }

    static func errorText(_ data: Data) -> String {
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            let code = object["error_code"] as? String ?? ""
            let message = object["message"] as? String ?? ""
            return [code, message].filter { !$0.isEmpty }.joined(separator: ": ")
        }
        return String(decoding: data.prefix(300), as: UTF8.self)
    }

    /// MLflow accepts letters, digits, `_ - . : /` and spaces in tag keys.
    static func tagKey(_ key: String) -> String {
        String(key.map { $0.isASCII && ($0.isLetter || $0.isNumber || "_-.:/ ".contains($0)) ? $0 : "_" })
    }

    static func format(_ value: Double) -> String {
        value.isFinite ? String(format: "%.10g", value) : "nan"
    }
}

extension AttestationVerifier.SignatureStatus {
    /// How the signature is recorded in a registry.
    var tagValue: String {
        switch self {
        case .verified(let keyID): "verified:\(keyID)"
        case .notChecked: "signed, not checked"
        case .unsigned: "unsigned"
        }
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
