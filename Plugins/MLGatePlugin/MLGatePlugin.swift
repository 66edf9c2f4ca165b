import PackagePlugin

/// `swift package mlgate [arguments]`: runs `mlgate` in the package root, so that it
/// reads `mlgate.yml` there; `check` is mlgate's default subcommand, and any arguments
/// (`--junit reports/junit.xml`, `--help`, `init …`) are forwarded unchanged.
@main
struct MLGatePlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        try ToolRunner.run(
            context, .gate(packageDirectory: context.package.directoryURL, arguments: arguments))
    }
}
