import Foundation
import PackagePlugin

/// Runs the `mlgate` tool from a command plugin as a ``PluginInvocation`` says, and
/// passes its exit status on, so that `swift package mlgate` fails exactly when `mlgate`
/// does. Decisions stay in the tool; this only locates and launches it. Shared by both
/// plugins (symbolic links).
enum ToolRunner {
    static func run(_ context: PluginContext, _ invocation: PluginInvocation) throws {
        let tool = try context.tool(named: "mlgate")
        let process = Process()
        process.executableURL = tool.url
        process.arguments = invocation.arguments
        process.currentDirectoryURL = invocation.workingDirectory
        try process.run()
        process.waitUntilExit()
        let signalled = process.terminationReason == .uncaughtSignal
        if signalled {
            Diagnostics.error("mlgate was terminated by signal \(process.terminationStatus)")
        }
        let status = PluginInvocation.exitStatus(terminatedBySignal: signalled, status: process.terminationStatus)
        if status != 0 {
            // The tool has printed its own diagnostics; pass its status on unchanged.
            exit(status)
        }
    }
}
