import ArgumentParser
import Foundation
import MLGate

extension CommentProvider: ExpressibleByArgument {}

/// The options of a merge-request comment, shared by `mlgate comment` and
/// `mlgate check --comment`.
struct CommentOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The target branch's last JSON report: the comment shows what changed since.", valueName: "path"))
    var base: String?

    @Option(help: "github or gitlab (default: the CI's own, from GITHUB_ACTIONS or GITLAB_CI).")
    var provider: CommentProvider?

    @Option(
        name: [.customLong("pull-request"), .customLong("merge-request")],
        help: ArgumentHelp("The pull request number (GitHub) or merge request IID (GitLab); default: the event's, or CI_MERGE_REQUEST_IID.", valueName: "n"))
    var pullRequest: Int?

    @Option(help: ArgumentHelp("The comment's marker name: two gates of one repository keep two comments.", valueName: "name"))
    var marker: String = "default"

    @Option(help: ArgumentHelp("Link to the CI job (default: this run's, from the CI's environment).", valueName: "url"))
    var jobURL: String?

    @Option(help: ArgumentHelp("Link to the full (HTML) report, such as the job artifact's address.", valueName: "url"))
    var reportURL: String?

    @Option(help: ArgumentHelp("Seconds each API request may take.", valueName: "seconds"))
    var timeout: Double = 30

    func validate() throws {
        guard CommentRenderer.isValidMarker(marker) else {
            throw ValidationError("--marker '\(marker)': expected letters, digits, '.', '_' or '-' (at most 64, no '--')")
        }
        if let pullRequest, pullRequest <= 0 { throw ValidationError("--pull-request \(pullRequest): expected a positive number") }
        guard timeout > 0, timeout <= 600 else { throw ValidationError("--timeout \(timeout): expected seconds between 0 and 600") }
    }

    /// The comment's Markdown for `report` (with the diff against `--base`, links and the
    /// attested digests).
    func body(for report: RunReport, attestation: URL?, environment: [String: String]) throws(CommandFailure) -> String {
        var diff: ReportDiff?
        if let base {
            do throws(ReportReadError) {
                diff = ReportDiff(base: try ReportReader.read(file: base), head: report)
            } catch {
                throw CommandFailure(message: error.description)
            }
        }
        var subjects: [InTotoStatement.Subject] = []
        if let attestation {
            do throws(PromotionError) {
                subjects = try GateAttestation(contentsOf: attestation, source: attestation.path).statement.subject
            } catch {
                throw CommandFailure(message: "mlgate: \(error.description)")
            }
        }
        let provider = provider ?? CommentProvider.detect(environment) ?? .github
        let links = CommentRenderer.Links(job: jobURL ?? Self.jobURL(environment), report: reportURL, subjects: subjects)
        return CommentRenderer(marker: marker, limit: provider.limit, links: links, diff: diff).text(report)
    }

    /// Posts `body`; returns the line that says what was done.
    func post(_ body: String, environment: [String: String]) async throws(CommentError) -> String {
        let destination = try CommentDestination.resolve(provider: provider, number: pullRequest, environment: environment)
        let published = try await CommentPublisher(destination: destination, timeout: timeout)
            .publish(body: body, marker: CommentRenderer.markerLine(marker))
        let what = destination.provider == .github ? "pull request #\(destination.number)" : "merge request !\(destination.number)"
        return "comment: \(published.updated ? "updated" : "created") on \(what)" + (published.url.map { " (\($0))" } ?? "") + "\n"
    }

    /// This run's job: GitHub's run page, or GitLab's `CI_JOB_URL`.
    static func jobURL(_ environment: [String: String]) -> String? {
        if let url = environment["CI_JOB_URL"], !url.isEmpty { return url }
        if let server = environment["GITHUB_SERVER_URL"], let repository = environment["GITHUB_REPOSITORY"], let run = environment["GITHUB_RUN_ID"] {
            return "\(server)/\(repository)/actions/runs/\(run)"
        }
        return nil
    }
}
