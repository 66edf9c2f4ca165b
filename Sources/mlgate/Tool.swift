import ArgumentParser
import MLGate
import CMalloc

/// `mlgate`: the root command only lists the subcommands. `check` is the default, so
/// that `mlgate` alone (and `swift package mlgate`) runs the gate.
@main
struct Tool: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mlgate",
        abstract: "A quality gate for ML models and data in CI/CD.",
        discussion: """
            Exit codes: 0 the gate passed (warnings allowed), 1 a check failed, \
            2 usage, configuration or input error (a gate that cannot run never passes).
            """,
        version: MLGateVersion.current,
        subcommands: [Check.self, Validate.self, Infer.self, Metrics.self, Fairness.self, Drift.self, Profile.self, Verify.self, Promote.self, Keygen.self, Init.self, Schema.self],
        defaultSubcommand: Check.self
    )

    /// Parses and runs like `AsyncParsableCommand.main()`, except that usage errors
    /// exit with 2, as mlgate documents, rather than 64.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                let message = fullMessage(for: error)
                Output.error(message.isEmpty ? "invalid usage" : message)
                exit(withError: ExitCode(GateExit.usage))
            }
            exit(withError: error)
        }
    }
}

extension Tool {
    /// Keeps freed memory in the process (glibc), for the commands that hold whole
    /// columns in memory anyway (`metrics`, `fairness`, `drift`, `profile`): they read a
    /// file in batches that are allocated and freed thousands of times, and by default
    /// the large ones are fresh `mmap`s whose pages fault in again (a third of the page
    /// faults of reading 1M predictions; `scripts/bench/run.sh`). The streaming gates
    /// (`check`, `validate`) keep the default: there it would add ~15 MB of peak memory
    /// for no measurable time (`scripts/bench/contract.sh`).
    static func tuneAllocator() {
        #if os(Linux)
        _ = mallopt(M_MMAP_THRESHOLD, 64 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, 256 << 20)
        _ = mallopt(M_TOP_PAD, 16 << 20)
        #endif
    }
}

/// The exit codes mlgate documents.
enum GateExit {
    /// The gate passed.
    static let passed: Int32 = 0
    /// A check failed.
    static let failed: Int32 = 1
    /// Usage, configuration or input error.
    static let usage: Int32 = 2
}
