import Foundation
import MLGate
import Testing

/// `mlgate comment` and `mlgate check --comment`, run as a CI job runs them, against a
/// local GitHub or GitLab: exit codes, what stdout and stderr say, never the token.
@Suite struct CommentCommandTests {
    /// The test's environment without any CI's variables, plus `extra`.
    static func environment(_ extra: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { key, _ in
            !(key.hasPrefix("GITHUB_") || key.hasPrefix("GITLAB_") || key.hasPrefix("CI_") || key.hasPrefix("MLGATE_") || key == "CI")
        }
        environment.merge(extra) { $1 }
        return environment
    }

    static func github(_ forge: FakeForge) -> [String: String] {
        environment(["GITHUB_ACTIONS": "true", "GITHUB_TOKEN": forge.token, "GITHUB_API_URL": forge.apiURL, "GITHUB_REPOSITORY": "acme/loans"])
    }

    static func gitlab(_ forge: FakeForge) -> [String: String] {
        environment(["GITLAB_CI": "true", "MLGATE_GITLAB_TOKEN": forge.token, "CI_API_V4_URL": forge.apiURL, "CI_PROJECT_ID": "42", "CI_MERGE_REQUEST_IID": "7", "CI_JOB_URL": "https://gitlab.example.com/acme/loans/-/jobs/9"])
    }

    static let report = Fixtures.url("golden/mixed.report.json").path

    @Test func createsThenUpdatesOnGitHub() throws {
        let forge = try FakeForge(.github)
        let first = try ToolRun(["comment", "--report", Self.report, "--pull-request", "7"], environment: Self.github(forge))
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("comment: created on pull request #7"))
        let second = try ToolRun(["comment", "--report", Self.report, "--pull-request", "7", "--base", Self.report], environment: Self.github(forge))
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("comment: updated on pull request #7"))
        #expect(forge.comments.count == 1)
        #expect(forge.comments[0].body.contains("Since the target branch: error → error"))
        try CommentPublishingTests.expectValid(forge)
    }

    @Test func createsOnGitLabWithTheJobLink() throws {
        let forge = try FakeForge(.gitlab)
        let run = try ToolRun(["comment", "--report", Self.report], environment: Self.gitlab(forge))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("comment: created on merge request !7"))
        #expect(forge.comments.first?.body.contains("[CI job](https://gitlab.example.com/acme/loans/-/jobs/9)") == true)
        try CommentPublishingTests.expectValid(forge)
    }

    @Test(arguments: [403, 404, 422])
    func anAPIErrorExits2WithItsMessageAndNoToken(status: Int) throws {
        let forge = try FakeForge(.github)
        forge.fail(with: .json(status, ["message": "refused: \(forge.token) is not welcome"]))
        let run = try ToolRun(["comment", "--report", Self.report, "--pull-request", "7"], environment: Self.github(forge))
        #expect(run.status == 2)
        #expect(run.stderr.contains("mlgate: comment: GET /repos/acme/loans/issues/7/comments answered \(status): refused: *** is not welcome"), "\(run.stderr)")
        #expect(!run.stderr.contains(forge.token) && !run.stdout.contains(forge.token))
    }

    @Test func usageErrorsExit2() throws {
        let forge = try FakeForge(.github)
        for arguments in [["comment"], ["comment", "--report", Self.report, "--marker", "a b"], ["comment", "--report", Self.report, "--pull-request", "0"]] {
            let run = try ToolRun(arguments, environment: Self.github(forge))
            #expect(run.status == 2, "\(arguments): \(run.stderr)")
        }
        // No pull request anywhere: said, exit 2, nothing sent.
        let run = try ToolRun(["comment", "--report", Self.report], environment: Self.github(forge))
        #expect(run.status == 2)
        #expect(run.stderr.contains("pass --pull-request N"))
        let outside = try ToolRun(["comment", "--report", Self.report], environment: Self.environment([:]))
        #expect(outside.status == 2)
        #expect(outside.stderr.contains("name the forge with --provider github|gitlab"))
        #expect(forge.server.requests.isEmpty)
    }

    @Test func dryRunAndOutputNeedNoNetwork() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let dry = try ToolRun(["comment", "--report", Self.report, "--dry-run", "--marker", "loans"], in: directory, environment: Self.environment([:]))
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.hasPrefix("<!-- mlgate-comment loans -->\n### ⛔ mlgate: gate could not run"))
        let written = try ToolRun(["comment", "--report", Self.report, "--output", "out/comment.md"], in: directory, environment: Self.environment([:]))
        #expect(written.status == 0, "\(written.stderr)")
        #expect(try String(contentsOf: directory.appendingPathComponent("out/comment.md"), encoding: .utf8).hasPrefix("<!-- mlgate-comment default -->"))
    }

    /// A comment that fails never changes the gate's verdict or exit code, and says so.
    @Test(arguments: [("passing.yml", Int32(0)), ("failing.yml", Int32(1))])
    func checkKeepsItsExitCodeWhenTheCommentFails(config: String, expected: Int32) throws {
        let forge = try FakeForge(.github)
        forge.fail(with: .json(403, ["message": "Resource not accessible by integration"]))
        let run = try ToolRun(
            ["check", "--config", "configs/\(config)", "--no-reports", "--comment", "--pull-request", "7"], environment: Self.github(forge))
        #expect(run.status == expected, "\(run.stderr)")
        #expect(run.stderr.contains("answered 403: Resource not accessible by integration"))
        #expect(run.stderr.contains("the merge-request comment was not posted; the gate's verdict and exit code are unchanged"))
        #expect(!run.stderr.contains(forge.token))
        // Unreadable --base: the same.
        let base = try ToolRun(
            ["check", "--config", "configs/\(config)", "--no-reports", "--comment", "--pull-request", "7", "--base", "nowhere.json"],
            environment: Self.github(forge))
        #expect(base.status == expected)
        #expect(base.stderr.contains("nowhere.json: error: not an mlgate JSON report"))
    }

    @Test func checkPostsTheComment() throws {
        let forge = try FakeForge(.gitlab)
        let run = try ToolRun(["check", "--config", "configs/failing.yml", "--no-reports", "--comment"], environment: Self.gitlab(forge))
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains("comment: created on merge request !7"))
        #expect(forge.comments.first?.body.contains("### ❌ mlgate: gate failed") == true)
        try CommentPublishingTests.expectValid(forge)
    }
}
