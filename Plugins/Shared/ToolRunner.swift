import Foundation
import PackagePlugin

/// Runs the `mlgate` tool from a command plugin: in the package's root folder, with the
/// arguments forwarded unchanged, and with its exit status passed on, so that
/// `swift package mlgate` fails exactly when `mlgate` does. Decisions stay in the tool;
/// this file only locates and launches it. Shared by both plugins (symbolic links).
enum ToolRunner {
    static func run(_ context: PluginContext, arguments: [String]) throws {
        let tool = try context.tool(named: "mlgate")
        let process = Process()
        process.executableURL = tool.url
        process.arguments = arguments
        process.currentDirectoryURL = context.package.directoryURL
        try process.run()
        process.waitUntilExit()
        if process.terminationReason == .uncaughtSignal {
            Diagnostics.error("mlgate was terminated by signal \(process.terminationStatus)")
            exit(2)
        }
        if process.terminationStatus != 0 {
            // The tool has printed its own diagnostics; pass its status on unchanged.
            exit(process.terminationStatus)
        }
    }
}
