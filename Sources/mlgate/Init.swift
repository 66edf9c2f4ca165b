import ArgumentParser
import Foundation
import MLGate

extension CISystem: ExpressibleByArgument {}

/// `mlgate init`: writes a starter `mlgate.yml` and, optionally, a CI file.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a starter mlgate.yml (and, with --ci, a CI file).",
        discussion: """
            Existing files are left alone unless --force is given; either every file is \
            written or none is. With --data, the starter config gates that table and \
            requires the columns its header has.
            """
    )

    @Option(help: "The project root to write into.")
    var directory: String = "."

    @Option(help: ArgumentHelp(
        "Also write a CI file: 'github' (.github/workflows/mlgate.yml) or 'gitlab' (.gitlab-ci.yml).",
        valueName: "system"))
    var ci: CISystem?

    @Option(help: ArgumentHelp("A CSV table to gate, relative to the project root.", valueName: "path"))
    var data: String?

    @Flag(help: "Overwrite existing files.")
    var force = false

    func run() throws {
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        let initializer = ProjectInitializer(directory: root, ci: ci, dataPath: data, force: force)
        for path in try initializer.write() {
            Output.print("wrote \(path)\n")
        }
        Output.print("next: edit mlgate.yml, then run 'mlgate check' (or 'swift package mlgate')\n")
    }
}
