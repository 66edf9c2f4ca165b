import ArgumentParser
import Foundation
import MLGate

extension ReportDiffRenderer.Format: ExpressibleByArgument {}

/// `mlgate diff`: how a run moved from the target branch's report to this one.
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two JSON reports: checks that newly fail, warn or pass, and every number that moved.",
        discussion: """
            BASE is the target branch's last JSON report (mlgate check --json), HEAD this \
            run's. Lists the checks that newly fail, newly warn, newly pass, were skipped, \
            appeared or disappeared, and how every model metric (and its champion \
            comparison), fairness aggregate, drift score and data statistic moved. Exit 0 \
            whatever moved; 2 on a usage error or a file that is not a JSON report. See \
            docs/reports.md.
            """
    )

    @Argument(help: "The base report (the target branch's).")
    var base: String

    @Argument(help: "The head report (this run's).")
    var head: String

    @Option(help: "text, markdown or json.")
    var format: ReportDiffRenderer.Format = .text

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the diff here (atomically) instead of standard output.", valueName: "path"))
    var output: String?

    func run() throws {
        let diff: ReportDiff
        do throws(ReportReadError) {
            diff = ReportDiff(base: try ReportReader.read(file: base), head: try ReportReader.read(file: head))
        } catch {
            throw CommandFailure(message: error.description)
        }
        let data = ReportDiffRenderer().render(diff, format: format)
        guard let output else {
            FileHandle.standardOutput.write(data)
            return
        }
        try AtomicFileWriter.write(data, to: URL(fileURLWithPath: output))
    }
}
