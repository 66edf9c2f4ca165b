import ArgumentParser
import Foundation
import MLGate

/// `mlgate comment`: the merge request's comment, created or updated in place.
struct Comment: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "comment",
        abstract: "Create or update the merge request's mlgate comment from a JSON report.",
        discussion: """
            Renders the comment (verdict, failures and warnings, the model against its \
            champion, fairness and drift, with --base the change since the target branch, \
            passing checks collapsed) and posts it: GitHub through the REST API \
            (GITHUB_TOKEN with pull-requests: write), GitLab through the notes API \
            (MLGATE_GITLAB_TOKEN, scope api). The comment that carries the same marker \
            is updated in place. --dry-run or --output write the body only, without \
            network. Exit 0 posted (or written), 2 on a usage error or when the API \
            refused or could not be reached (its message on standard error). See \
            docs/ci-github.md and docs/ci-gitlab.md.
            """
    )

    @Option(help: ArgumentHelp("This run's JSON report (mlgate check --json).", valueName: "path"))
    var report: String

    @Option(help: ArgumentHelp("The gate attestation (mlgate check --attest): the comment shows its model and data SHA-256.", valueName: "path"))
    var attestation: String?

    @OptionGroup var options: CommentOptions

    @Flag(help: "Print the comment's body instead of posting it (no network).")
    var dryRun = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the comment's body here instead of posting it (no network).", valueName: "path"))
    var output: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let loaded: RunReport
        do throws(ReportReadError) {
            loaded = try ReportReader.read(file: report)
        } catch {
            throw CommandFailure(message: error.description)
        }
        let body = try options.body(for: loaded, attestation: attestation.map { URL(fileURLWithPath: $0) }, environment: environment)
        if let output {
            try AtomicFileWriter.write(Data(body.utf8), to: URL(fileURLWithPath: output))
            return
        }
        if dryRun {
            FileHandle.standardOutput.write(Data(body.utf8))
            return
        }
        do throws(CommentError) {
            Output.print(try await options.post(body, environment: environment))
        } catch {
            throw CommandFailure(message: error.description)
        }
    }
}
