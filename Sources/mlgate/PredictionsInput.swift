import Foundation
import MLGate

/// Loading a predictions table for `mlgate metrics` and `mlgate fairness`; a problem
/// (`path:line: error: …`) is thrown, for exit code 2.
enum PredictionsInput {
    /// Loads a table (a file, or a database table with `--database` or a `postgresql://…#table`).
    static func load(_ input: TableInput, columns: PredictionColumns) async throws -> LoadedPredictions {
        try await PredictionsLoader(columns: columns).load(input)
    }
}
