import Foundation

/// A GitHub pull request's conversation, through the REST API's issue comments (a pull
/// request is an issue): `GET /repos/{owner}/{repo}/issues/{issue_number}/comments`
/// (paginated by `Link`), `PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}`,
/// `POST /repos/{owner}/{repo}/issues/{issue_number}/comments`.
struct GitHubIssueComments: CommentThread {
    var destination: CommentDestination

    private var owner: String { String(destination.project.split(separator: "/", omittingEmptySubsequences: false)[0]) }
    private var repo: String { String(destination.project.split(separator: "/", omittingEmptySubsequences: false)[1]) }

    var firstPage: URL {
        Self.endpoint(destination.api, ["repos", owner, repo, "issues", String(destination.number), "comments"], query: [URLQueryItem(name: "per_page", value: "100")])
    }

    var headers: [String: String] {
        [
            "Authorization": "Bearer \(destination.token)", "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28", "User-Agent": "mlgate/\(MLGateVersion.current)",
            "Content-Type": "application/json",
        ]
    }

    func comments(in page: Data) -> [(id: Int, body: String)]? {
        guard let list = (try? JSONSerialization.jsonObject(with: page)) as? [[String: Any]] else { return nil }
        return list.compactMap { comment in
            guard let id = comment["id"] as? Int else { return nil }
            return (id, comment["body"] as? String ?? "")
        }
    }

    func nextPage(after response: HTTPExchange.Response, page: URL) -> URL? { linkNext(response, page: page) }

    func update(id: Int) -> (method: String, url: URL) {
        ("PATCH", Self.endpoint(destination.api, ["repos", owner, repo, "issues", "comments", String(id)]))
    }

    var create: (method: String, url: URL) {
        ("POST", Self.endpoint(destination.api, ["repos", owner, repo, "issues", String(destination.number), "comments"]))
    }

    func advice(status: Int) -> String {
        switch status {
        case 401: "the token was not accepted: pass the workflow's GITHUB_TOKEN"
        case 403: "the token may not write here: the job needs 'permissions: pull-requests: write'; a pull request from a fork gets a read-only token, so comment from the workflow_run companion (docs/ci-github.md)"
        case 404: "no pull request #\(destination.number) in \(destination.project) that this token can see: check --pull-request and GITHUB_REPOSITORY"
        case 422: "GitHub refused the comment's content"
        default: "GitHub answered with an error"
        }
    }
}
