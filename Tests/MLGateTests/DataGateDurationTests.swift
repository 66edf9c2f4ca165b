import Foundation
import Testing

@testable import MLGate

/// Check durations are wall time: the two halves of a file read on both cores ran at the
/// same time, so a check took as long as its longer half. Adding them (CPU time) made the
/// checks outlast the gate, and the `input` result's duration (the gate's time less the
/// checks') negative (issue #19 item 4: -0.79 s on a 1M-row validate).
@Suite("Data gate durations")
struct DataGateDurationTests {
    @Test func halvesReadTogetherTakeTheLongerHalf() throws {
        let rowCount = try RowCountCheck(
            parameters: CheckParameters(values: ["min": .integer(1)], location: SourceLocation(file: "mlgate.yml"), checkName: "rows"))
        let configured = ConfiguredCheck(name: "rows", severity: .error, location: SourceLocation(file: "mlgate.yml"), check: rowCount)
        var first = DataTableConsumer(checks: [configured], columns: ["a"])
        var second = first
        first.contractTime = .milliseconds(700)
        first.checkTime = [.milliseconds(200)]
        second.contractTime = .milliseconds(650)
        second.checkTime = [.milliseconds(300)]
        first.append(second)
        #expect(first.contractTime == .milliseconds(700))
        #expect(first.checkTime == [.milliseconds(300)])
    }

    /// On a whole run, no duration is negative and the checks fit in the gate's time.
    @Test func checksFitInTheGatesTime() async throws {
        let input = TableInput(
            path: "data.csv", url: Fixtures.url("contract/validate/detect-semicolon/data.csv"), format: .csv, dialect: .csv,
            location: SourceLocation(file: "data.csv"))
        let schema = try SchemaLoader.load(url: Fixtures.url("contract/validate/detect-semicolon/schema.json"), displayPath: "schema.json")
        let gate = GateConfig(
            name: "data", kind: .data, location: SourceLocation(file: "mlgate.yml"),
            body: .data(DataGateConfig(input: input, checks: [], contract: ContractConfig(source: .schema(schema, name: "schema.json"), location: SourceLocation(file: "schema.json")))))
        let result = await GateRunner.run(gate)
        #expect(result.checks.allSatisfy { $0.duration >= 0 })
        #expect(result.checks.reduce(0) { $0 + $1.duration } <= result.duration + 1e-6)
    }
}
