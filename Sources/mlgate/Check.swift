import ArgumentParser
import Foundation
import MLGate

/// `mlgate check`: runs every gate of the config, prints a summary, writes the reports.
struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run every gate declared in the config.",
        discussion: """
            Prints a summary, writes the reports the config (under 'reports:') or the \
            flags ask for, and exits 0 when the gate passed (warnings allowed), 1 when a \
            check failed, 2 on a usage, configuration or input error. Report paths given \
            as flags are relative to the current directory; those in the config are \
            relative to the config file. Reports are written atomically.
            """
    )

    @Option(name: .shortAndLong, help: "The config file (YAML or JSON).")
    var config: String = "mlgate.yml"

    @Option(help: ArgumentHelp("Write a JUnit XML report here (overrides reports.junit).", valueName: "path"))
    var junit: String?

    @Option(help: ArgumentHelp("Write the JSON report here (overrides reports.json).", valueName: "path"))
    var json: String?

    @Option(help: ArgumentHelp("Write the Markdown summary here (overrides reports.markdown).", valueName: "path"))
    var markdown: String?

    @Option(help: ArgumentHelp("Write OpenMetrics text here (overrides reports.openmetrics).", valueName: "path"))
    var openmetrics: String?

    @Option(help: ArgumentHelp("Write the self-contained HTML report here (overrides reports.html).", valueName: "path"))
    var html: String?

    @Option(help: ArgumentHelp("Write a GitLab Code Quality report here (one issue per check that failed, warned or could not run).", valueName: "path"))
    var codequality: String?

    @Option(help: ArgumentHelp("How JUnit writes warned checks: output (a passing test case saying 'warning:') or failures (also a failing case of a separate '<gate>.warnings' suite).", valueName: "style"))
    var junitWarnings: JUnitRenderer.WarningStyle = .output

    @Option(help: ArgumentHelp("Write the gate attestation (in-toto statement) here (overrides reports.attestation).", valueName: "path"))
    var attest: String?

    @Option(help: ArgumentHelp("A model artifact (file or folder) the attestation names; repeatable, added to the config's 'artifacts'.", valueName: "path"))
    var artifact: [String] = []

    @Option(help: ArgumentHelp("Sign the attestation with this Ed25519 PEM key (default: $MLGATE_SIGNING_KEY, if set).", valueName: "path"))
    var signingKey: String?

    @Flag(help: "Print GitHub Actions annotations (::error …) for checks that failed, warned or could not run.")
    var githubAnnotations = false

    @Flag(help: "Write no reports, whatever the config says.")
    var noReports = false

    @Flag(name: .shortAndLong, help: "Print only problems and the verdict.")
    var quiet = false

    @Flag(help: "Create or update the merge request's comment (as 'mlgate comment'); a comment that cannot be posted never changes the verdict or the exit code.")
    var comment = false

    @OptionGroup(title: "Merge-request comment (with --comment)") var commentOptions: CommentOptions

    func run() async throws {
        let loaded: MLGateConfig
        do {
            loaded = try ConfigLoader.load(path: config)
        } catch {
            throw CommandFailure(message: DiagnosticsRenderer(subject: "config").text(error))
        }

        let runner = GateRunner(config: loaded)
        var report = await ProgressDisplay.around { await runner.run() }
        // Reports first, printed after the summary: a report that cannot be written makes
        // the verdict an error, and the summary's exit code is the one the process returns.
        var written: [String] = []
        var problems: [String] = []
        var targets: [ReportFormat: URL] = [:]
        if !noReports {
            targets = reportTargets(loaded)
            do {
                written = try ReportWriter.write(report, to: targets, options: reportOptions).map { "report: \(relative($0))\n" }
            } catch {
                problems.append(error.description)
            }
        }
        if problems.isEmpty, let target = attestationTarget(loaded) {
            do {
                written.append(try await writeAttestation(report, config: loaded, to: target, jsonReport: targets[.json]))
            } catch {
                problems.append(error.description)
            }
        }
        if !problems.isEmpty {
            report.markOutputFailed()
            // Reports already written (before the attestation failed) must not say the
            // run passed while the process exits 2: written again with the error verdict.
            if !written.isEmpty { _ = try? ReportWriter.write(report, to: targets, options: reportOptions) }
        }

        Output.print(TextSummaryRenderer(verbosity: quiet ? .problems : .full).text(report))
        if githubAnnotations { Output.print(GitHubAnnotationsRenderer().text(report)) }
        if !quiet { written.forEach(Output.print) }
        problems.forEach(Output.error)
        if comment {
            await postComment(report, attestation: problems.isEmpty ? attestationTarget(loaded) : nil)
        }
        try report.status.exitUnlessPassed()
    }

    /// Posts the merge-request comment; a failure is said on standard error and changes
    /// nothing else.
    private func postComment(_ report: RunReport, attestation: URL?) async {
        let environment = ProcessInfo.processInfo.environment
        do {
            let body = try commentOptions.body(for: report, attestation: attestation, environment: environment)
            let posted = try await commentOptions.post(body, environment: environment)
            if !quiet { Output.print(posted) }
        } catch let error as CommentError {
            Output.error("\(error.description)\nmlgate: warning: the merge-request comment was not posted; the gate's verdict and exit code are unchanged")
        } catch {
            let message = (error as? CommandFailure)?.message ?? "\(error)"
            Output.error("\(message)\nmlgate: warning: the merge-request comment was not posted; the gate's verdict and exit code are unchanged")
        }
    }

    /// The reports' choices: JUnit's warnings, Code Quality paths relative to the
    /// current directory (the repository root in CI).
    private var reportOptions: ReportOptions {
        ReportOptions(junitWarnings: junitWarnings, root: FileManager.default.currentDirectoryPath)
    }

    /// `--attest`, else `reports.attestation` unless `--no-reports`.
    private func attestationTarget(_ config: MLGateConfig) -> URL? {
        if let attest { return absolute(attest) }
        if !noReports, let path = config.reports.attestation { return config.resolve(path) }
        return nil
    }

    /// Writes the attestation; returns the line that says so.
    private func writeAttestation(_ report: RunReport, config: MLGateConfig, to target: URL, jsonReport: URL?) async throws(AttestationWriteError)
        -> String
    {
        let artifacts =
            config.artifacts.map { AttestationBuilder.Artifact(name: $0, url: config.resolve($0)) }
            + artifact.map { AttestationBuilder.Artifact(name: $0, url: absolute($0)) }
        do {
            let key = try KeySource.signingKey(file: signingKey, environment: ProcessInfo.processInfo.environment)
            let json = jsonReport.flatMap { url in (try? Data(contentsOf: url)).map { (relative(url), $0) } }
            let statement = try await AttestationBuilder(
                config: config, artifacts: artifacts, executable: MLGateExecutable.current()
            ).statement(for: report, jsonReport: json)
            try AtomicFileWriter.write(try GateAttestation.file(for: statement, signedWith: key), to: target)
            if artifacts.isEmpty {
                Output.error("mlgate: warning: the attestation names no model artifact ('artifacts:' in the config or --artifact): mlgate promote will refuse it")
            }
            return "attestation: \(relative(target)) (\(key == nil ? "unsigned" : "signed"))\n"
        } catch let error as PromotionError {
            throw AttestationWriteError(description: "mlgate: \(error.description)")
        } catch {
            throw AttestationWriteError(description: "\(error)")
        }
    }

    private struct AttestationWriteError: Error, CustomStringConvertible {
        var description: String
    }

    private func absolute(_ path: String) -> URL {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        return (path.hasPrefix("/") ? URL(fileURLWithPath: path) : cwd.appendingPathComponent(path)).standardizedFileURL
    }

    /// Flags override the config; flag paths are relative to the current directory.
    private func reportTargets(_ config: MLGateConfig) -> [ReportFormat: URL] {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        var targets: [ReportFormat: URL] = [:]
        let fromConfig: [(ReportFormat, String?)] = [
            (.junit, config.reports.junit), (.json, config.reports.json), (.markdown, config.reports.markdown),
            (.openmetrics, config.reports.openmetrics), (.html, config.reports.html),
        ]
        for case (let format, let path?) in fromConfig { targets[format] = config.resolve(path) }
        let fromFlags: [(ReportFormat, String?)] = [
            (.junit, junit), (.json, json), (.markdown, markdown), (.openmetrics, openmetrics), (.html, html),
            (.codequality, codequality),
        ]
        for case (let format, let path?) in fromFlags {
            targets[format] = path.hasPrefix("/") ? URL(fileURLWithPath: path) : cwd.appendingPathComponent(path)
        }
        return targets.mapValues { $0.standardizedFileURL }
    }

    private func relative(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let path = url.path
        return path.hasPrefix(cwd + "/") ? String(path.dropFirst(cwd.count + 1)) : path
    }
}

extension JUnitRenderer.WarningStyle: ExpressibleByArgument {}
