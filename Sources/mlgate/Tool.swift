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
        subcommands: [Check.self, Validate.self, Infer.self, Metrics.self, Fairness.self, Drift.self, Profile.self, Verify.self, Promote.self, Diff.self, Comment.self, Keygen.self, Init.self, Schema.self],
        defaultSubcommand: Check.self
    )

    /// Parses and runs like `AsyncParsableCommand.main()`, except that usage,
    /// configuration and input errors exit with 2, as mlgate documents, rather than 64:
    /// the one place where an error becomes an exit code. A verdict's exit code comes
    /// from its run status (``RunStatus/exitCode``), thrown by the commands as
    /// `ExitCode`.
    static func main() async {
        do {
            var command = try parseAsRoot()
            // Before any other thread allocates: a thread keeps the arena it first used.
            if command is Metrics || command is Fairness { tuneAllocator() }
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if let (message, code) = described(error) {
                if !message.isEmpty { Output.error(message) }
                exit(withError: ExitCode(code))
            }
            if exitCode(for: error) == .validationFailure {
                let message = fullMessage(for: error)
                Output.error(message.isEmpty ? "invalid usage" : message)
                exit(withError: ExitCode(RunStatus.error.exitCode))
            }
            exit(withError: error)
        }
    }

    /// What to print and the exit code for the library's errors: a refused promotion
    /// fails (1); anything else the library throws means the command could not run (2).
    private static func described(_ error: any Error) -> (String, Int32)? {
        switch error {
        case let error as PromotionError:
            return ("mlgate: \(error.description)", error.isRefusal ? RunStatus.failed.exitCode : RunStatus.error.exitCode)
        case let refused as RefusedPromotion:
            return ("mlgate: \(refused.error.description)\nmlgate: nothing was promoted", RunStatus.failed.exitCode)
        case let error as DiagnosticError: return (error.description, RunStatus.error.exitCode)
        case let error as TableReadError: return (error.description, RunStatus.error.exitCode)
        case let error as OptionError: return (error.description, RunStatus.error.exitCode)
        case let error as ReportWriteError: return (error.description, RunStatus.error.exitCode)
        case let error as ReportWriter.Failure: return (error.description, RunStatus.error.exitCode)
        case let error as InitError: return (error.description, RunStatus.error.exitCode)
        case let error as CommandFailure: return (error.message, RunStatus.error.exitCode)
        case let error as CommentError: return (error.description, RunStatus.error.exitCode)
        default: return nil
        }
    }
}

/// A command that could not do what was asked, its message already printed or worded:
/// exit 2, like every usage, configuration or input error.
struct CommandFailure: Error {
    /// What to print on standard error (nothing when empty: already printed).
    var message: String
}

extension Tool {
    /// glibc's allocator tuned for `metrics` and `fairness`, which read a file's halves
    /// on two threads and then sort and count its columns:
    /// - One arena for every thread: memory one thread frees (a half's columns once
    ///   appended, the sort's buffers) is reused by the next, instead of staying resident
    ///   in that thread's arena (~6 MB of the 1M-row binary metrics' peak RSS, against
    ///   the 64 MB target in docs/performance.md). Those threads allocate a few hundred
    ///   times, so they do not wait on each other.
    /// - Blocks under 4 MB (the read chunks, the batches' cells) come from the heap, and
    ///   the heap keeps what it is given back until the run ends: by default it returns
    ///   its free top at each free and maps each chunk anew, and the kernel then zeroes
    ///   and faults in those pages again (~5% of the 1M-row metrics' time, for ~2 MB of
    ///   peak RSS). Blocks of 4 MB and more (a column's arrays) are mapped on their own
    ///   and returned when freed, so the peak does not grow with the rows.
    /// Set before the command runs: a thread that has allocated keeps its arena.
    static func tuneAllocator() {
        #if os(Linux)
        _ = mallopt(M_ARENA_MAX, 1)
        _ = mallopt(M_MMAP_THRESHOLD, 4 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, 256 << 20)
        #endif
    }
}
