import Foundation

/// The merge request a comment goes to, and how to reach it: read from the CI's
/// environment (and `--pull-request`), every missing piece named.
public struct CommentDestination: Sendable {
    /// The forge.
    public var provider: CommentProvider
    /// The API's base URL (`https://api.github.com`, `https://gitlab.com/api/v4`).
    public var api: URL
    /// The token, sent only to ``api``'s host.
    public var token: String
    /// GitHub `owner/repo`, or GitLab's project ID (or URL-encoded path).
    public var project: String
    /// The pull request number (GitHub) or merge request IID (GitLab).
    public var number: Int

    /// Creates a destination.
    public init(provider: CommentProvider, api: URL, token: String, project: String, number: Int) {
        self.provider = provider
        self.api = api
        self.token = token
        self.project = project
        self.number = number
    }

    /// The destination the environment describes. `provider` defaults to the CI's own
    /// (``CommentProvider/detect(_:)``); `number` to the pull request of the event
    /// (GitHub: `GITHUB_EVENT_PATH`) or `CI_MERGE_REQUEST_IID` (GitLab).
    public static func resolve(provider: CommentProvider?, number: Int?, environment: [String: String]) throws(CommentError) -> CommentDestination {
        guard let provider = provider ?? CommentProvider.detect(environment) else {
            throw CommentError("not in GitHub Actions or GitLab CI (neither GITHUB_ACTIONS nor GITLAB_CI is 'true'): name the forge with --provider github|gitlab")
        }
        func required(_ name: String, _ why: String) throws(CommentError) -> String {
            guard let value = environment[name], !value.isEmpty else { throw CommentError("\(name) is not set: \(why)") }
            return value
        }
        switch provider {
        case .github:
            let token = try required("GITHUB_TOKEN", "pass the workflow's token (env: GITHUB_TOKEN: ${{ github.token }}, with permissions: pull-requests: write)")
            let repository = try required("GITHUB_REPOSITORY", "expected owner/repo, as GitHub Actions sets it")
            guard repository.split(separator: "/", omittingEmptySubsequences: false).count == 2, !repository.contains("..") else {
                throw CommentError("GITHUB_REPOSITORY is '\(repository)', expected owner/repo")
            }
            let api = try url(environment["GITHUB_API_URL"] ?? "https://api.github.com", name: "GITHUB_API_URL")
            var pullRequest = number
            if pullRequest == nil { pullRequest = try gitHubPullRequest(environment) }
            guard let pullRequest else {
                throw CommentError("no pull request: the event (GITHUB_EVENT_PATH) is not a pull request's; pass --pull-request N (a workflow_run companion reads N from the gate's artifact)")
            }
            return CommentDestination(provider: .github, api: api, token: token, project: repository, number: pullRequest)
        case .gitlab:
            let token = try required(
                "MLGATE_GITLAB_TOKEN", "a project access token with scope 'api' and role Reporter (CI_JOB_TOKEN cannot write notes); docs/ci-gitlab.md")
            let api = try url(try required("CI_API_V4_URL", "expected the API URL GitLab CI sets (https://gitlab.example.com/api/v4)"), name: "CI_API_V4_URL")
            let project = try required("CI_PROJECT_ID", "expected the project's ID, as GitLab CI sets it")
            let iid: Int
            if let number {
                iid = number
            } else {
                let text = try required("CI_MERGE_REQUEST_IID", "not a merge request pipeline (rules: if: $CI_PIPELINE_SOURCE == 'merge_request_event'), or pass --pull-request N")
                guard let value = Int(text), value > 0 else { throw CommentError("CI_MERGE_REQUEST_IID is '\(text)', expected a positive number") }
                iid = value
            }
            return CommentDestination(provider: .gitlab, api: api, token: token, project: project, number: iid)
        }
    }

    private static func url(_ text: String, name: String) throws(CommentError) -> URL {
        guard let url = URL(string: text.hasSuffix("/") ? String(text.dropLast()) : text), let scheme = url.scheme?.lowercased(),
            scheme == "https" || scheme == "http", url.host != nil
        else { throw CommentError("\(name) is '\(text)', expected an http(s) URL") }
        return url
    }

    /// The pull request number of the GitHub event: `pull_request.number` (pull_request,
    /// pull_request_target), `issue.number` of a pull request's comment, or the first of
    /// `workflow_run.pull_requests` (empty for a fork's pull request: then
    /// `--pull-request`).
    static func gitHubPullRequest(_ environment: [String: String]) throws(CommentError) -> Int? {
        guard let path = environment["GITHUB_EVENT_PATH"], !path.isEmpty else { return nil }
        guard let data = try? DocumentFile.read(URL(fileURLWithPath: path)),
            let event = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else { throw CommentError("\(path): cannot read the event payload (GITHUB_EVENT_PATH) as a JSON object") }
        if let pull = event["pull_request"] as? [String: Any], let number = pull["number"] as? Int { return number }
        if let issue = event["issue"] as? [String: Any], issue["pull_request"] != nil, let number = issue["number"] as? Int { return number }
        if let run = event["workflow_run"] as? [String: Any], let pulls = run["pull_requests"] as? [[String: Any]],
            let number = pulls.first?["number"] as? Int
        {
            return number
        }
        return nil
    }
}
