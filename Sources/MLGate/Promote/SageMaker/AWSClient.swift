import Foundation

#if canImport(FoundationNetworking) && !MLGATE_NO_NETWORKING
import FoundationNetworking
#endif

/// The two AWS APIs the SageMaker registry calls, signed with ``AWSSigV4``: S3's REST API
/// (objects in a bucket) and SageMaker's JSON 1.1 API (`POST /` with `X-Amz-Target`).
struct AWSClient: Sendable {
    var environment: AWSEnvironment
    /// The clock that dates signatures (fixed in tests).
    var now: @Sendable () -> Date = { Date() }

    /// An answer: the HTTP status, headers (names lowercased) and body.
    struct Response: Sendable {
        var status: Int
        var headers: [String: String]
        var body: Data

        var isSuccess: Bool { (200..<300).contains(status) }
        /// AWS's error code and message, from the body (S3's XML, SageMaker's JSON) or the
        /// `x-amzn-ErrorType` header; the status alone when neither says more.
        var error: AWSErrorResponse { AWSErrorResponse(status: status, headers: headers, body: body) }
    }

    /// A request ready to send: where, and what is signed.
    struct Prepared: Sendable {
        var url: URL
        var request: AWSSigV4.Request
        var service: String
    }

    // MARK: Building requests

    /// An S3 object request: virtual-hosted (`https://BUCKET.s3.REGION.amazonaws.com/KEY`)
    /// against AWS, path-style (`ENDPOINT/BUCKET/KEY`) against a configured endpoint or for a
    /// bucket name with dots.
    func s3(_ method: String, bucket: String, key: String, body: Data = Data(), contentType: String? = nil) -> Prepared {
        let base: URL
        let path: String
        if let endpoint = environment.s3Endpoint {
            base = endpoint
            path = endpoint.path.trimmingSuffix("/") + "/\(bucket)/\(key)"
        } else if bucket.contains(".") {
            base = URL(string: "https://s3.\(environment.region).\(domain)")!
            path = "/\(bucket)/\(key)"
        } else {
            base = URL(string: "https://\(bucket).s3.\(environment.region).\(domain)")!
            path = "/\(key)"
        }
        var headers = [("Host", Self.host(base)), ("x-amz-content-sha256", ArtifactDigest.sha256(of: body))]
        if let contentType { headers.append(("Content-Type", contentType)) }
        return Prepared(
            url: Self.url(base, path: path, query: []),
            request: .init(method: method, path: path, headers: headers, body: body), service: "s3")
    }

    /// A SageMaker API call: `POST /`, `X-Amz-Target: SageMaker.ACTION`, a JSON body.
    func sageMaker(_ action: String, _ body: [String: Any]) -> Prepared {
        let base = environment.sageMakerEndpoint ?? URL(string: "https://api.sagemaker.\(environment.region).\(domain)")!
        let path = base.path.isEmpty ? "/" : base.path
        let bytes = try! JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])
        return Prepared(
            url: Self.url(base, path: path, query: []),
            request: .init(
                method: "POST", path: path,
                headers: [
                    ("Host", Self.host(base)), ("Content-Type", "application/x-amz-json-1.1"),
                    ("X-Amz-Target", "SageMaker.\(action)"),
                ], body: bytes),
            service: "sagemaker")
    }

    private var domain: String { environment.region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com" }

    /// `host[:port]`, as the `Host` header carries it.
    static func host(_ url: URL) -> String {
        let host = url.host ?? ""
        let bracketed = host.contains(":") ? "[\(host)]" : host
        return url.port.map { "\(bracketed):\($0)" } ?? bracketed
    }

    static func url(_ base: URL, path: String, query: [(name: String, value: String)]) -> URL {
        var text = "\(base.scheme ?? "https")://\(host(base))\(AWSSigV4.encode(path, keepSlash: true))"
        if !query.isEmpty {
            text += "?" + query.map { "\(AWSSigV4.encode($0.name, keepSlash: false))=\(AWSSigV4.encode($0.value, keepSlash: false))" }
                .joined(separator: "&")
        }
        return URL(string: text)!
    }

    // MARK: Sending

    /// Signs and sends; a registry error naming what failed when no answer comes.
    func send(_ prepared: Prepared, what: String) async throws(PromotionError) -> Response {
        #if MLGATE_NO_NETWORKING
        throw PromotionError(.registry, "\(what): this mlgate is the static build (scripts/build-static.sh), which has no HTTP client: libcurl has no static library to link. Promote to SageMaker with an mlgate built by 'swift build' or with the image of ci-templates/Dockerfile")
        #else
        let signer = AWSSigV4(credentials: environment.credentials, region: environment.region, service: prepared.service)
        var request = URLRequest(url: prepared.url, timeoutInterval: 60)
        request.httpMethod = prepared.request.method
        if !prepared.request.body.isEmpty || prepared.request.method == "PUT" { request.httpBody = prepared.request.body }
        for (name, value) in signer.sign(prepared.request, at: now()) where name != "Host" {
            request.setValue(value, forHTTPHeaderField: name)
        }
        do {
            let (data, response) = try await URLSession.shared.data(for: request)
            let http = response as? HTTPURLResponse
            var headers: [String: String] = [:]
            for (name, value) in http?.allHeaderFields ?? [:] {
                if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
            }
            return Response(status: http?.statusCode ?? 0, headers: headers, body: data)
        } catch {
            throw PromotionError(
                .registry, "\(what): no answer from \(Self.host(prepared.url)): \(error.localizedDescription) (is the endpoint right? AWS_ENDPOINT_URL, AWS_REGION)")
        }
        #endif
    }
}

extension AWSClient.Response {
    /// The body as a JSON object (empty when it is not one).
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:]
    }
}

extension AWSClient {
    /// Sends, with `nil` for no answer (for clean-ups and optional reads).
    func sendResult(_ prepared: Prepared) async -> Response? {
        try? await send(prepared, what: "")
    }
}
