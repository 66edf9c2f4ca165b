import Foundation
import MLGate

/// Loading a predictions file for `mlgate metrics` and `mlgate fairness`; a problem
/// (`path:line: error: …`) is thrown, for exit code 2.
enum PredictionsInput {
    static func load(_ path: String, format: TableFormat?, orElse: String? = nil, columns: PredictionColumns) async throws
        -> LoadedPredictions
    {
        let input = try TableInput(path: path, format: format, orElse: orElse)
        return try await PredictionsLoader(columns: columns).load(url: input.url, format: input.format, path: path)
    }
}
