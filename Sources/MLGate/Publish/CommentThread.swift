import Foundation

/// The comments of one merge request, as a forge's API serves them: the pages to list,
/// how to read a page, and the requests that update or create one comment. One
/// conformance per forge (``GitHubIssueComments``, ``GitLabMergeRequestNotes``).
protocol CommentThread: Sendable {
    /// The first page of the comments, oldest first.
    var firstPage: URL { get }
    /// The headers of every request (authentication, media type).
    var headers: [String: String] { get }
    /// The comments of a page: ID and body.
    func comments(in page: Data) -> [(id: Int, body: String)]?
    /// The next page, from the response's pagination headers.
    func nextPage(after response: HTTPExchange.Response, page: URL) -> URL?
    /// The request that replaces the body of comment `id`.
    func update(id: Int) -> (method: String, url: URL)
    /// The request that creates a comment.
    var create: (method: String, url: URL) { get }
    /// What to tell the user for an error status, beside the API's message.
    func advice(status: Int) -> String
}

extension CommentThread {
    /// The `rel="next"` target of a `Link` header (RFC 8288), if on the same origin as
    /// `page`: the token never goes to another host.
    func linkNext(_ response: HTTPExchange.Response, page: URL) -> URL? {
        guard let link = response.headers["link"] else { return nil }
        for part in link.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let target = pieces.first, target.hasPrefix("<"), target.hasSuffix(">"),
                pieces.dropFirst().contains(where: { $0.replacingOccurrences(of: " ", with: "") == "rel=\"next\"" || $0 == "rel=next" }),
                let url = URL(string: String(target.dropFirst().dropLast()))
            else { continue }
            guard url.scheme == page.scheme, url.host == page.host, url.port == page.port else { return nil }
            return url
        }
        return nil
    }

    /// `base` + path segments, each percent-encoded.
    static func endpoint(_ base: URL, _ segments: [String], query: [URLQueryItem] = []) -> URL {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#")
        var components = URLComponents(url: base, resolvingAgainstBaseURL: false)!
        let encoded = segments.map { $0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0 }
        components.percentEncodedPath = components.percentEncodedPath.trimmingSuffix("/") + "/" + encoded.joined(separator: "/")
        if !query.isEmpty { components.queryItems = query }
        return components.url!
    }
}
