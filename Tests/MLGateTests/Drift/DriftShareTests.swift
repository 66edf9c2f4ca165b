import Foundation
import Testing
@testable import MLGate

/// The dataset's drift share counts the columns compared: a free-text column, skipped,
/// counts neither as drifted nor in the denominator (docs/drift.md: why not as
/// Evidently, which counts it).
@Suite("Drift: the share leaves out free text")
struct DriftShareTests {
    @Test func aSkippedFreeTextColumnIsNotInTheShare() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mlgate-drift-share-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var reference = "note,level\n", current = "note,level\n"
        for row in 0..<400 {
            reference += "reference note \(row),\(row % 4 == 0 ? "high" : "low")\n"
            current += "current note \(row),\(row % 4 == 0 ? "low" : "high")\n"
        }
        let gate = DriftGateConfig(
            reference: .table(try DriftDuplicateLabelTests.table("reference.csv", reference, in: folder)),
            current: try DriftDuplicateLabelTests.table("current.csv", current, in: folder),
            location: SourceLocation(file: "mlgate.yml"))
        let result = await GateRunner.run(GateConfig(name: "drift", kind: .drift, location: SourceLocation(file: "mlgate.yml"), body: .drift(gate)))
        #expect(result.checks.first { $0.name == "note" }?.outcome == .skipped)
        let dataset = try #require(result.checks.first { $0.name == "dataset_drift" })
        #expect(dataset.measurements.first { $0.name == "columns" }?.value == 1)
        #expect(dataset.measurements.first { $0.name == "share" }?.value == 1)
        #expect(dataset.outcome == .failed)
    }
}
