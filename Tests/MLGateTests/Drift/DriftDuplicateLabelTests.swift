import Foundation
import Testing
@testable import MLGate

/// A header that repeats a label: drift names the repeats as the contract names fields
/// (`x`, `x2`), compares each column on its own, and no two results share a name.
@Suite("Drift: repeated header labels")
struct DriftDuplicateLabelTests {
    static func table(_ name: String, _ text: String, in folder: URL) throws -> TableInput {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return TableInput(path: name, url: url, format: .csv, dialect: .csv, location: SourceLocation(file: name))
    }

    @Test func everyRepeatedColumnIsComparedUnderItsOwnName() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mlgate-drift-dup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // The first 'x' is numeric and the same on both sides; the second is text and shifts.
        var reference = "x,x,y\n", current = "x,x,y\n"
        for row in 0..<400 {
            reference += "\(row % 50).5,\(row % 4 == 0 ? "b" : "a"),\(row % 3)\n"
            current += "\(row % 50).5,\(row % 4 == 0 ? "a" : "b"),\(row % 3)\n"
        }
        let gate = DriftGateConfig(
            reference: .table(try Self.table("reference.csv", reference, in: folder)),
            current: try Self.table("current.csv", current, in: folder), location: SourceLocation(file: "mlgate.yml"))
        let result = await GateRunner.run(GateConfig(name: "drift", kind: .drift, location: SourceLocation(file: "mlgate.yml"), body: .drift(gate)))
        let columns = try #require(result.drift).columns
        #expect(columns.map(\.column) == ["x", "x2", "y"])
        let first = try #require(columns.first { $0.column == "x" }), second = try #require(columns.first { $0.column == "x2" })
        #expect(first.kind == .numeric && !first.drifted)
        #expect(second.kind == .categorical && second.drifted, "the second 'x' is its own column")

        let profile = try await ReferenceProfile.make(try Self.table("reference.csv", reference, in: folder))
        #expect(profile.columns.map(\.name) == ["x", "x2", "y"])
    }
}
