import Foundation
import Testing

@testable import MLGate

@Suite("Model gate")
struct ModelGateTests {
    /// Runs a config text whose relative paths resolve in `directory`.
    func run(_ yaml: String, in directory: URL) async throws -> RunReport {
        let config = try ConfigLoader.parse(yaml, file: "mlgate.yml", directory: directory)
        return await GateRunner(config: config).run()
    }

    func write(_ files: [String: String]) throws -> URL {
        let directory = try Fixtures.temporaryDirectory()
        for (name, text) in files {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory
    }

    static let binary = """
        id,label,score,prediction,region
        1,1,0.9,1,n
        2,0,0.2,0,n
        3,1,0.7,1,s
        4,0,0.4,0,s
        5,1,0.35,0,n
        6,0,0.6,1,s
        7,1,0.8,1,n
        8,0,0.1,0,s
        """

    @Test func judgesPerSliceAndReportsSmallSlices() async throws {
        let directory = try write(["p.csv": Self.binary])
        let report = try await run(
            """
            version: 1
            gates:
              - name: m
                kind: model
                predictions: p.csv
                task: binary
                label: label
                score: score
                slices: [region]
                min_slice_size: 5
                metrics:
                  - {metric: accuracy, min: 0.7}
            """, in: directory)
        let checks = report.gates[0].checks
        #expect(checks.map(\.name) == ["input", "accuracy", "accuracy[region=n]", "accuracy[region=s]"])
        #expect(checks[1].outcome == .passed)
        #expect(checks[1].measurements.first == Measurement("value", 0.75))
        #expect(checks[2].outcome == .skipped)
        #expect(checks[2].message == "slice has 4 rows, fewer than min_slice_size 5: reported, not judged; accuracy = 0.7500")
    }

    @Test func thresholdTurnsScoresIntoPredictions() async throws {
        let directory = try write(["p.csv": Self.binary])
        func accuracy(_ threshold: Double) async throws -> Double? {
            let report = try await run(
                """
                version: 1
                gates:
                  - {name: m, kind: model, predictions: p.csv, task: binary, label: label, score: score, threshold: \(threshold), metrics: [{metric: accuracy, min: 0}]}
                """, in: directory)
            return report.gates[0].checks[1].measurements.first?.value
        }
        #expect(try await accuracy(0.5) == 0.75)
        #expect(try await accuracy(0.65) == 0.875)  // 0.6 becomes negative
    }

    // MARK: Baselines

    static func shuffledChampion(from candidate: String, scores: [String: String]) -> String {
        // Same rows, another order, other scores: pairing must go by id.
        var lines = candidate.split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        lines.reverse()
        let rows = lines.map { line -> String in
            var cells = line.split(separator: ",").map(String.init)
            if let score = scores[cells[0]] { cells[2] = score }
            return cells.joined(separator: ",")
        }
        return ([header] + rows).joined(separator: "\n")
    }

    func baselineGate(_ metric: String, baseline: String = "predictions: champion.csv") -> String {
        """
        version: 1
        gates:
          - name: m
            kind: model
            predictions: p.csv
            task: binary
            label: label
            score: score
            id: id
            baseline: {\(baseline)}
            bootstrap: {resamples: 200, seed: 3}
            metrics:
              - \(metric)
        """
    }

    @Test func identicalChampionHasNoDrop() async throws {
        let directory = try write(["p.csv": Self.binary, "champion.csv": Self.shuffledChampion(from: Self.binary, scores: [:])])
        let report = try await run(baselineGate("{metric: roc_auc, max_drop: 0, confidence: 0.9}"), in: directory)
        let check = report.gates[0].checks[2]
        #expect(report.gates[0].checks[1].message == "champion.csv: 8 rows, paired by 'id'")
        #expect(check.outcome == .passed, "\(check.message)")
        let values = Dictionary(uniqueKeysWithValues: check.measurements.map { ($0.name, $0.value) })
        #expect(values["drop"] == 0)
        #expect(values["drop_ci_low"] == 0)
        #expect(values["drop_ci_high"] == 0)
    }

    @Test func aBetterChampionFailsThePointEstimate() async throws {
        // The champion ranks every positive above every negative: AUC 1.
        let champion = Self.shuffledChampion(from: Self.binary, scores: ["5": "0.99", "6": "0.01"])
        let directory = try write(["p.csv": Self.binary, "champion.csv": champion])
        let report = try await run(baselineGate("{metric: roc_auc, max_drop: 0.05}"), in: directory)
        let check = report.gates[0].checks[2]
        #expect(check.outcome == .failed)
        #expect(check.message == "drop 0.1250 vs baseline 1 > 0.0500")
    }

    @Test func theBootstrapIsDeterministicAndDecidesSignificance() async throws {
        // 400 rows where the candidate is much worse than the champion: a real drop.
        var candidate = "id,label,score\n", champion = "id,label,score\n"
        var generator = SplitMix64(seed: 11)
        for row in 0..<400 {
            let label = row % 2
            let noise = Double(generator.next() % 1000) / 1000
            candidate += "\(row),\(label),\(0.5 * noise + (label == 1 ? 0.1 : 0))\n"
            champion += "\(row),\(label),\(0.2 * noise + (label == 1 ? 0.5 : 0.1))\n"
        }
        let directory = try write(["p.csv": candidate, "champion.csv": champion])
        let yaml = baselineGate("{metric: roc_auc, max_drop: 0.02, confidence: 0.95}")
        let first = try await run(yaml, in: directory).gates[0].checks[2]
        let second = try await run(yaml, in: directory).gates[0].checks[2]
        #expect(first.outcome == .failed)
        #expect(first.message.contains("exceeds 0.0200 at 95% confidence"))
        #expect(first.measurements == second.measurements)
        let values = Dictionary(uniqueKeysWithValues: first.measurements.map { ($0.name, $0.value) })
        let (low, high, drop) = (values["drop_ci_low"]!, values["drop_ci_high"]!, values["drop"]!)
        #expect(low <= drop && drop <= high)
        #expect(low > 0.02)
        // Another seed gives another (but equally decisive) interval.
        let other = try await run(yaml.replacingOccurrences(of: "seed: 3", with: "seed: 4"), in: directory).gates[0].checks[2]
        #expect(other.measurements != first.measurements)
        #expect(other.outcome == .failed)
    }

    @Test func aSmallDropThatIsNotSignificantPasses() async throws {
        // One row differs: the point estimate drops, the interval reaches 0.
        let champion = Self.shuffledChampion(from: Self.binary, scores: ["5": "0.45"])
        let directory = try write(["p.csv": Self.binary, "champion.csv": champion])
        let point = try await run(baselineGate("{metric: roc_auc, max_drop: 0}"), in: directory).gates[0].checks[2]
        let bootstrap = try await run(baselineGate("{metric: roc_auc, max_drop: 0, confidence: 0.95}"), in: directory)
            .gates[0].checks[2]
        #expect(point.outcome == .failed)
        #expect(bootstrap.outcome == .passed, "\(bootstrap.message)")
        #expect(bootstrap.message.contains("is not significantly above 0 (95% CI"))
    }

    @Test func aBaselineReportFromAnEarlierRun() async throws {
        let directory = try write(["p.csv": Self.binary])
        let first = try await run(
            """
            version: 1
            gates:
              - {name: m, kind: model, predictions: p.csv, task: binary, label: label, score: score, metrics: [{metric: roc_auc, min: 0}]}
            """, in: directory)
        try AtomicFileWriter.write(try JSONRenderer().render(first), to: directory.appendingPathComponent("champion.json"))
        let report = try await run(baselineGate("{metric: roc_auc, max_drop: 0}", baseline: "report: champion.json"), in: directory)
        #expect(report.gates[0].checks[1].message == "champion.json: 1 metric values of gate 'm'")
        #expect(report.gates[0].checks[2].outcome == .passed)
        let missing = try await run(
            baselineGate("{metric: accuracy, max_drop: 0}", baseline: "report: champion.json"), in: directory)
        #expect(missing.gates[0].checks[2].outcome == .error)
        #expect(missing.gates[0].checks[2].message.contains("the baseline report has no value for 'accuracy'"))
    }

    @Test func aBaselineOnOtherRowsIsAnError() async throws {
        let other = Self.binary.replacingOccurrences(of: "3,1,0.7,1,s", with: "3,0,0.7,1,s")
        let directory = try write(["p.csv": Self.binary, "champion.csv": other])
        let report = try await run(baselineGate("{metric: roc_auc, max_drop: 0}"), in: directory)
        let baseline = report.gates[0].checks[1]
        #expect(baseline.outcome == .error)
        #expect(baseline.message.contains("the baseline must be evaluated on the same rows"))
        #expect(report.gates[0].checks[2].outcome == .skipped)
        #expect(report.status == .error)
    }

    @Test func anUndefinedMetricIsAnErrorNeverAPass() async throws {
        let directory = try write(["p.csv": "label,score\n1,0.4\n1,0.9\n"])
        let report = try await run(
            """
            version: 1
            gates:
              - {name: m, kind: model, predictions: p.csv, task: binary, label: label, score: score, metrics: [{metric: roc_auc, min: 0}]}
            """, in: directory)
        #expect(report.gates[0].checks[1].outcome == .error)
        #expect(report.gates[0].checks[1].message.hasPrefix("roc_auc is undefined: only one class present"))
        #expect(report.status == .error)
    }

    @Test func readsJSONLines() async throws {
        let directory = try write([
            "p.jsonl": #"{"y": 1, "s": 0.8}"# + "\n" + #"{"y": 0, "s": 0.3}"# + "\n" + #"{"y": 1, "s": 0.2}"# + "\n"
        ])
        let report = try await run(
            """
            version: 1
            gates:
              - {name: m, kind: model, predictions: p.jsonl, task: binary, label: y, score: s, metrics: [{metric: roc_auc, min: 0.5}]}
            """, in: directory)
        #expect(report.gates[0].checks[1].measurements.first == Measurement("value", 0.5))
    }

    // MARK: Bad input

    struct BadInput: CustomTestStringConvertible, Sendable {
        var name: String
        var csv: String
        var gate: String
        var expected: String
        var metric: String { gate.contains("regression") ? "mae" : "accuracy" }
        var testDescription: String { name }
    }

    static let badInputs: [BadInput] = [
        BadInput(
            name: "score above 1", csv: "y,s\n1,0.5\n0,1.7\n", gate: "task: binary, label: y, score: s",
            expected: "p.csv:3: error: row 3, column 's': expected a probability in [0, 1], found 1.7 [constraint-error]"),
        BadInput(
            name: "score not a number", csv: "y,s\n1,NaN\n", gate: "task: binary, label: y, score: s",
            expected: "p.csv:2: error: row 2, column 's': expected a finite number for the score, found 'NaN' [type-error]"),
        BadInput(
            name: "label outside the declared classes", csv: "y,p\na,a\nd,b\n",
            gate: "task: multiclass, label: y, prediction: p, classes: [a, b, c]",
            expected: "p.csv:3: error: row 3, column 'y': label 'd' is not one of the declared classes (a, b, c) [constraint-error]"),
        BadInput(
            name: "empty file", csv: "y,s\n", gate: "task: binary, label: y, score: s",
            expected: "p.csv:2: error: the predictions file has no rows [source-error]"),
        BadInput(
            name: "missing column", csv: "y,score\n1,0.5\n", gate: "task: binary, label: y, score: scor",
            expected: "p.csv:1: error: no score column 'scor'; did you mean 'score'?; columns found: y, score [missing-column]"),
        BadInput(
            name: "missing label cell", csv: "y,s\n,0.5\n", gate: "task: binary, label: y, score: s",
            expected: "p.csv:2: error: row 2, column 'y': the label is missing [missing-cell]"),
        BadInput(
            name: "three classes in a binary model", csv: "y,p\n0,1\n2,1\n", gate: "task: binary, label: y, prediction: p",
            expected: "p.csv: error: cannot tell the positive class among 0, 1, 2: set 'positive_label' [constraint-error]"),
        BadInput(
            name: "probabilities that do not sum to 1", csv: "y,p_a,p_b\na,0.5,0.6\n", gate: "task: multiclass, label: y, score: {prefix: p_}",
            expected: "p.csv:2: error: row 2: the class probabilities sum to 1.1, expected 1 [constraint-error]"),
        BadInput(
            name: "a score column of a class outside the declared classes", csv: "y,p_a,p_b,p_c\na,0.5,0.3,0.2\n",
            gate: "task: multiclass, label: y, score: {prefix: p_}, classes: [a, b]",
            expected: "p.csv:1: error: score column 'p_c' is of class 'c', which is not one of the declared classes (a, b) [constraint-error]"),
        BadInput(
            name: "regression target not a number", csv: "y,p\n1.5,2\nhigh,3\n", gate: "task: regression, label: y, prediction: p",
            expected: "p.csv:3: error: row 3, column 'y': expected a finite number for the label, found 'high' [type-error]"),
        BadInput(
            name: "negative weight", csv: "y,p,w\n1,1,-2\n", gate: "task: binary, label: y, prediction: p, weight: w",
            expected: "p.csv:2: error: row 2, column 'w': expected a weight ≥ 0, found -2.0 [constraint-error]"),
    ]

    @Test(arguments: badInputs)
    func badInputIsALocatedError(_ bad: BadInput) async throws {
        let directory = try write(["p.csv": bad.csv])
        let report = try await run(
            """
            version: 1
            gates:
              - {name: m, kind: model, predictions: p.csv, \(bad.gate), metrics: [{metric: \(bad.metric), min: 0}]}
            """, in: directory)
        let input = report.gates[0].checks[0]
        #expect(input.outcome == .error)
        #expect(input.details == bad.expected)
        #expect(report.status == .error)
    }

    // MARK: Config

    static let configErrors: [(String, String)] = [
        ("{metric: auc, min: 0.8}", "mlgate.yml:4:18: error: unknown metric 'auc'; did you mean 'roc_auc'?"),
        ("{metric: f1, min: 0.8}", "mlgate.yml:4:18: error: 'f1' on a multiclass model needs an average: f1_macro, f1_micro or f1_weighted"),
        ("{metric: rmse, max: 1}", "mlgate.yml:4:18: error: 'rmse' does not apply to a multiclass model"),
        ("{metric: accuracy}", "mlgate.yml:4:9: error: a metric check needs a threshold: 'min', 'max', 'max_drop' or 'max_relative_drop' in check 'accuracy'"),
        ("{metric: accuracy, max_drop: 0.1}", "mlgate.yml:4:9: error: 'max_drop' and 'max_relative_drop' compare with a baseline: add 'baseline' to gate 'm'"),
        ("{metric: accuracy, min: 0.5, confidence: 0.95}", "mlgate.yml:4:50: error: 'confidence' decides a drop: give 'max_drop' or 'max_relative_drop' too in check 'accuracy'"),
        ("{metric: accuracy, min: 0.5, beta: 2}", "mlgate.yml:4:44: error: 'beta' applies to fbeta only in check 'accuracy'"),
        ("{metric: accuracy, min: 0.5, treshold: 2}", "mlgate.yml:4:38: error: unknown key 'treshold' in check 'accuracy'"),
    ]

    @Test(arguments: configErrors)
    func metricConfigErrorsAreLocated(metric: String, expected: String) {
        let yaml = """
            version: 1
            gates:
              - {name: m, kind: model, predictions: p.csv, task: multiclass, label: y, prediction: p, metrics: [
                    \(metric)]}
            """
        do {
            _ = try ConfigLoader.parse(yaml, file: "mlgate.yml", directory: URL(fileURLWithPath: "/tmp"))
            Issue.record("the config loaded")
        } catch {
            #expect(error.diagnostics.map(\.description).contains { $0.hasPrefix(expected) }, "\(error)")
        }
    }

    @Test func metricNamesAreCaseInsensitive() throws {
        #expect(try Metric(name: "ROC_AUC_OVR_Weighted", task: .multiclass) == .rocAUC(.ovr, .weighted))
        #expect(try Metric(name: "F1_Macro", task: .multiclass) == .f1(.macro))
        #expect(try Metric(name: "fbeta", task: .binary, beta: 2) == .fbeta(.binary, beta: 2))
    }
}

@Suite("Model gate curves")
struct ModelGateCurveTests {
    @Test func aBinaryGateCarriesItsROCAndPrecisionRecallCurves() async throws {
        let config = try ConfigLoader.load(path: Fixtures.repositoryRoot.appendingPathComponent("Examples/loans/mlgate.yml").path)
        let report = await GateRunner(config: config).run()
        let model = try #require(report.gates.first { $0.kind == .model })
        let curves = try #require(model.curves)
        #expect(curves.map(\.name) == ["roc", "precision_recall"])
        let roc = curves[0]
        #expect(roc.x.first == 0 && roc.y.first == 0)
        #expect(roc.x.last == 1 && roc.y.last == 1)
        #expect(roc.x.count <= 201 && roc.x.count == roc.y.count)
        #expect(zip(roc.x, roc.x.dropFirst()).allSatisfy { $0 <= $1 })
        // The trapezoid under the (possibly thinned) curve is close to the reported AUC.
        let area = zip(zip(roc.x, roc.x.dropFirst()), zip(roc.y, roc.y.dropFirst()))
            .reduce(0) { $0 + ($1.0.1 - $1.0.0) * ($1.1.0 + $1.1.1) / 2 }
        #expect(abs(area - roc.area!) < 0.01)
        #expect(report.gates.first { $0.kind == .data }?.curves == nil)
    }
}
