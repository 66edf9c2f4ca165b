import CMLGateCurl
import Foundation

/// One HTTP request and its response, through libcurl, with a timeout so that an
/// unresponsive server never hangs a CI job.
///
/// libcurl is loaded the first time a request is sent (`CMLGateCurl`), not when mlgate
/// starts: linking it, as Foundation's URLSession does on Linux, maps it and the two dozen
/// libraries it needs into every run, ~4 ms and ~4 MB of each gate that sends nothing.
/// libcurl takes the proxy from `https_proxy`/`http_proxy` and `no_proxy`, checks
/// certificates against the system's, follows redirects (http and https only) and decodes
/// compressed bodies, as URLSession did.
struct HTTPExchange: Sendable {
    /// A response: status, headers (names lower-cased), body.
    struct Response: Sendable {
        var status: Int
        var headers: [String: String]
        var body: Data
    }

    /// Why no response came (no connection, a timeout, no libcurl): words for a CI log,
    /// without any secret.
    struct Failure: Error, Sendable, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Seconds a request may take, all in all.
    var timeout: TimeInterval = 30
    /// Texts never to show (a token): replaced in every message.
    var secrets: [String] = []

    /// Sends `method url` with `headers` and `body`; an answer of any status is a response.
    func send(_ method: String, _ url: URL, headers: [String: String], body: Data? = nil) async throws(Failure) -> Response {
        #if MLGATE_NO_NETWORKING
        throw Failure(message: "this mlgate is the static build (scripts/build-static.sh), which has no HTTP client: use an mlgate built by 'swift build' or the image of ci-templates/Dockerfile")
        #else
        let lines = headers.map { "\($0.key): \($0.value)" }
        let milliseconds = Int(max(1, (timeout * 1000).rounded(.up)))
        let outcome: Result<Response, Failure> = await withCheckedContinuation { continuation in
            // libcurl blocks: its wait is a thread's of its own, not one of the pool's.
            Thread.detachNewThread {
                continuation.resume(returning: Self.perform(method, url.absoluteString, lines, body, milliseconds))
            }
        }
        switch outcome {
        case .success(let response): return response
        case .failure(let failure): throw Failure(message: redact(failure.message))
        }
        #endif
    }

    /// `text` without any secret.
    func redact(_ text: String) -> String {
        secrets.filter { !$0.isEmpty }.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
    }

    /// One blocking exchange through libcurl.
    private static func perform(_ method: String, _ url: String, _ headers: [String], _ body: Data?, _ milliseconds: Int) -> Result<Response, Failure> {
        var response = mlgate_curl_response()
        let names = headers.map { strdup($0) }
        defer { names.forEach { free($0) } }
        var pointers = names.map { UnsafePointer<CChar>($0) }
        let code = pointers.withUnsafeMutableBufferPointer { list in
            list.withMemoryRebound(to: UnsafePointer<CChar>?.self) { list in
                (body ?? Data()).withUnsafeBytes { bytes in
                    mlgate_curl_perform(method, url, list.baseAddress, list.count, body == nil ? 0 : 1, bytes.baseAddress, bytes.count, milliseconds, &response)
                }
            }
        }
        defer { mlgate_curl_response_free(&response) }
        guard code == 0 else {
            let message = withUnsafeBytes(of: response.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            return .failure(Failure(message: message))
        }
        let block = response.headers.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: response.headers_length), as: UTF8.self) } ?? ""
        let data = response.body.map { Data(bytes: $0, count: response.body_length) } ?? Data()
        return .success(Response(status: response.status, headers: fields(block), body: data))
    }

    /// A response's header block as fields, names lower-cased; a repeated field's values
    /// joined by ", " (RFC 9110 §5.3).
    static func fields(_ block: String) -> [String: String] {
        var fields: [String: String] = [:]
        for line in block.split(whereSeparator: { $0 == "\r\n" || $0 == "\n" }).dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            fields[name] = fields[name].map { "\($0), \(value)" } ?? value
        }
        return fields
    }
}
