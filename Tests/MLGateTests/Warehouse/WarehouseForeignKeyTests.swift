import Foundation
import Testing

@testable import MLGate

/// Foreign keys pushed down: the server looks each row's key up among every row's
/// referenced keys (integers by value, strings by bytes, a missing part as one), sends
/// only the rows it cannot clear with its verdict, and the validator takes the verdict
/// instead of looking the key up among the few rows it sees. The report is the file
/// mode's.
@Suite struct WarehouseForeignKeyTests {
    static let schema = #"""
        {
          "fields": [
            {"name": "id", "type": "integer"},
            {"name": "parent", "type": "integer"},
            {"name": "name", "type": "string"},
            {"name": "boss", "type": "string"},
            {"name": "region", "type": "string"}
          ],
          "primaryKey": ["id"],
          "missingValues": ["", "NA"],
          "foreignKeys": [
            {"fields": "parent", "reference": {"resource": "", "fields": "id"}},
            {"fields": ["boss", "region"], "reference": {"resource": "", "fields": ["name", "region"]}}
          ]
        }
        """#

    /// Rows whose keys resolve in each way the contract allows (a parent listed later,
    /// `007` for `7`, its own row, all parts missing, a missing value), four rows with a
    /// key that does not (ids 1, 3, 6 and 7: rows 2, 4, 7 and 8 of the file; a partly
    /// missing key such as `(zed, missing)` is looked up as it is, and no row has it),
    /// then clean rows.
    static func csv(parent oddCell: String? = nil) -> String {
        var lines = [
            "id,parent,name,boss,region",
            "1,,ann,,eu",
            "2,1,bob,ann,eu",
            "3,9,cy,ann,us",
            "4,5,dee,cy,us",
            "5,007,eve,,",
            "6,6,fay,zed,",
            "7,2,gus,ann,",
            "8,2,zed,ann,eu",
            "10,NA,hal,bob,eu",
        ]
        for index in 0..<100 { lines.append("\(100 + index),\(index == 50 ? (oddCell ?? "1") : "1"),n\(index),ann,eu") }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func keysAreResolvedOnTheServer() async throws {
        let (fromFile, _, judged) = try await WarehouseContractTests.runBoth(csv: Self.csv(), schema: Self.schema, table: "contract_foreign")
        guard case .contract(let report)? = fromFile.gates[0].detail else { Issue.record("no contract report"); return }
        // Five unresolved keys in file mode: row 4's two, and one in each of rows 2, 7, 8.
        let foreign = report.samples.filter { $0.code == .foreignKey }
        #expect(foreign.map(\.rowNumber) == [2, 4, 4, 7, 8], "\(foreign.map(\.message))")
        // Only those four rows were sent.
        #expect(judged == 4)
    }

    /// A key cell written other than plainly (`+1`, whose value is 1) makes the server
    /// send every row without verdicts: the validator then looks every key up itself.
    @Test func anOddIntegerSendsEveryRow() async throws {
        let (_, _, judged) = try await WarehouseContractTests.runBoth(
            csv: Self.csv(parent: "+1"), schema: Self.schema, table: "contract_foreign_odd")
        #expect(judged == 109)
    }

    /// Foreign keys of a number (to an integer field) and of a boolean (to a boolean
    /// field): an integral number resolves the integer (`1.0`, `100.000` and `7`), as
    /// the contract compares them; `2.50` and `-0` (which is `0`) are not ids; `True`
    /// resolves `true`; `false` is nobody's flag; `maybe` is no boolean (keyed as missing,
    /// and a type error). `oddParent` replaces row 50's parent with another shape.
    static let valuesSchema = #"""
        {
          "fields": [
            {"name": "id", "type": "integer"},
            {"name": "parent", "type": "number"},
            {"name": "flag", "type": "boolean"},
            {"name": "ok", "type": "boolean"}
          ],
          "primaryKey": ["id"],
          "foreignKeys": [
            {"fields": "parent", "reference": {"resource": "", "fields": "id"}},
            {"fields": "ok", "reference": {"resource": "", "fields": "flag"}}
          ]
        }
        """#

    static func valuesCSV(oddParent: String? = nil) -> String {
        var lines = ["id,parent,flag,ok"]
        for id in 1...100 {
            var parent = [10: "2.50", 11: "7", 12: "100.000", 13: "-0", 14: ""][id] ?? "1.0"
            if id == 50, let oddParent { parent = oddParent }
            let ok = [20: "false", 21: "maybe"][id] ?? "True"
            lines.append("\(id),\(parent),true,\(ok)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func keysOfNumbersAndBooleansAreResolvedOnTheServer() async throws {
        let (fromFile, _, judged) = try await WarehouseContractTests.runBoth(
            csv: Self.valuesCSV(), schema: Self.valuesSchema, table: "contract_foreign_values")
        guard case .contract(let report)? = fromFile.gates[0].detail else { Issue.record("no contract report"); return }
        let foreign = report.samples.filter { $0.code == .foreignKey }
        #expect(foreign.map(\.rowNumber) == [11, 14, 21], "\(foreign.map(\.message))")
        // Those three rows (ids 10, 13 and 20: the header is row 1), and the one with no boolean.
        #expect(judged == 4)
    }

    /// `1e0` is the number 1 but not of the plain shape: every row is sent.
    @Test func aNumberOfAnotherShapeSendsEveryRow() async throws {
        let (_, _, judged) = try await WarehouseContractTests.runBoth(
            csv: Self.valuesCSV(oddParent: "1e0"), schema: Self.valuesSchema, table: "contract_foreign_values_odd")
        #expect(judged == 100)
    }
}
