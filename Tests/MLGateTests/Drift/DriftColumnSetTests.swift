import Foundation
import Testing
@testable import MLGate

/// Which columns a drift gate compares and counts.
@Suite("Drift: the columns compared")
struct DriftColumnSetTests {
    /// A header that repeats a label: drift names the repeats as the contract names fields
    /// (`x`, `x2`), compares each column on its own, and no two results share a name.
    @Test func everyRepeatedColumnIsComparedUnderItsOwnName() async throws {
        // The first 'x' is numeric and the same on both sides; the second is text and shifts.
        let reference = DriftScratchTables.csv("x,x,y", rows: 400) { "\($0 % 50).5,\($0 % 4 == 0 ? "b" : "a"),\($0 % 3)" }
        let current = DriftScratchTables.csv("x,x,y", rows: 400) { "\($0 % 50).5,\($0 % 4 == 0 ? "a" : "b"),\($0 % 3)" }
        let result = try await DriftScratchTables.runDrift(reference: reference, current: current)
        let columns = try #require(result.drift).columns
        #expect(columns.map(\.column) == ["x", "x2", "y"])
        let first = try #require(columns.first { $0.column == "x" }), second = try #require(columns.first { $0.column == "x2" })
        #expect(first.kind == .numeric && !first.drifted)
        #expect(second.kind == .categorical && second.drifted, "the second 'x' is its own column")

        let scratch = try DriftScratchTables()
        defer { scratch.remove() }
        let profile = try await ReferenceProfile.make(try scratch.table("reference.csv", reference))
        #expect(profile.columns.map(\.name) == ["x", "x2", "y"])
    }

    /// The dataset's drift share counts the columns compared: a free-text column, skipped,
    /// counts neither as drifted nor in the denominator (docs/drift.md: why not as
    /// Evidently, which counts it).
    @Test func aSkippedFreeTextColumnIsNotInTheShare() async throws {
        let reference = DriftScratchTables.csv("note,level", rows: 400) { "reference note \($0),\($0 % 4 == 0 ? "high" : "low")" }
        let current = DriftScratchTables.csv("note,level", rows: 400) { "current note \($0),\($0 % 4 == 0 ? "low" : "high")" }
        let result = try await DriftScratchTables.runDrift(reference: reference, current: current)
        #expect(result.checks.first { $0.name == "note" }?.outcome == .skipped)
        let dataset = try #require(result.checks.first { $0.name == "dataset_drift" })
        #expect(dataset.measurements.first { $0.name == "columns" }?.value == 1)
        #expect(dataset.measurements.first { $0.name == "share" }?.value == 1)
        #expect(dataset.outcome == .failed)
    }
}
