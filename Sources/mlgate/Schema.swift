import ArgumentParser
import Foundation
import MLGate

/// `mlgate schema`: prints the JSON Schema of mlgate.yml.
struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of mlgate.yml (for editors and validators)."
    )

    func run() throws {
        Output.print(String(decoding: ConfigSchema.json(), as: UTF8.self))
    }
}
