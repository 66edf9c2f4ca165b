import Foundation
@testable import MLGate

/// A temporary folder of small CSV tables for drift tests that write their own data,
/// and a drift gate run over two of them.
struct DriftScratchTables {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("mlgate-drift-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// Removes the folder.
    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Writes `text` as `name` and returns it as a CSV input.
    func table(_ name: String, _ text: String) throws -> TableInput {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return TableInput(path: name, url: url, format: .csv, dialect: .csv, location: SourceLocation(file: name))
    }

    /// A CSV text: `header`, then `rows` lines made by `line`.
    static func csv(_ header: String, rows: Int, _ line: (Int) -> String) -> String {
        (0..<rows).reduce(into: header + "\n") { text, row in text += line(row) + "\n" }
    }

    /// A drift gate with its defaults, `reference` against `current` (CSV texts).
    func runDrift(reference: String, current: String) async throws -> GateResult {
        let gate = DriftGateConfig(
            reference: .table(try table("reference.csv", reference)), current: try table("current.csv", current),
            location: SourceLocation(file: "mlgate.yml"))
        return await GateRunner.run(GateConfig(name: "drift", kind: .drift, location: SourceLocation(file: "mlgate.yml"), body: .drift(gate)))
    }

    /// The same, in a folder of its own removed afterwards.
    static func runDrift(reference: String, current: String) async throws -> GateResult {
        let scratch = try DriftScratchTables()
        defer { scratch.remove() }
        return try await scratch.runDrift(reference: reference, current: current)
    }
}
