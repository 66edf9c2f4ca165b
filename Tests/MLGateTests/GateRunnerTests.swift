import Foundation
import Testing

@testable import MLGate

@Suite("Running gates")
struct GateRunnerTests {
    func run(_ config: String) async throws -> RunReport {
        let loaded = try ConfigLoader.load(path: Fixtures.url("configs/\(config)").path)
        return await GateRunner(config: loaded).run()
    }

    @Test func aPassingGateWithAWarningPasses() async throws {
        let report = try await run("passing.yml")
        let checks = report.gates[0].checks
        #expect(checks.map(\.name) == ["input", "required_columns", "rows", "plenty"])
        #expect(checks.map(\.outcome) == [.passed, .passed, .passed, .warning])
        #expect(checks[0].message == "../data/people.csv: 4 rows × 4 columns (CSV)")
        #expect(checks[3].message == "4 rows, expected ≥ 100")
        #expect(report.status == .passed)
        #expect(report.status.exitCode == 0)
    }

    @Test func aFailingCheckFailsTheGate() async throws {
        let report = try await run("failing.yml")
        let checks = report.gates[0].checks
        #expect(checks.map(\.outcome) == [.passed, .failed, .failed])
        #expect(checks[1].message == "1 of 2 required columns missing: 'salary'")
        #expect(checks[2].message == "4 rows, expected ≤ 3")
        #expect(checks[2].measurements == [Measurement("observed", 4), Measurement("max", 3)])
        #expect(report.status == .failed)
        #expect(report.status.exitCode == 1)
    }

    @Test func aMissingFileIsAnErrorAndTheChecksAreSkipped() async throws {
        let report = try await run("missing-data.yml")
        let checks = report.gates[0].checks
        #expect(checks.map(\.outcome) == [.error, .skipped])
        #expect(checks[0].message.hasPrefix("file not found"))
        #expect(checks[0].location?.file == "../data/does-not-exist.csv")
        #expect(report.status == .error)
        #expect(report.status.exitCode == 2)
    }

    @Test func anUnparsableFileIsALocatedError() async throws {
        let report = try await run("unterminated.yml")
        let input = report.gates[0].checks[0]
        #expect(input.outcome == .error)
        #expect(input.location == SourceLocation(file: "../data/unterminated.csv", line: 3, column: 3))
        #expect(report.status == .error)
    }

    @Test func aDriftColumnThatCannotBeComparedIsAnErrorNeverAPass() async throws {
        let report = try await run("drift-missing-column.yml")
        #expect(report.gates.map(\.status) == [.passed, .error])
        let missing = report.gates[1].checks.first { $0.name == "salary" }
        #expect(missing?.outcome == .error)
        #expect(missing?.message.contains("has no column 'salary'") == true)
        #expect(report.gates[1].checks.first { $0.name == "age" }?.outcome == .passed, "the same file has not drifted")
        #expect(report.status == .error)
    }

    @Test func keepsConfigOrderWhileRunningConcurrently() async throws {
        var yaml = "version: 1\ngates:\n"
        for index in 0..<12 {
            yaml += "  - {name: g\(index), kind: data, input: people.csv, checks: [{check: row_count, min: \(index)}]}\n"
        }
        let config = try ConfigLoader.parse(yaml, file: "mlgate.yml", directory: Fixtures.url("data"))
        let report = await GateRunner(config: config).run()
        #expect(report.gates.map(\.name) == (0..<12).map { "g\($0)" })
        #expect(report.gates.map(\.status) == (0..<12).map { $0 <= 4 ? .passed : .failed })
    }

    @Test(arguments: [
        ([CheckOutcome](), RunStatus.passed),
        ([.passed, .warning, .skipped], .passed),
        ([.passed, .failed], .failed),
        ([.failed, .error, .passed], .error),
        ([.error, .failed], .error),
    ])
    func derivesTheVerdict(outcomes: [CheckOutcome], expected: RunStatus) {
        #expect(RunStatus(outcomes: outcomes) == expected)
    }

    @Test func accumulatorsMerge() throws {
        let parameters = CheckParameters(
            values: ["min": .integer(5)], location: SourceLocation(file: "t"), checkName: "rows")
        let check = try RowCountCheck(parameters: parameters)
        var first = check.makeAccumulator(columns: ["a"])
        var second = check.makeAccumulator(columns: ["a"])
        var batch = RowBatch(firstRowNumber: 2, width: 0)
        batch.setEmptyRows(3)
        first.observe(batch)
        second.observe(batch)
        first.merge(second)
        let table = TableSummary(path: "t", columns: ["a"], rowCount: 6)
        #expect(check.evaluate(first, table: table).passed)
        #expect(check.evaluate(first, table: table).measurements.first == Measurement("observed", 6))
    }
}
