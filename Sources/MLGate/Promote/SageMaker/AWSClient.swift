import Foundation

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
        let signer = AWSSigV4(credentials: environment.credentials, region: environment.region, service: prepared.service)
        var headers: [String: String] = [:]
        for (name, value) in signer.sign(prepared.request, at: now()) where name != "Host" { headers[name] = value }
        let hasBody = !prepared.request.body.isEmpty || prepared.request.method == "PUT"
        do {
            let answer = try await HTTPExchange(timeout: 60).send(prepared.request.method, prepared.url, headers: headers, body: hasBody ? prepared.request.body : nil)
            return Response(status: answer.status, headers: answer.headers, body: answer.body)
        } catch {
            throw PromotionError(
                .registry, "\(what): no answer from \(Self.host(prepared.url)): \(error.message) (is the endpoint right? AWS_ENDPOINT_URL, AWS_REGION)")
        }
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
