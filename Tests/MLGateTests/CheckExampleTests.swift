import Foundation
import Testing

@testable import MLGate

/// Every example of every check in the catalog, run through the config loader and a real
/// gate exactly as `mlgate check` runs them.
@Suite("Check examples")
struct CheckExampleTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var identifier: String
        var example: CheckExample
        var testDescription: String { "\(identifier) \(example)" }
    }

    static let cases: [Case] = CheckCatalog.all.flatMap { declaration in
        declaration.examples.map { Case(identifier: declaration.identifier, example: $0) }
    }

    @Test func everyCheckHasPassingAndFailingExamples() {
        let compact = Set(CheckCatalog.tableChecks.map { $0.identifier })
        for declaration in CheckCatalog.all {
            #expect(declaration.examples.contains { $0.passes }, "\(declaration.identifier) has no passing example")
            #expect(declaration.examples.contains { !$0.passes }, "\(declaration.identifier) has no failing example")
            #expect(!declaration.summary.isEmpty)
            #expect(!declaration.gates.isEmpty)
            for example in declaration.examples {
                #expect(declaration.gates.contains(example.kind), "\(declaration.identifier): an example in a \(example.kind) gate")
                // A failing example says why it fails (a data check's compact examples
                // fail on their own bounds, which the data gate's result names).
                if !example.passes, !compact.contains(declaration.identifier) {
                    #expect(example.reason != nil, "\(declaration.identifier): a failing example without a reason")
                }
            }
        }
    }

    @Test func theCatalogListsEveryCheckOnce() {
        let identifiers = CheckCatalog.all.map(\.identifier)
        #expect(Set(identifiers).count == identifiers.count, "an identifier is declared twice")
        let expected = GateInputCheck.allCases.map(\.rawValue) + ContractCheck.allCases.map(\.rawValue)
            + CheckCatalog.tableChecks.map { $0.identifier } + MetricFamily.allCases.map(\.rawValue)
            + FairnessCheck.Measure.allCases.map(\.rawValue) + DriftCheck.allCases.map(\.rawValue)
        #expect(Set(identifiers) == Set(expected))
        // Every metric belongs to a family that lists it.
        for name in Metric.knownNames {
            let families = MetricFamily.allCases.filter { $0.metricNames.contains(name) }
            #expect(families.count <= 1, "\(name) is in \(families)")
        }
        for task in ModelTask.allCases {
            for metric in Metric.all(for: task) {
                #expect(MetricFamily(metric).metricNames.contains(metric.name))
            }
        }
    }

    @Test(arguments: cases)
    func exampleGivesItsOutcome(_ testCase: Case) async throws {
        let example = testCase.example
        let directory = try Fixtures.temporaryDirectory()
        for (name, text) in example.files {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let config = try ConfigLoader.parse(example.config, file: "mlgate.yml", directory: directory)
        let report = await GateRunner(config: config).run()
        let checks = report.gates[0].checks
        let result = try #require(
            checks.first { $0.name == example.result }, "no result '\(example.result)' in \(checks.map(\.name))")
        #expect(result.outcome == example.outcome, "\(result.name): \(result.message)")
        if let reason = example.reason {
            #expect(result.message.contains(reason), "'\(result.message)' does not say '\(reason)'")
        }
        // Nothing else went wrong: the example shows this check's outcome, not another's.
        for other in checks where other.name != example.result {
            let expected: Set<CheckOutcome> = example.passes ? [.passed] : [.passed, .skipped, .failed, .warning]
            #expect(expected.contains(other.outcome), "\(other.name) \(other.outcome): \(other.message)")
        }
        if example.passes {
            #expect(report.status == .passed)
        }
    }
}
