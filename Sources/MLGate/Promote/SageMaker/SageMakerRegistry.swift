import Foundation

/// Amazon SageMaker Model Registry (`sagemaker:s3://BUCKET/PREFIX`), through the S3 and
/// SageMaker APIs signed by ``AWSSigV4``; see docs/registry-sagemaker.md.
///
/// `--model` names the model package group (created if missing). A promotion uploads the
/// artifact, the attestation, the report and the model gates' metrics under
/// `s3://BUCKET/PREFIX/GROUP/sha256-DIGEST/` (content-addressed: the same artifact always
/// lands in the same place), checks that the bytes uploaded are the attested ones, and
/// only then creates a model package version with the metrics as its model-quality
/// statistics and the digests in its customer metadata: `Approved` when the attestation's
/// signature was verified with a key, `PendingManualApproval` (with the reason) when it
/// was unsigned or not checked. A failed gate never gets here (``Promoter`` refuses it).
/// If the version cannot be created, the uploaded objects are deleted again. Last, a
/// marker `mlgate/model-package.json` beside them names the version, so that promoting the
/// same artifact again registers nothing new. An alias is the customer metadata key
/// `mlgate.alias.ALIAS` (the time it was set); the champion loop reads the report of the
/// Approved version the alias was set on last, or of the newest Approved version for the
/// alias `approved`.
public struct SageMakerRegistry: ModelRegistry {
    /// `s3://BUCKET/PREFIX`, or `s3:` for the bucket of `MLGATE_SAGEMAKER_BUCKET`.
    public var location: URL
    /// The environment (credentials, region, endpoints, bucket).
    public var environment: [String: String]
    /// The clock (fixed in tests).
    var now: @Sendable () -> Date = { Date() }

    // Opened through `RegistryLocation(parsing:relativeTo:).open(environment:)`, which
    // uses the memberwise initializer; nothing is checked before the first call.

    public var name: String { Self.kind.describe(location) }

    /// `sagemaker:s3://BUCKET[/PREFIX]`, or `sagemaker:` with `MLGATE_SAGEMAKER_BUCKET`.
    public static let kind = RegistryKind(
        scheme: "sagemaker", form: "sagemaker:s3://BUCKET[/PREFIX] (Amazon SageMaker Model Registry; or sagemaker: with MLGATE_SAGEMAKER_BUCKET)",
        location: { rest, text, _ throws(PromotionError) in
            if rest.isEmpty { return URL(string: "s3:")! }
            return try S3Location(parsing: rest, source: "'\(text)'").url
        },
        describe: { $0.host == nil ? "sagemaker:" : "sagemaker:\($0.absoluteString)" },
        open: { url, environment in SageMakerRegistry(location: url, environment: environment) })

    /// The customer metadata key under which an alias's time is kept.
    static func aliasKey(_ alias: String) -> String { "mlgate.alias.\(alias)" }
    /// The alias that means the newest Approved version.
    static let approvedAlias = "approved"

    // MARK: Promote

    public func promote(_ request: PromotionRequest) async throws(PromotionError) -> PromotedVersion {
        try Self.validate(group: request.model, alias: request.alias)
        if request.alias == Self.approvedAlias {
            throw PromotionError(.usage, "alias 'approved': in a SageMaker registry it names the newest Approved version and cannot be set; choose another, such as champion")
        }
        let (client, store) = try connect()
        let digest = request.verified.digest
        let folder = store.key("\(request.model)/sha256-\(digest.sha256)")
        let markerKey = "\(folder)/mlgate/model-package.json"

        if var existing = try await markedVersion(client, store, markerKey: markerKey, group: request.model, sha256: digest.sha256) {
            if let alias = request.alias { existing = try await setAlias(alias, on: existing, client) }
            return PromotedVersion(
                model: request.model, version: existing.version, created: false, alias: request.alias,
                location: "\(existing.arn) (ModelApprovalStatus \(existing.status))")
        }
        try await ensureGroup(request.model, client)

        // What is uploaded is what was attested: the bytes are read once, hashed, and sent.
        let artifactName = request.artifact.standardizedFileURL.lastPathComponent
        let files = try Self.artifactFiles(request.artifact, digest: digest, name: artifactName)
        let predicate = request.verified.statement.predicate
        var objects = files.map { (key: "\(folder)/model/\($0.path)", data: $0.data, type: "application/octet-stream") }
        objects.append(("\(folder)/mlgate/attestation.json", request.attestation, "application/json"))
        if let report = request.report { objects.append(("\(folder)/mlgate/report.json", report, "application/json")) }
        objects.append(("\(folder)/mlgate/metrics.json", Self.metricsDocument(predicate.keyMetrics), "application/json"))
        var uploaded: [String] = []
        for object in objects {
            let response = try await client.send(
                client.s3("PUT", bucket: store.bucket, key: object.key, body: object.data, contentType: object.type),
                what: "\(name): upload s3://\(store.bucket)/\(object.key)")
            guard response.isSuccess else {
                let cleanup = await delete(uploaded, store, client)
                throw PromotionError(
                    .registry, "\(name): cannot upload s3://\(store.bucket)/\(object.key): \(response.error)\(Self.hint(response.error, store))\(cleanup)")
            }
            uploaded.append(object.key)
        }

        let artifactURI = "s3://\(store.bucket)/\(folder)/model/\(artifactName)"
        var metadata: [String: String] = [
            "mlgate.status": predicate.status.rawValue,
            "mlgate.artifact": artifactURI,
            "mlgate.artifact_sha256": digest.sha256,
            "mlgate.artifact_folder": digest.isDirectory ? "true" : "false",
            "mlgate.attestation": "s3://\(store.bucket)/\(folder)/mlgate/attestation.json",
            "mlgate.attestation_sha256": ArtifactDigest.sha256(of: request.attestation),
            "mlgate.signature": request.verified.signature.tagValue,
            "mlgate.mlgate_version": predicate.mlgateVersion,
            "mlgate.config_sha256": predicate.config.digest["sha256"] ?? "",
        ]
        if let report = request.report {
            metadata["mlgate.report"] = "s3://\(store.bucket)/\(folder)/mlgate/report.json"
            metadata["mlgate.report_sha256"] = ArtifactDigest.sha256(of: report)
        }
        if let alias = request.alias { metadata[Self.aliasKey(alias)] = Self.timestamp(now()) }
        for metric in predicate.keyMetrics.prefix(50 - metadata.count) {
            metadata[Self.metadataKey("mlgate.metric.\(metric.name)")] = MLflowRegistry.format(metric.value)
        }
        let verified: Bool
        if case .verified = request.verified.signature { verified = true } else { verified = false }
        var body: [String: Any] = [
            "ModelPackageGroupName": request.model,
            "ModelPackageDescription": String(
                "Promoted by mlgate \(MLGateVersion.current) after a passing gate (\(predicate.totals.passed) of \(predicate.totals.total) checks passed); artifact sha256:\(digest.sha256); signature \(request.verified.signature.tagValue)\(verified ? "" : ": approve it by hand, or promote with --key to approve automatically")."
                    .prefix(1024)),
            "ModelApprovalStatus": verified ? "Approved" : "PendingManualApproval",
            "CustomerMetadataProperties": metadata,
            "ModelMetrics": [
                "ModelQuality": [
                    "Statistics": ["ContentType": "application/json", "S3Uri": "s3://\(store.bucket)/\(folder)/mlgate/metrics.json"]
                ]
            ],
        ]
        if let image = environment["MLGATE_SAGEMAKER_IMAGE"], !image.isEmpty, !digest.isDirectory {
            body["InferenceSpecification"] = [
                "Containers": [["Image": image, "ModelDataUrl": artifactURI]],
                "SupportedContentTypes": ["text/csv", "application/json"],
                "SupportedResponseMIMETypes": ["text/csv", "application/json"],
            ]
        }
        let created: Response
        do {
            created = try await call("CreateModelPackage", body, client)
        } catch {
            throw PromotionError(error.code, error.message + (await delete(uploaded, store, client)))
        }
        guard let arn = created.object["ModelPackageArn"] as? String else {
            throw PromotionError(.registry, "\(name): CreateModelPackage answered without a ModelPackageArn")
        }
        let version = Self.versionNumber(arn: arn)
        // The marker makes a second promotion of this artifact find the version; without it
        // (a failed write) the next promotion registers another version, nothing worse.
        let marker = try! JSONSerialization.data(
            withJSONObject: ["ModelPackageArn": arn, "ModelPackageGroupName": request.model], options: [.sortedKeys, .withoutEscapingSlashes])
        _ = try? await client.send(
            client.s3("PUT", bucket: store.bucket, key: markerKey, body: marker, contentType: "application/json"), what: name)
        return PromotedVersion(
            model: request.model, version: version, created: true, alias: request.alias,
            location: "\(arn) (ModelApprovalStatus \(body["ModelApprovalStatus"]!))")
    }

    // MARK: Champion

    public func report(model: String, alias: String) async throws(PromotionError) -> StoredReport {
        try Self.validate(group: model, alias: alias == Self.approvedAlias ? nil : alias)
        let (client, store) = try connect()
        let list = try await call(
            "ListModelPackages",
            [
                "ModelPackageGroupName": model, "ModelApprovalStatus": "Approved", "SortBy": "CreationTime",
                "SortOrder": "Descending", "MaxResults": 100,
            ], client)
        let arns = (list.object["ModelPackageSummaryList"] as? [[String: Any]] ?? []).compactMap { $0["ModelPackageArn"] as? String }
        var chosen: Version?
        for arn in arns {
            let version = try await describe(arn, client)
            if alias == Self.approvedAlias { chosen = version; break }
            if let set = version.metadata[Self.aliasKey(alias)], set > (chosen?.metadata[Self.aliasKey(alias)] ?? "") { chosen = version }
        }
        guard let chosen else {
            let which = alias == Self.approvedAlias ? "no Approved version" : "no Approved version has alias '\(alias)'"
            throw PromotionError(.registry, "\(name): model package group '\(model)': \(which) (among its newest \(arns.count) Approved versions)")
        }
        guard let uri = chosen.metadata["mlgate.report"], let (bucket, key) = S3Location.split(uri) else {
            throw PromotionError(.registry, "\(name): version \(chosen.version) of '\(model)' has no stored report (promote it with mlgate promote --report)")
        }
        let response = try await client.send(client.s3("GET", bucket: bucket, key: key), what: "\(name): download \(uri)")
        guard response.isSuccess else {
            throw PromotionError(.registry, "\(name): cannot download \(uri): \(response.error)\(Self.hint(response.error, store))")
        }
        if let expected = chosen.metadata["mlgate.report_sha256"], ArtifactDigest.sha256(of: response.body) != expected {
            throw PromotionError(.registry, "\(name): \(uri) is not the report version \(chosen.version) was registered with (sha256:\(ArtifactDigest.sha256(of: response.body)), registered sha256:\(expected))")
        }
        return StoredReport(version: chosen.version, data: response.body, source: "\(name)#\(model)@\(alias) (version \(chosen.version), \(uri))")
    }

    // MARK: SageMaker calls

    typealias Response = AWSClient.Response

    /// A model package version as described.
    struct Version: Sendable {
        var arn: String
        var version: String
        var metadata: [String: String]
        var status: String
    }

    private func connect() throws(PromotionError) -> (AWSClient, S3Location) {
        let store: S3Location
        if location.host != nil {
            store = try S3Location(parsing: location.absoluteString, source: name)
        } else if let text = environment["MLGATE_SAGEMAKER_BUCKET"], !text.isEmpty {
            store = try S3Location(parsing: text, source: "MLGATE_SAGEMAKER_BUCKET")
        } else {
            throw PromotionError(.usage, "\(name): no S3 bucket for the artifacts: write sagemaker:s3://BUCKET[/PREFIX] or set MLGATE_SAGEMAKER_BUCKET")
        }
        return (AWSClient(environment: try AWSEnvironment(environment), now: now), store)
    }

    private func call(_ action: String, _ body: [String: Any], _ client: AWSClient) async throws(PromotionError) -> Response {
        let response = try await client.send(client.sageMaker(action, body), what: "\(name): \(action)")
        guard response.isSuccess else {
            throw PromotionError(.registry, "\(name): \(action): \(response.error)\(Self.hint(response.error, nil))")
        }
        return response
    }

    private func describe(_ arn: String, _ client: AWSClient) async throws(PromotionError) -> Version {
        let response = try await call("DescribeModelPackage", ["ModelPackageName": arn], client)
        let object = response.object
        let number = (object["ModelPackageVersion"] as? Int).map(String.init) ?? Self.versionNumber(arn: arn)
        return Version(
            arn: arn, version: number, metadata: object["CustomerMetadataProperties"] as? [String: String] ?? [:],
            status: object["ModelApprovalStatus"] as? String ?? "unknown")
    }

    /// The version the marker beside the artifact names, if it exists and holds this artifact.
    private func markedVersion(_ client: AWSClient, _ store: S3Location, markerKey: String, group: String, sha256: String)
        async throws(PromotionError) -> Version?
    {
        let response = try await client.send(client.s3("GET", bucket: store.bucket, key: markerKey), what: "\(name): read s3://\(store.bucket)/\(markerKey)")
        if response.status == 404, response.error.code != "NoSuchBucket" { return nil }
        guard response.isSuccess else {
            throw PromotionError(.registry, "\(name): cannot read s3://\(store.bucket)/\(markerKey): \(response.error)\(Self.hint(response.error, store))")
        }
        guard let arn = response.object["ModelPackageArn"] as? String else { return nil }
        let described = await client.sendResult(client.sageMaker("DescribeModelPackage", ["ModelPackageName": arn]))
        guard let described, described.isSuccess else { return nil }  // deleted since: register anew
        let object = described.object
        let metadata = object["CustomerMetadataProperties"] as? [String: String] ?? [:]
        guard metadata["mlgate.artifact_sha256"] == sha256, object["ModelPackageGroupName"] as? String ?? group == group else { return nil }
        return Version(
            arn: arn, version: (object["ModelPackageVersion"] as? Int).map(String.init) ?? Self.versionNumber(arn: arn), metadata: metadata,
            status: object["ModelApprovalStatus"] as? String ?? "unknown")
    }

    private func ensureGroup(_ group: String, _ client: AWSClient) async throws(PromotionError) {
        let described = try await client.send(client.sageMaker("DescribeModelPackageGroup", ["ModelPackageGroupName": group]), what: "\(name): DescribeModelPackageGroup")
        if described.isSuccess { return }
        let error = described.error
        guard error.code == "ValidationException" || error.code == "ResourceNotFound", (error.message ?? "").contains("does not exist") else {
            throw PromotionError(.registry, "\(name): DescribeModelPackageGroup: \(error)\(Self.hint(error, nil))")
        }
        _ = try await call(
            "CreateModelPackageGroup",
            ["ModelPackageGroupName": group, "ModelPackageGroupDescription": "Model versions promoted by mlgate after a passing gate."],
            client)
    }

    private func setAlias(_ alias: String, on version: Version, _ client: AWSClient) async throws(PromotionError) -> Version {
        var updated = version
        updated.metadata[Self.aliasKey(alias)] = Self.timestamp(now())
        // The whole map (SageMaker merges it into the version's; moto replaces with it), and
        // the status unchanged (moto clears a status an update does not give).
        var body: [String: Any] = ["ModelPackageArn": version.arn, "CustomerMetadataProperties": updated.metadata]
        if ["Approved", "Rejected", "PendingManualApproval"].contains(version.status) { body["ModelApprovalStatus"] = version.status }
        _ = try await call("UpdateModelPackage", body, client)
        return updated
    }

    /// Deletes what was uploaded before a failure; says what was done, for the error message.
    private func delete(_ keys: [String], _ store: S3Location, _ client: AWSClient) async -> String {
        guard !keys.isEmpty else { return "; nothing was uploaded or registered" }
        var left: [String] = []
        for key in keys {
            let response = await client.sendResult(client.s3("DELETE", bucket: store.bucket, key: key))
            if response?.isSuccess != true { left.append("s3://\(store.bucket)/\(key)") }
        }
        if left.isEmpty { return "; nothing was registered, and the \(keys.count) object(s) uploaded before were deleted" }
        return "; nothing was registered, but these uploaded objects could not be deleted: \(left.joined(separator: ", "))"
    }

    // MARK: Pieces

    /// The artifact's files (`NAME`, or `NAME/RELATIVE` for a folder) with their bytes,
    /// refused unless those bytes have the attested digest.
    static func artifactFiles(_ url: URL, digest: ArtifactDigest, name: String) throws(PromotionError) -> [(path: String, data: Data)] {
        func read(_ file: URL) throws(PromotionError) -> Data {
            do { return try Data(contentsOf: file) } catch {
                throw PromotionError(.missingFile, "\(file.path): cannot read the artifact: \(error.localizedDescription)")
            }
        }
        var files: [(path: String, data: Data)] = []
        let actual: String
        if digest.isDirectory {
            var manifest: [(String, String?)] = []
            for relative in try ArtifactDigest.regularFiles(under: url, shown: url.path) {
                if relative.hasSuffix("/") {
                    manifest.append((relative, nil))
                    continue
                }
                let data = try read(url.appendingPathComponent(relative))
                manifest.append((relative, ArtifactDigest.sha256(of: data)))
                files.append(("\(name)/\(relative)", data))
            }
            actual = ArtifactDigest.folderDigest(manifest)
        } else {
            let data = try read(url.resolvingSymlinksInPath())
            actual = ArtifactDigest.sha256(of: data)
            files.append((name, data))
        }
        guard actual == digest.sha256 else {
            throw PromotionError(.digestMismatch, "\(url.path) changed after it was verified (now sha256:\(actual)); nothing was uploaded or promoted")
        }
        return files
    }

    /// The model gates' metrics as the JSON of the version's model-quality statistics.
    static func metricsDocument(_ metrics: [(name: String, value: Double)]) -> Data {
        var values: [String: Any] = [:]
        for metric in metrics {
            values[metric.name] = ["value": metric.value.isFinite ? metric.value as Any : "NaN" as Any, "standard_deviation": "NaN"]
        }
        return try! JSONSerialization.data(withJSONObject: ["mlgate_metrics": values], options: [.sortedKeys, .prettyPrinted])
    }

    /// SageMaker's customer metadata keys allow letters, digits, spaces and `_ . : / = + - @`.
    static func metadataKey(_ key: String) -> String {
        String(key.map { $0.isASCII && ($0.isLetter || $0.isNumber || "_.:/=+-@ ".contains($0)) ? $0 : "_" }.prefix(128))
    }

    /// `arn:aws:sagemaker:REGION:ACCOUNT:model-package/GROUP/7` → `7`.
    static func versionNumber(arn: String) -> String {
        arn.split(separator: "/").last.map(String.init) ?? arn
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// A model package group name: 1–63 letters, digits and hyphens, not starting or
    /// ending with a hyphen (SageMaker's rule), on top of mlgate's own rules.
    static func validate(group: String, alias: String?) throws(PromotionError) {
        try RegistryNames.validate(model: group, alias: alias)
        guard group.count <= 63, group.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }), group.first != "-",
            group.last != "-"
        else {
            throw PromotionError(.usage, "model name '\(group)': a SageMaker model package group name has 1 to 63 letters, digits and hyphens (not first or last)")
        }
    }

    /// A few words on what to do about common AWS errors.
    static func hint(_ error: AWSErrorResponse, _ store: S3Location?) -> String {
        switch error.code {
        case "NoSuchBucket":
            " (mlgate does not create buckets: create s3://\(store?.bucket ?? "BUCKET") in the registry's region, or name another in the registry reference or MLGATE_SAGEMAKER_BUCKET)"
        case "AccessDenied", "AccessDeniedException", "UnrecognizedClientException", "InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "InvalidClientTokenId":
            " (check the credentials and that their role may do what docs/registry-sagemaker.md lists)"
        default: ""
        }
    }
}
