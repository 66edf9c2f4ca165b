import Foundation
#if canImport(FoundationNetworking) && !MLGATE_NO_NETWORKING
import FoundationNetworking
#endif

/// One HTTP request and its response, through Foundation's URLSession, with a timeout
/// so that an unresponsive server never hangs a CI job.
struct HTTPExchange: Sendable {
    /// A response: status, headers (names lower-cased), body.
    struct Response: Sendable {
        var status: Int
        var headers: [String: String]
        var body: Data
    }

    /// Seconds a request may take, all in all.
    var timeout: TimeInterval = 30
    /// Texts never to show (the token): replaced in every message.
    var secrets: [String] = []

    /// Sends `method url` with `headers` and `body`.
    func send(_ method: String, _ url: URL, headers: [String: String], body: Data? = nil) async throws(CommentError) -> Response {
        #if MLGATE_NO_NETWORKING
        throw CommentError("this mlgate is the static build (scripts/build-static.sh), which has no HTTP client: post the comment with an mlgate built by 'swift build' or with the image of ci-templates/Dockerfile")
        #else
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = method
        request.httpBody = body
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        do {
            let (data, response) = try await session.data(for: request)
            guard let http = response as? HTTPURLResponse else { throw CommentError("\(method) \(url.path): no HTTP response") }
            var fields: [String: String] = [:]
            for (name, value) in http.allHeaderFields {
                if let name = name as? String, let value = value as? String { fields[name.lowercased()] = value }
            }
            return Response(status: http.statusCode, headers: fields, body: data)
        } catch let error as CommentError {
            throw error
        } catch {
            throw CommentError(redact("\(method) \(url.host ?? "")\(url.path): cannot reach the API: \(error.localizedDescription)"))
        }
        #endif
    }

    /// `text` without any secret.
    func redact(_ text: String) -> String {
        secrets.filter { !$0.isEmpty }.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
    }
}
