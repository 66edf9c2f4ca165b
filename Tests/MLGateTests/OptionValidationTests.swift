import Foundation
import Testing

@testable import MLGate

/// The validation `mlgate.yml` and the command line share: the same rules, the same
/// words, each naming options its own way.
@Suite("Option validation shared by the config and the command line")
struct OptionValidationTests {
    private func configProblems(_ text: String) -> [String] {
        do {
            _ = try ConfigLoader.parse(text, file: "mlgate.yml", directory: URL(fileURLWithPath: "/tmp"))
            return []
        } catch {
            return error.diagnostics.map(\.message)
        }
    }

    @Test func namesOptionsAsKeysOrFlags() {
        let problem = OptionProblem("drift_share", "expected a share in (0, 1] for {drift_share}{context}, found 2.0")
        #expect(problem.message(.configKey, context: "in gate 'shift'") == "expected a share in (0, 1] for 'drift_share' in gate 'shift', found 2.0")
        #expect(problem.message(.flag) == "expected a share in (0, 1] for --drift-share, found 2.0")
        #expect(OptionProblem("score", "give a list or {prefix: …}{context}").message(.configKey) == "give a list or {prefix: …}")
    }

    @Test func theDriftCommandAndTheConfigRefuseTheSameOptions() throws {
        var options = DriftGateConfig.Options()
        options.columns = [DriftColumnConfig(name: "age")]
        options.exclude = ["id"]
        options.categorical = ["age"]
        options.numeric = ["age"]
        options.driftShare = 2
        let input = try TableInput(path: "c.csv")
        #expect(throws: OptionError.self) {
            try DriftGateConfig(reference: .table(input), current: input, options: options, location: input.location)
        }
        let fromConfig = configProblems(
            """
            version: 1
            gates:
              - {name: shift, kind: drift, reference: r.csv, current: c.csv, columns: [age], exclude: [id], categorical: [age], numeric: [age], drift_share: 2}
            """)
        #expect(fromConfig == options.problems().map { $0.message(.configKey, context: "in gate 'shift'") })
        #expect(fromConfig.count == 3)
    }

    @Test func theModelColumnsAreCheckedAsTheModelGateChecksThem() {
        #expect(throws: OptionError.self) {
            try PredictionColumns(
                model: .multiclass, label: "y", prediction: "p", scores: nil, weight: nil, positiveLabel: "1", classes: nil,
                threshold: nil)
        }
        let fromConfig = configProblems(
            """
            version: 1
            gates:
              - {name: m, kind: model, predictions: p.csv, task: multiclass, label: y, prediction: p, positive_label: 1, metrics: [{metric: accuracy, min: 0.5}]}
            """)
        #expect(fromConfig == ["'positive_label' applies to binary models only in gate 'm'"])
        let columns = try? PredictionColumns(
            model: .binary, label: "y", prediction: nil, scores: .column("s"), weight: nil, positiveLabel: nil, classes: nil,
            threshold: nil)
        #expect(columns?.threshold == 0.5)
    }

    @Test func aReferenceGroupThatDoesNotExistSuggestsTheClosest() throws {
        let problem = try #require(
            FairnessGateConfig.Reference.problem(["Caucasion"], groups: [["Caucasian"], ["Asian"]], sensitive: ["race"]))
        #expect(problem.message(.flag) == "--reference names no group race=Caucasion; groups: race=Caucasian; race=Asian; did you mean 'race=Caucasian'?")
        #expect(FairnessGateConfig.Reference.problem(["Asian"], groups: [["Caucasian"], ["Asian"]], sensitive: ["race"]) == nil)
        #expect(try FairnessGateConfig.Reference.groupKey(pairs: "race=Asian, sex=F", sensitive: ["sex", "race"]) == ["F", "Asian"])
    }

    @Test func anUnknownExtensionNamesTheFile() {
        #expect(throws: DiagnosticError.self) { try TableInput(path: "data.txt") }
        #expect((try? TableInput(path: "data.tsv.gz"))?.dialect == .tsv)
        #expect((try? DriftReference(path: "ref.profile.json")).map { if case .profile = $0 { true } else { false } } == true)
    }
}
