/// Where merge-request comments go: GitHub pull requests (REST API, issue comments) or
/// GitLab merge requests (notes API).
public enum CommentProvider: String, Sendable, Hashable, CaseIterable {
    /// GitHub: `GITHUB_TOKEN`, `GITHUB_API_URL`, `GITHUB_REPOSITORY`, the pull request
    /// from `GITHUB_EVENT_PATH` or `--pull-request`.
    case github
    /// GitLab: `MLGATE_GITLAB_TOKEN`, `CI_API_V4_URL`, `CI_PROJECT_ID`,
    /// `CI_MERGE_REQUEST_IID` or `--pull-request`.
    case gitlab

    /// The provider whose CI this is (`GITHUB_ACTIONS` or `GITLAB_CI` set to `true`).
    public static func detect(_ environment: [String: String]) -> CommentProvider? {
        if environment["GITHUB_ACTIONS"] == "true" { return .github }
        if environment["GITLAB_CI"] == "true" { return .gitlab }
        return nil
    }

    /// The most a comment may hold there.
    public var limit: Int {
        switch self {
        case .github: CommentRenderer.gitHubLimit
        case .gitlab: CommentRenderer.gitLabLimit
        }
    }
}
