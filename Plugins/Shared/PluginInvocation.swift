import Foundation

/// What a command plugin runs: the `mlgate` tool's arguments and the folder it runs in.
///
/// Pure logic without PackagePlugin, so that it is compiled into both plugins (through
/// symbolic links) and into the `MLGatePluginSupport` target that the tests exercise.
struct PluginInvocation: Equatable, Sendable {
    /// The tool's arguments.
    var arguments: [String]
    /// The folder the tool runs in: the package root, so that `mlgate.yml` and every
    /// relative path resolve there.
    var workingDirectory: URL

    /// `swift package mlgate ARGS…` runs `mlgate ARGS…` (`check` is mlgate's default
    /// subcommand, so no arguments means `mlgate check` with `./mlgate.yml`).
    static func gate(packageDirectory: URL, arguments: [String]) -> PluginInvocation {
        PluginInvocation(arguments: arguments, workingDirectory: packageDirectory)
    }

    /// `swift package mlgate-init ARGS…` runs `mlgate init ARGS…`.
    static func initialize(packageDirectory: URL, arguments: [String]) -> PluginInvocation {
        PluginInvocation(arguments: ["init"] + arguments, workingDirectory: packageDirectory)
    }

    /// The status the plugin exits with once the tool has ended: the tool's own status,
    /// or 2 (mlgate's "could not run") when a signal ended it.
    static func exitStatus(terminatedBySignal: Bool, status: Int32) -> Int32 {
        terminatedBySignal ? 2 : status
    }
}
