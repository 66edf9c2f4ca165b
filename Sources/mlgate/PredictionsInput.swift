import ArgumentParser
import Foundation
import MLGate

/// Loading a predictions file for `mlgate metrics` and `mlgate fairness`: problems are
/// printed as `path:line: error: …` and end the command with exit code 2.
enum PredictionsInput {
    static func load(_ path: String, format explicit: TableFormat?, columns: PredictionColumns) async throws
        -> LoadedPredictions
    {
        guard let format = explicit ?? TableFormat(inferringFrom: path) else {
            Output.error("\(path): error: cannot tell the format from the extension: expected .csv, .tsv or .jsonl (or pass --input-format)")
            throw ExitCode(GateExit.usage)
        }
        do {
            return try await PredictionsLoader(columns: columns).load(url: URL(fileURLWithPath: path), format: format, path: path)
        } catch {
            Output.error(error.description)
            throw ExitCode(GateExit.usage)
        }
    }
}
