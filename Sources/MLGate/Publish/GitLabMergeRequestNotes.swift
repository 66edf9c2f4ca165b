import Foundation

/// A GitLab merge request's notes: `GET /projects/:id/merge_requests/:merge_request_iid/notes`
/// (paginated by `Link` or `X-Next-Page`), `PUT …/notes/:note_id`, `POST …/notes`, with
/// a `PRIVATE-TOKEN`.
struct GitLabMergeRequestNotes: CommentThread {
    var destination: CommentDestination

    private var notes: [String] { ["projects", destination.project, "merge_requests", String(destination.number), "notes"] }

    var firstPage: URL {
        Self.endpoint(destination.api, notes, query: [
            URLQueryItem(name: "sort", value: "asc"), URLQueryItem(name: "order_by", value: "created_at"), URLQueryItem(name: "per_page", value: "100"),
        ])
    }

    var headers: [String: String] {
        ["PRIVATE-TOKEN": destination.token, "Accept": "application/json", "Content-Type": "application/json", "User-Agent": "mlgate/\(MLGateVersion.current)"]
    }

    func comments(in page: Data) -> [(id: Int, body: String)]? {
        guard let list = (try? JSONSerialization.jsonObject(with: page)) as? [[String: Any]] else { return nil }
        return list.compactMap { note in
            guard let id = note["id"] as? Int, note["system"] as? Bool != true else { return nil }
            return (id, note["body"] as? String ?? "")
        }
    }

    func nextPage(after response: HTTPExchange.Response, page: URL) -> URL? {
        if let next = linkNext(response, page: page) { return next }
        guard let text = response.headers["x-next-page"], let number = Int(text), number > 0,
            var components = URLComponents(url: page, resolvingAgainstBaseURL: false)
        else { return nil }
        components.queryItems = (components.queryItems ?? []).filter { $0.name != "page" } + [URLQueryItem(name: "page", value: String(number))]
        return components.url
    }

    func update(id: Int) -> (method: String, url: URL) { ("PUT", Self.endpoint(destination.api, notes + [String(id)])) }

    var create: (method: String, url: URL) { ("POST", Self.endpoint(destination.api, notes)) }

    func advice(status: Int) -> String {
        switch status {
        case 401: "the token was not accepted: MLGATE_GITLAB_TOKEN must be a valid, unexpired project access token"
        case 403: "the token may not write notes: MLGATE_GITLAB_TOKEN needs scope 'api' and at least the Reporter role (CI_JOB_TOKEN cannot write notes)"
        case 404: "no merge request !\(destination.number) in project \(destination.project) that this token can see: check CI_PROJECT_ID and the merge request IID"
        case 422: "GitLab refused the note's content"
        default: "GitLab answered with an error"
        }
    }
}
