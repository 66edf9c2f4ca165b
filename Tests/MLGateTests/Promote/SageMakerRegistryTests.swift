import Foundation
import Testing
@testable import MLGate

/// The SageMaker registry's requests, environment and error handling, against a local
/// HTTP server that answers as S3 and SageMaker do (the moto end-to-end test is
/// IntegrationTests/tests_03_promotion/test_04_sagemaker_registry.sh).
@Suite("SageMaker registry")
struct SageMakerRegistryTests {
    static let secret = "unit-test-secret-Zx81"

    static func environment(_ server: LocalHTTPServer?, _ extra: [String: String] = [:]) -> [String: String] {
        var environment = [
            "AWS_ACCESS_KEY_ID": "AKIATEST", "AWS_SECRET_ACCESS_KEY": secret, "AWS_SESSION_TOKEN": "token-1",
            "AWS_REGION": "eu-west-1", "HOME": "/nonexistent-mlgate-home",
        ]
        if let server { environment["AWS_ENDPOINT_URL"] = server.baseURL }
        return environment.merging(extra) { $1 }
    }

    /// A server playing S3 and SageMaker; `fail` names an action (`PUT`, `CreateModelPackage`)
    /// to answer with `failure`.
    static func server(fail: String? = nil, failure: LocalHTTPServer.Response? = nil) throws -> LocalHTTPServer {
        try LocalHTTPServer { request in
            let action = request.headers["x-amz-target"].map { String($0.dropFirst("SageMaker.".count)) } ?? request.method
            if action == fail, let failure { return failure }
            switch action {
            case "GET":
                return .init(status: 404, body: Data("<?xml version=\"1.0\"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>".utf8))
            case "PUT", "DELETE": return .init(status: request.method == "PUT" ? 200 : 204)
            case "DescribeModelPackageGroup": return .json(200, ["ModelPackageGroupName": "loans"])
            case "CreateModelPackageGroup": return .json(200, ["ModelPackageGroupArn": "arn:aws:sagemaker:eu-west-1:123456789012:model-package-group/loans"])
            case "CreateModelPackage": return .json(200, ["ModelPackageArn": "arn:aws:sagemaker:eu-west-1:123456789012:model-package/loans/3"])
            default: return .json(400, ["__type": "UnknownOperationException", "message": action])
            }
        }
    }

    static func promote(_ server: LocalHTTPServer, key: VerificationKey?, signWith signing: SigningKey?) async throws
        -> Result<PromotedVersion, PromotionError>
    {
        let fixture = try PromotionFixture()
        let report = PromotionFixture.report(.passed)
        let json = try PromotionFixture.json(report)
        try json.write(to: fixture.folder.appendingPathComponent("report.json"))
        let attestation = try await fixture.attest(report, key: signing, jsonReport: json)
        let registry = SageMakerRegistry(location: URL(string: "s3://models-bucket/gate")!, environment: environment(server))
        let promoter = Promoter(
            attestation: (attestation, "attestation.json"), artifact: (fixture.model, "model.bin"), report: nil, key: key,
            model: "loans", alias: "champion")
        do throws(PromotionError) {
            let (promoted, _) = try await promoter.run(into: registry)
            return .success(promoted)
        } catch {
            return .failure(error)
        }
    }

    static func body(_ request: LocalHTTPServer.Request) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: request.body) as? [String: Any]) ?? [:]
    }

    @Test func aVerifiedAttestationIsRegisteredApprovedWithItsEvidence() async throws {
        let server = try Self.server()
        defer { server.stop() }
        let signing = SigningKey()
        let promoted = try await Self.promote(server, key: signing.publicKey, signWith: signing).get()
        #expect(promoted.version == "3" && promoted.created && promoted.location == "arn:aws:sagemaker:eu-west-1:123456789012:model-package/loans/3 (ModelApprovalStatus Approved)")

        let requests = server.requests
        let puts = requests.filter { $0.method == "PUT" }.map(\.path)
        #expect(puts == [
            "/models-bucket/gate/loans/sha256-\(ArtifactDigest.sha256(of: Data("weights v1".utf8)))/model/model.bin",
            "/models-bucket/gate/loans/sha256-\(ArtifactDigest.sha256(of: Data("weights v1".utf8)))/mlgate/attestation.json",
            "/models-bucket/gate/loans/sha256-\(ArtifactDigest.sha256(of: Data("weights v1".utf8)))/mlgate/report.json",
            "/models-bucket/gate/loans/sha256-\(ArtifactDigest.sha256(of: Data("weights v1".utf8)))/mlgate/metrics.json",
            "/models-bucket/gate/loans/sha256-\(ArtifactDigest.sha256(of: Data("weights v1".utf8)))/mlgate/model-package.json",
        ])
        let create = try #require(requests.first { $0.headers["x-amz-target"] == "SageMaker.CreateModelPackage" })
        let body = Self.body(create)
        #expect(body["ModelApprovalStatus"] as? String == "Approved")
        #expect(body["ModelPackageGroupName"] as? String == "loans")
        let metadata = try #require(body["CustomerMetadataProperties"] as? [String: String])
        #expect(metadata["mlgate.artifact_sha256"] == ArtifactDigest.sha256(of: Data("weights v1".utf8)))
        #expect(metadata["mlgate.metric.model.roc_auc"] == "0.81")
        #expect(metadata["mlgate.signature"] == "verified:\(signing.publicKey.keyID)")
        #expect(metadata["mlgate.alias.champion"] != nil)
        let statistics = ((body["ModelMetrics"] as? [String: Any])?["ModelQuality"] as? [String: Any])?["Statistics"] as? [String: String]
        #expect(statistics?["S3Uri"]?.hasSuffix("/mlgate/metrics.json") == true)
        // The model package is created only after every upload.
        let createIndex = try #require(requests.firstIndex { $0.headers["x-amz-target"] == "SageMaker.CreateModelPackage" })
        #expect(requests[..<createIndex].filter { $0.method == "PUT" }.count == 4)
    }

    @Test func everyRequestIsSignedAsItWasSent() async throws {
        let server = try Self.server()
        defer { server.stop() }
        _ = try await Self.promote(server, key: nil, signWith: nil).get()
        let signer = AWSSigV4(
            credentials: AWSCredentials(accessKeyID: "AKIATEST", secretAccessKey: Self.secret, sessionToken: "token-1"),
            region: "eu-west-1", service: "s3")
        #expect(server.requests.count >= 7)
        for request in server.requests {
            let authorization = try #require(request.headers["authorization"])
            let service = request.headers["x-amz-target"] == nil ? "s3" : "sagemaker"
            #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIATEST/"))
            #expect(authorization.contains("/eu-west-1/\(service)/aws4_request, SignedHeaders="))
            #expect(request.headers["x-amz-security-token"] == "token-1")
            if service == "s3" { #expect(request.headers["x-amz-content-sha256"] == ArtifactDigest.sha256(of: request.body)) }
            // Re-sign what arrived with the signed headers: the same signature, so nothing
            // the client sent differs from what was signed.
            let signedNames = authorization.components(separatedBy: "SignedHeaders=")[1].components(separatedBy: ",")[0].split(separator: ";")
            let headers = signedNames.filter { $0 != "x-amz-date" && $0 != "x-amz-security-token" }
                .map { (String($0), request.headers[String($0)] ?? "") }
            var resigner = signer
            resigner.service = service
            let date = try #require(request.headers["x-amz-date"])
            let parsed = try #require(Self.amzDate(date))
            let again = resigner.sign(
                .init(method: request.method, path: request.path.removingPercentEncoding ?? request.path, headers: headers, body: request.body),
                at: parsed)
            #expect(again.last?.value == authorization)
        }
    }

    static func amzDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.date(from: text)
    }

    @Test func anUnverifiedAttestationWaitsForManualApproval() async throws {
        let server = try Self.server()
        defer { server.stop() }
        let signing = SigningKey()
        _ = try await Self.promote(server, key: nil, signWith: signing).get()
        let create = try #require(server.requests.first { $0.headers["x-amz-target"] == "SageMaker.CreateModelPackage" })
        #expect(Self.body(create)["ModelApprovalStatus"] as? String == "PendingManualApproval")
        #expect((Self.body(create)["ModelPackageDescription"] as? String)?.contains("signed, not checked") == true)
    }

    @Test func aFailedCreationDeletesTheUploadsAndRegistersNothing() async throws {
        let server = try Self.server(
            fail: "CreateModelPackage",
            failure: .json(400, ["__type": "com.amazon.coral.validate#ValidationException", "message": "Model Package Group is being deleted"]))
        defer { server.stop() }
        let result = try await Self.promote(server, key: nil, signWith: nil)
        guard case .failure(let error) = result else { Issue.record("promoted despite the failure"); return }
        #expect(error.code == .registry && !error.isRefusal)
        #expect(error.message.contains("CreateModelPackage: HTTP 400 ValidationException: Model Package Group is being deleted"))
        #expect(error.message.contains("nothing was registered, and the 4 object(s) uploaded before were deleted"))
        let uploaded = Set(server.requests.filter { $0.method == "PUT" }.map(\.path))
        let deleted = Set(server.requests.filter { $0.method == "DELETE" }.map(\.path))
        #expect(uploaded.count == 4 && deleted == uploaded)
        #expect(!error.message.contains(Self.secret))
    }

    @Test func accessDeniedOnUploadStopsBeforeAnyModelPackage() async throws {
        let server = try Self.server(
            fail: "PUT",
            failure: .init(status: 403, body: Data("<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>1</RequestId></Error>".utf8)))
        defer { server.stop() }
        guard case .failure(let error) = try await Self.promote(server, key: nil, signWith: nil) else {
            Issue.record("promoted despite AccessDenied")
            return
        }
        #expect(error.message.contains("HTTP 403 AccessDenied: Access Denied"))
        #expect(error.message.contains("nothing was uploaded or registered"))
        #expect(!server.requests.contains { $0.headers["x-amz-target"] == "SageMaker.CreateModelPackage" })
        #expect(!error.message.contains(Self.secret))
    }

    @Test func aMissingGroupIsCreatedAndAMissingBucketIsNamed() async throws {
        let server = try Self.server(
            fail: "DescribeModelPackageGroup",
            failure: .json(400, ["__type": "ValidationException", "message": "ModelPackageGroup arn:aws:sagemaker:eu-west-1:1:model-package-group/loans does not exist."]))
        defer { server.stop() }
        _ = try await Self.promote(server, key: nil, signWith: nil).get()
        #expect(server.requests.contains { $0.headers["x-amz-target"] == "SageMaker.CreateModelPackageGroup" })

        let noBucket = try Self.server(
            fail: "GET", failure: .init(status: 404, body: Data("<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message></Error>".utf8)))
        defer { noBucket.stop() }
        guard case .failure(let error) = try await Self.promote(noBucket, key: nil, signWith: nil) else {
            Issue.record("promoted without a bucket")
            return
        }
        #expect(error.message.contains("NoSuchBucket: The specified bucket does not exist (mlgate does not create buckets"))
        #expect(noBucket.requests.count == 1, "nothing after the bucket was found missing")
    }

    @Test func theChampionIsTheApprovedVersionTheAliasWasSetOnLast() async throws {
        let report = Data("{\"report\": 1}".utf8)
        let server = try LocalHTTPServer { request in
            switch request.headers["x-amz-target"] {
            case "SageMaker.ListModelPackages":
                return .json(200, ["ModelPackageSummaryList": [["ModelPackageArn": "arn:p/loans/2"], ["ModelPackageArn": "arn:p/loans/1"]]])
            case "SageMaker.DescribeModelPackage":
                let arn = SageMakerRegistryTests.body(request)["ModelPackageName"] as? String ?? ""
                let alias = arn.hasSuffix("/1") ? "2026-12-02T10:00:00.000Z" : "2026-12-01T10:00:00.000Z"
                return .json(200, [
                    "ModelPackageVersion": arn.hasSuffix("/1") ? 1 : 2,
                    "CustomerMetadataProperties": [
                        "mlgate.alias.champion": alias, "mlgate.report": "s3://models-bucket/r\(arn.suffix(1)).json",
                        "mlgate.report_sha256": ArtifactDigest.sha256(of: report),
                    ],
                ])
            default:
                return request.path.hasSuffix("/r1.json") ? .init(status: 200, body: report) : .init(status: 404)
            }
        }
        defer { server.stop() }
        let registry = SageMakerRegistry(location: URL(string: "s3:")!, environment: Self.environment(server, ["MLGATE_SAGEMAKER_BUCKET": "models-bucket"]))
        let champion = try await registry.report(model: "loans", alias: "champion")
        #expect(champion.version == "1" && champion.data == report)
        let list = try #require(server.requests.first { $0.headers["x-amz-target"] == "SageMaker.ListModelPackages" })
        #expect(Self.body(list)["ModelApprovalStatus"] as? String == "Approved")
        await #expect(throws: PromotionError.self) { try await registry.report(model: "loans", alias: "approved") }  // version 2's report is missing
    }

    // MARK: Environment and references

    @Test func credentialsComeFromTheEnvironmentThenTheSharedFiles() throws {
        let folder = try Fixtures.temporaryDirectory()
        let credentials = folder.appendingPathComponent("credentials")
        try Data("# comment\n[default]\naws_access_key_id=DEFAULTKEY\naws_secret_access_key = s1\n\n[ci]\naws_access_key_id = CIKEY\naws_secret_access_key = s2\naws_session_token = t2\n".utf8).write(to: credentials)
        let config = folder.appendingPathComponent("config")
        try Data("[default]\nregion = us-west-2\n[profile ci]\nregion = ap-south-1\n[profile sso]\nsso_session = corp\n".utf8).write(to: config)
        let files = ["AWS_SHARED_CREDENTIALS_FILE": credentials.path, "AWS_CONFIG_FILE": config.path]

        let fromEnvironment = try AWSEnvironment(Self.environment(nil, files))
        #expect(fromEnvironment.credentials == AWSCredentials(accessKeyID: "AKIATEST", secretAccessKey: Self.secret, sessionToken: "token-1"))
        #expect(fromEnvironment.region == "eu-west-1" && fromEnvironment.s3Endpoint == nil)

        let fromFile = try AWSEnvironment(files.merging(["AWS_PROFILE": "ci"]) { $1 })
        #expect(fromFile.credentials == AWSCredentials(accessKeyID: "CIKEY", secretAccessKey: "s2", sessionToken: "t2"))
        #expect(fromFile.region == "ap-south-1")
        #expect(try AWSEnvironment(files).credentials.accessKeyID == "DEFAULTKEY")
        #expect(try AWSEnvironment(files).region == "us-west-2")

        #expect(throws: PromotionError.self) { try AWSEnvironment(files.merging(["AWS_PROFILE": "sso"]) { $1 }) }
        do {
            _ = try AWSEnvironment(files.merging(["AWS_PROFILE": "sso"]) { $1 })
        } catch {
            #expect(error.code == .usage && error.message.contains("sso_session") && error.message.contains("export-credentials"))
        }
        do {
            _ = try AWSEnvironment(["AWS_ACCESS_KEY_ID": "K", "AWS_SECRET_ACCESS_KEY": Self.secret, "HOME": "/nonexistent-mlgate-home"])
            Issue.record("no region accepted")
        } catch {
            #expect(error.message.contains("no AWS region") && !error.message.contains(Self.secret))
        }
    }

    @Test func endpointsFollowTheSDKVariables() throws {
        let base = Self.environment(nil)
        let both = try AWSEnvironment(base.merging(["AWS_ENDPOINT_URL": "http://127.0.0.1:1", "AWS_ENDPOINT_URL_S3": "http://127.0.0.1:2"]) { $1 })
        #expect(both.s3Endpoint?.port == 2 && both.sageMakerEndpoint?.port == 1)
        let ignored = try AWSEnvironment(base.merging(["AWS_ENDPOINT_URL": "http://127.0.0.1:1", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"]) { $1 })
        #expect(ignored.s3Endpoint == nil && ignored.sageMakerEndpoint == nil)
        #expect(throws: PromotionError.self) { try AWSEnvironment(base.merging(["AWS_ENDPOINT_URL": "ftp://x"]) { $1 }) }

        let aws = AWSClient(environment: try AWSEnvironment(base))
        #expect(aws.s3("PUT", bucket: "models", key: "a b/c.json").url.absoluteString == "https://models.s3.eu-west-1.amazonaws.com/a%20b/c.json")
        #expect(aws.s3("GET", bucket: "my.models", key: "k").url.absoluteString == "https://s3.eu-west-1.amazonaws.com/my.models/k")
        let call = aws.sageMaker("ListModelPackages", ["MaxResults": 1])
        #expect(call.url.absoluteString == "https://api.sagemaker.eu-west-1.amazonaws.com/")
        #expect(call.request.headers.contains { $0 == ("X-Amz-Target", "SageMaker.ListModelPackages") })
        #expect(call.request.headers.contains { $0 == ("Content-Type", "application/x-amz-json-1.1") })
        #expect(call.service == "sagemaker" && String(decoding: call.request.body, as: UTF8.self) == "{\"MaxResults\":1}")
        let local = AWSClient(environment: both)
        #expect(local.s3("PUT", bucket: "models", key: "k").url.absoluteString == "http://127.0.0.1:2/models/k")
        #expect(local.s3("PUT", bucket: "models", key: "k").request.headers.first?.value == "127.0.0.1:2")
    }

    @Test func registryReferences() throws {
        let here = URL(fileURLWithPath: "/")
        let location = try RegistryLocation(parsing: "sagemaker:s3://models-bucket/gate/v1", relativeTo: here)
        #expect(location.scheme == "sagemaker" && location.description == "sagemaker:s3://models-bucket/gate/v1")
        #expect(try RegistryLocation(parsing: "sagemaker:models-bucket", relativeTo: here).description == "sagemaker:s3://models-bucket")
        #expect(try RegistryLocation(parsing: "sagemaker:", relativeTo: here).description == "sagemaker:")
        let alias = try RegistryAliasReference(parsing: "sagemaker:s3://models-bucket/gate#loans@champion", relativeTo: here)
        #expect(alias.model == "loans" && alias.alias == "champion" && alias.registry.url.host == "models-bucket")
        for bad in ["sagemaker:s3://Upper", "sagemaker:s3://ab", "sagemaker:s3://bucket/../up"] {
            #expect(throws: PromotionError.self, "\(bad)") { try RegistryLocation(parsing: bad, relativeTo: here) }
        }
        #expect(throws: PromotionError.self) { try SageMakerRegistry.validate(group: "loans_v2", alias: nil) }
        #expect(throws: PromotionError.self) { try SageMakerRegistry.validate(group: "-loans", alias: nil) }
        try SageMakerRegistry.validate(group: "loans-v2", alias: "champion")
    }

    @Test func theAliasApprovedCannotBeSet() async throws {
        let server = try Self.server()
        defer { server.stop() }
        let fixture = try PromotionFixture()
        let attestation = try await fixture.attest(PromotionFixture.report(.passed))
        let registry = SageMakerRegistry(location: URL(string: "s3://models-bucket")!, environment: Self.environment(server))
        let promoter = Promoter(
            attestation: (attestation, "attestation.json"), artifact: (fixture.model, "model.bin"), report: nil, key: nil,
            model: "loans", alias: "approved")
        await #expect(throws: PromotionError.self) { _ = try await promoter.run(into: registry) }
        #expect(server.requests.isEmpty)
    }

    @Test func awsErrorsAreReadFromXMLJSONOrTheHeaderAndGarbageIsNoCrash() {
        let xml = AWSErrorResponse(status: 403, headers: [:], body: Data("<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code><Message>a &amp; b</Message></Error>".utf8))
        #expect(xml.code == "AccessDenied" && xml.message == "a & b" && xml.description == "HTTP 403 AccessDenied: a & b")
        let json = AWSErrorResponse(status: 400, headers: [:], body: Data("{\"__type\":\"com.amazonaws.sagemaker#ResourceLimitExceeded:http://internal\",\"Message\":\"too many\"}".utf8))
        #expect(json.code == "ResourceLimitExceeded" && json.message == "too many")
        let header = AWSErrorResponse(status: 403, headers: ["x-amzn-errortype": "AccessDeniedException:http://x"], body: Data())
        #expect(header.description == "HTTP 403 AccessDeniedException")
        for garbage in [Data([0xff, 0xfe, 0x00]), Data("<Code>".utf8), Data("</Code><Code>".utf8), Data("[1,2]".utf8), Data("\"x\"".utf8)] {
            #expect(AWSErrorResponse(status: 500, headers: [:], body: garbage).status == 500)
        }
    }

    @Test func theMetricsDocumentHoldsEveryValueEvenNotFinite() throws {
        let data = SageMakerRegistry.metricsDocument([("model.auc", 0.8), ("model.rmse", .nan)])
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: [String: Any]]])
        #expect(object["mlgate_metrics"]?["model.auc"]?["value"] as? Double == 0.8)
        #expect(object["mlgate_metrics"]?["model.rmse"]?["value"] as? String == "NaN")
    }
}
