import Foundation

/// A GitHub or GitLab that keeps one merge request's comments in memory, behind a
/// ``LocalHTTPServer``: lists them a few per page (with `Link`, and `X-Next-Page` on
/// GitLab), creates and updates them, and answers every request with `failure` when
/// one is set. Checks the token on every request.
final class FakeForge: @unchecked Sendable {
    enum Kind { case github, gitlab }

    let kind: Kind
    let token: String
    let pageSize: Int
    private let lock = NSLock()
    private var stored: [(id: Int, body: String)] = []
    private var nextID = 1000
    private var failureResponse: LocalHTTPServer.Response?
    private(set) var server: LocalHTTPServer!

    /// GitHub's API lives at the root; GitLab's under /api/v4.
    var apiPath: String { kind == .github ? "" : "/api/v4" }
    var apiURL: String { server.baseURL + apiPath }

    init(_ kind: Kind, token: String = "s3cr3t-token-value", pageSize: Int = 2, comments: [String] = []) throws {
        self.kind = kind
        self.token = token
        self.pageSize = pageSize
        for body in comments { stored.append((nextID, body)); nextID += 1 }
        server = try LocalHTTPServer { [unowned self] request in self.handle(request) }
    }

    deinit { server.stop() }

    var comments: [(id: Int, body: String)] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    /// Every later request is answered with this.
    func fail(with response: LocalHTTPServer.Response?) {
        lock.lock()
        failureResponse = response
        lock.unlock()
    }

    private func handle(_ request: LocalHTTPServer.Request) -> LocalHTTPServer.Response {
        lock.lock()
        defer { lock.unlock() }
        if let failureResponse { return failureResponse }
        let authorized =
            kind == .github ? request.headers["authorization"] == "Bearer \(token)" : request.headers["private-token"] == token
        guard authorized else { return .json(401, ["message": "Bad credentials"]) }
        let path = String(request.path.dropFirst(apiPath.count))
        let parts = path.split(separator: "/").map(String.init)
        let body = (try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any]
        switch (request.method, parts.last) {
        case ("GET", _):
            let page = Int(request.query["page"] ?? "1") ?? 1
            let slice = Array(stored.dropFirst((page - 1) * pageSize).prefix(pageSize))
            var headers: [String: String] = [:]
            if page * pageSize < stored.count {
                var next = URLComponents(string: server.baseURL + request.target)!
                next.queryItems = (next.queryItems ?? []).filter { $0.name != "page" } + [URLQueryItem(name: "page", value: String(page + 1))]
                headers["Link"] = "<\(next.url!.absoluteString)>; rel=\"next\""
                if kind == .gitlab { headers["X-Next-Page"] = String(page + 1) }
            }
            return .json(200, slice.map { comment in
                kind == .github
                    ? ["id": comment.id, "body": comment.body, "user": ["login": "github-actions[bot]"]] as [String: Any]
                    : ["id": comment.id, "body": comment.body, "system": false] as [String: Any]
            }, headers: headers)
        case ("POST", _):
            guard let text = body?["body"] as? String else { return .json(422, ["message": "Validation Failed"]) }
            stored.append((nextID, text))
            nextID += 1
            return .json(201, ["id": nextID - 1, "body": text, "html_url": "https://forge.example/pr/7#comment-\(nextID - 1)"])
        case ("PATCH", let last?), ("PUT", let last?):
            guard let id = Int(last), let index = stored.firstIndex(where: { $0.id == id }) else { return .json(404, ["message": "Not Found"]) }
            guard let text = body?["body"] as? String else { return .json(422, ["message": "Validation Failed"]) }
            stored[index].body = text
            return .json(200, ["id": id, "body": text])
        default:
            return .json(405, ["message": "method not allowed"])
        }
    }
}
