import Foundation
import MLGate
import Testing

/// The comment posted to a local GitHub or GitLab (FakeForge): created, then updated in
/// place; found again past the first pages; two markers keep two comments; every
/// request checked against the APIs' descriptions (Fixtures/openapi/).
@Suite struct CommentPublishingTests {
    static func destination(_ forge: FakeForge, number: Int = 7) -> CommentDestination {
        CommentDestination(
            provider: forge.kind == .github ? .github : .gitlab, api: URL(string: forge.apiURL)!, token: forge.token,
            project: forge.kind == .github ? "acme/loans" : "42", number: number)
    }

    static func description(_ forge: FakeForge) throws -> OpenAPIExcerpt {
        forge.kind == .github
            ? try OpenAPIExcerpt(fixture: "github-issue-comments.json")
            : try OpenAPIExcerpt(fixture: "gitlab-merge-request-notes.json", basePath: "/api/v4")
    }

    static func expectValid(_ forge: FakeForge, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let description = try description(forge)
        for request in forge.server.requests {
            let problems = description.problems(request)
            #expect(problems.isEmpty, "\(request.method) \(request.target): \(problems)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [FakeForge.Kind.github, .gitlab])
    func createsThenUpdatesInPlace(kind: FakeForge.Kind) async throws {
        let forge = try FakeForge(kind, comments: ["LGTM", "unrelated <!-- mlgate-comment other -->"])
        let publisher = CommentPublisher(destination: Self.destination(forge), timeout: 10)
        let marker = CommentRenderer.markerLine("default")
        let first = try await publisher.publish(body: "\(marker)\nfirst", marker: marker)
        #expect(!first.updated)
        #expect(forge.comments.count == 3)
        let second = try await publisher.publish(body: "\(marker)\nsecond", marker: marker)
        #expect(second.updated)
        #expect(second.id == first.id)
        #expect(forge.comments.map(\.body) == ["LGTM", "unrelated <!-- mlgate-comment other -->", "\(marker)\nsecond"])
        let methods = forge.server.requests.map(\.method)
        #expect(methods == ["GET", "POST", "GET", "GET", "PATCH"].map { kind == .gitlab && $0 == "PATCH" ? "PUT" : $0 })
        try Self.expectValid(forge)
    }

    /// The marker's comment on the fourth page of two: every page is read until found.
    @Test(arguments: [FakeForge.Kind.github, .gitlab])
    func findsTheMarkerPastTheFirstPages(kind: FakeForge.Kind) async throws {
        let marker = CommentRenderer.markerLine("default")
        let comments = (1...7).map { "comment \($0)" } + ["\(marker)\nold"]
        let forge = try FakeForge(kind, pageSize: 2, comments: comments)
        let published = try await CommentPublisher(destination: Self.destination(forge), timeout: 10).publish(body: "\(marker)\nnew", marker: marker)
        #expect(published.updated)
        #expect(forge.comments.count == 8)
        #expect(forge.comments.last?.body == "\(marker)\nnew")
        #expect(forge.server.requests.filter { $0.method == "GET" }.map { $0.query["page"] ?? "1" } == ["1", "2", "3", "4"])
        try Self.expectValid(forge)
    }

    @Test func twoMarkersKeepTwoComments() async throws {
        let forge = try FakeForge(.github)
        let publisher = CommentPublisher(destination: Self.destination(forge), timeout: 10)
        for name in ["train", "serve", "train"] {
            let marker = CommentRenderer.markerLine(name)
            _ = try await publisher.publish(body: "\(marker)\n\(name)", marker: marker)
        }
        #expect(forge.comments.count == 2)
    }

    /// A `Link` to another host is not followed: the token never leaves the API's host.
    @Test func aNextPageOnAnotherHostIsNotFollowed() async throws {
        let elsewhere = try LocalHTTPServer { _ in .json(200, []) }
        let server = try LocalHTTPServer { request in
            request.method == "GET"
                ? .json(200, [["id": 1, "body": "x"]], headers: ["Link": "<http://localhost:\(elsewhere.port)/steal?page=2>; rel=\"next\""])
                : .json(201, ["id": 2])
        }
        let destination = CommentDestination(provider: .github, api: URL(string: server.baseURL)!, token: "t0ken-never-leaves", project: "a/b", number: 1)
        _ = try await CommentPublisher(destination: destination, timeout: 10).publish(body: "b", marker: "m")
        #expect(elsewhere.requests.isEmpty)
        #expect(server.requests.map(\.method) == ["GET", "POST"])
    }

    @Test(arguments: [
        (403, "Resource not accessible by integration", "pull-requests: write"),
        (404, "Not Found", "no pull request #7 in acme/loans"),
        (422, "Validation Failed", "GitHub refused the comment's content"),
        (500, "boom", "GitHub answered with an error"),
    ])
    func apiErrorsSayWhatTheAPISaid(status: Int, message: String, advice: String) async throws {
        let forge = try FakeForge(.github)
        forge.fail(with: .json(status, ["message": "\(message) (token \(forge.token))", "documentation_url": "https://docs.github.com/rest"]))
        do throws(CommentError) {
            _ = try await CommentPublisher(destination: Self.destination(forge), timeout: 10).publish(body: "x", marker: "m")
            Issue.record("no error")
        } catch {
            #expect(error.status == status)
            #expect(error.description.contains("answered \(status): \(message)"), "\(error)")
            #expect(error.description.contains(advice), "\(error)")
            #expect(!error.description.contains(forge.token))
        }
    }

    @Test func gitLabRefusalsNameTheTokenScope() async throws {
        let forge = try FakeForge(.gitlab)
        forge.fail(with: .json(403, ["message": "403 Forbidden"]))
        await #expect(throws: CommentError.self) {
            _ = try await CommentPublisher(destination: Self.destination(forge), timeout: 10).publish(body: "x", marker: "m")
        }
        forge.fail(with: .json(422, ["message": ["note": ["is too long (maximum is 1000000 characters)"]]]))
        do throws(CommentError) {
            _ = try await CommentPublisher(destination: Self.destination(forge), timeout: 10).publish(body: "x", marker: "m")
        } catch {
            #expect(error.description.contains("note is too long (maximum is 1000000 characters)"), "\(error)")
        }
    }

    @Test func anUnreachableAPIIsAnError() async throws {
        let server = try LocalHTTPServer { _ in .json(200, []) }
        let port = server.port
        server.stop()
        let destination = CommentDestination(provider: .gitlab, api: URL(string: "http://127.0.0.1:\(port)/api/v4")!, token: "tok", project: "1", number: 1)
        await #expect(throws: CommentError.self) {
            _ = try await CommentPublisher(destination: destination, timeout: 5).publish(body: "x", marker: "m")
        }
    }

    @Test func theDestinationComesFromTheEnvironment() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let event = directory.appendingPathComponent("event.json")
        try Data(#"{"action": "opened", "number": 12, "pull_request": {"number": 12}}"#.utf8).write(to: event)
        let github = try CommentDestination.resolve(
            provider: nil, number: nil,
            environment: ["GITHUB_ACTIONS": "true", "GITHUB_TOKEN": "t", "GITHUB_REPOSITORY": "acme/loans", "GITHUB_EVENT_PATH": event.path])
        #expect(github.provider == .github && github.number == 12 && github.api.absoluteString == "https://api.github.com")
        try Data(#"{"workflow_run": {"pull_requests": []}}"#.utf8).write(to: event)
        #expect(throws: CommentError.self) {
            try CommentDestination.resolve(provider: .github, number: nil, environment: ["GITHUB_TOKEN": "t", "GITHUB_REPOSITORY": "a/b", "GITHUB_EVENT_PATH": event.path])
        }
        let companion = try CommentDestination.resolve(provider: .github, number: 99, environment: ["GITHUB_TOKEN": "t", "GITHUB_REPOSITORY": "a/b", "GITHUB_EVENT_PATH": event.path])
        #expect(companion.number == 99)
        let gitlab = try CommentDestination.resolve(
            provider: nil, number: nil,
            environment: ["GITLAB_CI": "true", "MLGATE_GITLAB_TOKEN": "t", "CI_API_V4_URL": "https://gitlab.example.com/api/v4", "CI_PROJECT_ID": "5", "CI_MERGE_REQUEST_IID": "3"])
        #expect(gitlab.provider == .gitlab && gitlab.number == 3 && gitlab.project == "5")
        do throws(CommentError) {
            _ = try CommentDestination.resolve(provider: .gitlab, number: nil, environment: ["CI_JOB_TOKEN": "job"])
            Issue.record("no error")
        } catch {
            #expect(error.message.contains("MLGATE_GITLAB_TOKEN is not set"))
            #expect(error.message.contains("CI_JOB_TOKEN cannot write notes"))
        }
    }
}

/// The description check itself catches what a wrong client would send.
@Suite struct OpenAPIExcerptTests {
    static func request(_ method: String, _ target: String, body: String? = nil) -> LocalHTTPServer.Request {
        LocalHTTPServer.Request(
            method: method, target: target, headers: body == nil ? [:] : ["content-type": "application/json"], body: Data((body ?? "").utf8))
    }

    @Test func wrongRequestsAreCaught() throws {
        let github = try OpenAPIExcerpt(fixture: "github-issue-comments.json")
        #expect(github.problems(Self.request("POST", "/repos/a/b/issues/7/comments", body: #"{"body": "x"}"#)).isEmpty)
        #expect(github.problems(Self.request("GET", "/repos/a/b/issues/7/comments?per_page=100&page=2")).isEmpty)
        #expect(!github.problems(Self.request("PUT", "/repos/a/b/issues/comments/5", body: #"{"body": "x"}"#)).isEmpty)  // GitHub updates with PATCH
        #expect(!github.problems(Self.request("POST", "/repos/a/b/issues/7/comments", body: #"{"text": "x"}"#)).isEmpty)
        #expect(!github.problems(Self.request("POST", "/repos/a/b/issues/seven/comments", body: #"{"body": "x"}"#)).isEmpty)
        #expect(!github.problems(Self.request("GET", "/repos/a/b/issues/7/comments?limit=100")).isEmpty)
        #expect(!github.problems(Self.request("POST", "/repos/a/b/pulls/7/comments", body: #"{"body": "x"}"#)).isEmpty)
        let gitlab = try OpenAPIExcerpt(fixture: "gitlab-merge-request-notes.json", basePath: "/api/v4")
        #expect(gitlab.problems(Self.request("PUT", "/api/v4/projects/42/merge_requests/7/notes/3", body: #"{"body": "x"}"#)).isEmpty)
        #expect(!gitlab.problems(Self.request("PATCH", "/api/v4/projects/42/merge_requests/7/notes/3", body: #"{"body": "x"}"#)).isEmpty)
        #expect(!gitlab.problems(Self.request("GET", "/api/v4/projects/42/merge_requests/7/notes?sort=up")).isEmpty)
        #expect(!gitlab.problems(Self.request("POST", "/api/v4/projects/42/merge_requests/7/notes", body: #"{"body": 3}"#)).isEmpty)
    }
}
