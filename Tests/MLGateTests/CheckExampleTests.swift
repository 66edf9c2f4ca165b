import Foundation
import Testing
import Yams

@testable import MLGate

/// Every check's own passing and failing examples, run through the config loader and a
/// data gate exactly as `mlgate check` runs them.
@Suite("Check examples")
struct CheckExampleTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var identifier: String
        var example: CheckExample
        var testDescription: String { "\(identifier) \(example)" }
    }

    static let cases: [Case] = CheckCatalog.tableChecks.flatMap { type in
        type.examples.map { Case(identifier: type.identifier, example: $0) }
    }

    @Test func everyCheckHasPassingAndFailingExamples() {
        for type in CheckCatalog.tableChecks {
            #expect(type.examples.contains { $0.passes }, "\(type.identifier) has no passing example")
            #expect(type.examples.contains { !$0.passes }, "\(type.identifier) has no failing example")
            #expect(!type.summary.isEmpty)
        }
    }

    @Test(arguments: cases)
    func exampleGivesItsOutcome(_ testCase: Case) async throws {
        let directory = try Fixtures.temporaryDirectory()
        try testCase.example.csv.write(
            to: directory.appendingPathComponent("table.csv"), atomically: true, encoding: .utf8)
        let parameters = testCase.example.parameters
            .split(separator: "\n").map { "        " + $0 }.joined(separator: "\n")
        let yaml = """
            version: 1
            gates:
              - name: example
                kind: data
                input: table.csv
                checks:
                  - check: \(testCase.identifier)
            \(parameters)
            """
        let config = try ConfigLoader.parse(yaml, file: "mlgate.yml", directory: directory)
        let report = await GateRunner(config: config).run()
        let checks = report.gates[0].checks
        #expect(checks.map(\.name) == ["input", testCase.identifier])
        #expect(checks[0].outcome == .passed)
        #expect(checks[1].outcome == (testCase.example.passes ? .passed : .failed), "\(checks[1].message)")
        #expect(report.status == (testCase.example.passes ? .passed : .failed))
    }
}
