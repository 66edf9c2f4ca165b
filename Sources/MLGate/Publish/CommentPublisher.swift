import Foundation

/// Creates the merge request's mlgate comment, or updates in place the one that carries
/// the same marker: lists the comments page by page, oldest first, and replaces the
/// first one that holds the marker line; creates one if none does.
public struct CommentPublisher: Sendable {
    /// What was done.
    public struct Published: Sendable, Hashable {
        /// Whether an existing comment was updated (else one was created).
        public var updated: Bool
        /// The comment's ID.
        public var id: Int?
        /// Its web address, when the API gave one.
        public var url: String?
    }

    /// Where the comment goes.
    public var destination: CommentDestination
    /// Seconds each request may take.
    public var timeout: TimeInterval
    /// Pages of 100 comments read at most while looking for the marker.
    public var maximumPages = 50

    /// Creates a publisher.
    public init(destination: CommentDestination, timeout: TimeInterval = 30) {
        self.destination = destination
        self.timeout = timeout
    }

    /// Posts `body`, found again by the line `marker` (``CommentRenderer/markerLine(_:)``).
    public func publish(body: String, marker: String) async throws(CommentError) -> Published {
        let thread: any CommentThread =
            switch destination.provider {
            case .github: GitHubIssueComments(destination: destination)
            case .gitlab: GitLabMergeRequestNotes(destination: destination)
            }
        let http = HTTPExchange(timeout: timeout, secrets: [destination.token])
        var existing: Int?
        var page: URL? = thread.firstPage
        var pages = 0
        while let current = page, existing == nil, pages < maximumPages {
            let response = try await exchange(http, "GET", current, headers: thread.headers)
            try check(response, "GET", current, thread: thread, http: http)
            guard let comments = thread.comments(in: response.body) else {
                throw CommentError("GET \(current.path): the answer is not a list of comments (expected JSON from the \(destination.provider.rawValue) API at \(destination.api.absoluteString))")
            }
            existing = comments.first { Self.holds($0.body, marker: marker) }?.id
            page = thread.nextPage(after: response, page: current)
            pages += 1
        }
        let request = existing.map { thread.update(id: $0) } ?? thread.create
        let payload = try! JSONSerialization.data(withJSONObject: ["body": body])
        let response = try await exchange(http, request.method, request.url, headers: thread.headers, body: payload)
        try check(response, request.method, request.url, thread: thread, http: http)
        let object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any]
        let url = object?["html_url"] as? String
        return Published(updated: existing != nil, id: object?["id"] as? Int ?? existing, url: url)
    }

    /// Whether a comment's body carries the marker on a line of its own.
    static func holds(_ body: String, marker: String) -> Bool {
        body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).contains { $0.trimmingCharacters(in: .whitespaces) == marker }
    }

    /// One request, or an error naming the API it could not reach.
    private func exchange(_ http: HTTPExchange, _ method: String, _ url: URL, headers: [String: String], body: Data? = nil)
        async throws(CommentError) -> HTTPExchange.Response
    {
        do {
            return try await http.send(method, url, headers: headers, body: body)
        } catch {
            throw CommentError(http.redact("\(method) \(url.host ?? "")\(url.path): cannot reach the API: \(error.message)"))
        }
    }

    private func check(_ response: HTTPExchange.Response, _ method: String, _ url: URL, thread: any CommentThread, http: HTTPExchange)
        throws(CommentError)
    {
        guard !(200..<300).contains(response.status) else { return }
        let message = Self.apiMessage(response.body).map { ": \($0)" } ?? ""
        throw CommentError(
            http.redact("\(method) \(url.path) answered \(response.status)\(message) — \(thread.advice(status: response.status))"),
            status: response.status)
    }

    /// The API's own words: GitHub's `message` (and its `errors`), GitLab's `message` or
    /// `error` (a string, or fields with their problems); else the start of the body.
    static func apiMessage(_ body: Data) -> String? {
        func words(_ value: Any) -> String? {
            switch value {
            case let text as String: return text
            case let list as [Any]: return list.compactMap(words).joined(separator: "; ")
            case let object as [String: Any]:
                if let message = object["message"] as? String { return message }
                return object.keys.sorted().compactMap { key in words(object[key]!).map { "\(key) \($0)" } }.joined(separator: "; ")
            default: return nil
            }
        }
        var text: String?
        if let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] {
            var parts: [String] = []
            if let message = object["message"].flatMap(words) { parts.append(message) }
            if let error = object["error"].flatMap(words) { parts.append(error) }
            if let errors = object["errors"].flatMap(words), !errors.isEmpty { parts.append(errors) }
            text = parts.isEmpty ? nil : parts.joined(separator: ": ")
        } else if !body.isEmpty {
            text = String(decoding: body.prefix(300), as: UTF8.self)
        }
        guard let text else { return nil }
        let line = text.replacingOccurrences(of: "\n", with: " ")
        return line.count > 500 ? String(line.prefix(500)) + "…" : line
    }
}
