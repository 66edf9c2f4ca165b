import Foundation

@testable import MLGate

/// Runs of one config compared with a variant of themselves (a task-local switch turned
/// off): the same report, byte for byte, timings aside.
enum DifferentialRuns {
    /// Calls `body` with a new temporary folder, removed afterwards.
    static func inFolder(_ body: (URL) async throws -> Void) async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await body(folder)
    }

    /// The config text written to `folder` and loaded, with `schema` as
    /// `table.schema.json` beside it when given.
    static func config(_ text: String, schema: String? = nil, in folder: URL) throws -> MLGateConfig {
        if let schema {
            try schema.write(to: folder.appendingPathComponent("table.schema.json"), atomically: true, encoding: .utf8)
        }
        let url = folder.appendingPathComponent("mlgate.yml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return try ConfigLoader.load(path: url.path)
    }

    /// The JSON report of a run of `config`, its times fixed.
    static func jsonReport(_ config: MLGateConfig) async throws -> String {
        String(decoding: try JSONRenderer().render(await GateRunner(config: config).run().withFixedTimes()), as: UTF8.self)
    }
}

extension RowBatch {
    /// Each row's reading of `column` as numbers (``forEachNumber(in:_:)``), as text to
    /// compare: its kind, a number's bits and the cell's text.
    func numberReadings(_ column: Int) -> [String] {
        var readings: [String] = []
        forEachNumber(in: column) { row, cell in
            switch cell {
            case .missing: readings.append("\(row) missing")
            case .text(let text): readings.append("\(row) text \(String(decoding: text, as: UTF8.self))")
            case .number(let value, let text):
                readings.append("\(row) number \(value.bitPattern) \(text.map { String(decoding: $0, as: UTF8.self) } ?? "-")")
            }
        }
        return readings
    }
}
