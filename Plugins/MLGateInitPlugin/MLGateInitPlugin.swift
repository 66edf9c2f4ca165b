import PackagePlugin

/// `swift package mlgate-init [--ci github|gitlab] [--data PATH] [--force]`: runs
/// `mlgate init` in the package root, writing a starter `mlgate.yml` (and a CI file).
@main
struct MLGateInitPlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        try ToolRunner.run(
            context, .initialize(packageDirectory: context.package.directoryURL, arguments: arguments))
    }
}
