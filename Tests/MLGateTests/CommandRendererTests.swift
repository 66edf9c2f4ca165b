import Foundation
import Testing

@testable import MLGate

/// The renderers behind the ad-hoc commands' output.
@Suite("Command renderers")
struct CommandRendererTests {
    @Test func theQuietSummaryListsTheProblemsAndTheVerdict() {
        let full = TextSummaryRenderer().text(SampleReports.mixed)
        let quiet = TextSummaryRenderer(verbosity: .problems).text(SampleReports.mixed)
        let problems = SampleReports.mixed.gates.flatMap(\.checks).filter { $0.outcome != .passed }
        let lines = quiet.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == problems.count + 1)
        #expect(lines.first == "mlgate.yml:10:9: failed: rows: 500 rows, expected ≥ 1000")
        #expect(lines.last.map(String.init) == full.split(separator: "\n").last.map(String.init))
    }

    @Test func theGateJSONHasTheVerdictTheDetailAndTheChecks() throws {
        for gate in SampleReports.mixed.gates {
            let text = GateJSONRenderer().text(gate)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            #expect(object["status"] as? String == gate.status.rawValue)
            #expect((object["checks"] as? [Any])?.count == gate.checks.count)
            #expect((object["contract"] != nil) == (gate.contract != nil))
            #expect((object["drift"] != nil) == (gate.drift != nil))
        }
    }

    @Test func theContractTextCountsAndLocatesTheProblems() throws {
        let gate = try #require(SampleReports.mixed.gates.first { $0.contract != nil })
        let text = ContractTextRenderer(data: "loans.csv").text(
            GateResult(name: gate.name, kind: gate.kind, startedAt: gate.startedAt, duration: 0, checks: [], detail: gate.detail))
        #expect(text.hasPrefix("invalid: loans.csv, 500 rows against loans.schema.json: 3 problems\n\n          2  constraint-error  'age' maximum\n"))
        #expect(text.contains(": row 7: type-error: "))
    }

    @Test func driftLinesHaveThePaddedOutcome() {
        let gate = SampleReports.mixed.gates[0]
        #expect(CheckLinesRenderer().text(gate).hasPrefix("PASSED  input: loans.csv: 500 rows × 10 columns (CSV)\nFAILED  rows: "))
    }
}
