import Foundation
import Testing

@testable import MLGate

/// Whole configs with many problems, and every diagnostic they give, in order: pinned
/// so that a change to how the loader is structured cannot change a message, a
/// location or the order of the list.
@Suite("Config diagnostics")
struct ConfigDiagnosticsTests {
    func problems(_ text: String) -> [String] {
        do {
            _ = try ConfigLoader.parse(text, file: "mlgate.yml", directory: URL(fileURLWithPath: "/project"))
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    /// Duplicate gate and check names (three of a kind), bounds, thresholds, kinds.
    @Test func duplicatesBoundsAndThresholds() {
        let text = """
            version: 2
            artifacts: nope
            gates:
              - name: g
                kind: data
                input: d.csv
                checks:
                  - check: row_count
                    min: 5
                    max: 2
                  - check: row_count
                    min: 1
                  - check: row_count
                    name: row_count
                    max: 1
                    severity: bad
                  - check: column_mean
                    column: a
                    min: 3
                    max: 1
                  - check: column_mean
                    column: a
              - name: g
                kind: model
                predictions: p.csv
                task: binary
                label: y
                prediction: p
                threshold: 1.5
                metrics:
                  - metric: accuracy
                    min: 0.9
                    max: 0.1
                  - metric: accuracy
                    max_drop: 0.1
                    severity: nope
                  - metric: accuracy
                    min: 0.1
              - name: g
                kind: fairness
                predictions: p.csv
                task: binary
                label: y
                prediction: p
                threshold: -1
                sensitive: [g]
                checks:
                  - check: demographic_parity_difference
                  - check: demographic_parity_difference
                    min: 0.5
                    max: 0.1
                  - check: four_fifths
                    min: 0.1
                  - check: demographic_parity_difference
                    max: 0.1
              - name: k
                kind: nonsense
              - kind: drift
                reference: d.csv
                current: d.csv
                threshold: -1
                drift_share: 3
              - name: x
            """
        #expect(problems(text) == [
            "mlgate.yml:1:10: error: unsupported config version 2: this mlgate reads version 1",
            "mlgate.yml:2:12: error: expected a list of strings for 'artifacts' at the top level, found 'nope'",
            "mlgate.yml:9:14: error: 'min' (5) is greater than 'max' (2) in check 'row_count'",
            "mlgate.yml:16:19: error: expected one of 'error', 'warn' for 'severity' in check 'row_count', found 'bad'",
            "mlgate.yml:13:9: error: duplicate check name 'row_count' in gate 'g' (first declared at mlgate.yml:11:9); give one a 'name'",
            "mlgate.yml:19:14: error: 'min' (3.0) is greater than 'max' (1.0) in check 'column_mean'",
            "mlgate.yml:21:9: error: 'column_mean' needs 'min', 'max' or both in check 'column_mean'",
            "mlgate.yml:29:16: error: expected a number in [0, 1] for 'threshold' in gate 'g', found 1.5",
            "mlgate.yml:32:14: error: 'min' (0.9) is greater than 'max' (0.1) in check 'accuracy'",
            "mlgate.yml:36:19: error: expected one of 'error', 'warn' for 'severity' in check 'accuracy', found 'nope'",
            "mlgate.yml:34:9: error: 'max_drop' and 'max_relative_drop' compare with a baseline: add 'baseline' to gate 'g'",
            "mlgate.yml:37:9: error: duplicate check name 'accuracy' in gate 'g' (first declared at mlgate.yml:34:9); give one a 'name'",
            "mlgate.yml:23:5: error: duplicate gate name 'g' (first declared at mlgate.yml:4:5)",
            "mlgate.yml:45:16: error: expected a number in [0, 1] for 'threshold' in gate 'g', found -1.0",
            "mlgate.yml:48:9: error: 'demographic_parity_difference' needs 'min', 'max' or both in check 'demographic_parity_difference'",
            "mlgate.yml:50:14: error: 'min' (0.5) is greater than 'max' (0.1) in check 'demographic_parity_difference'",
            "mlgate.yml:52:9: error: four_fifths has its own bound (0.8 of the highest selection rate): remove 'min' and 'max' in check 'four_fifths'",
            "mlgate.yml:39:5: error: duplicate gate name 'g' (first declared at mlgate.yml:23:5)",
            "mlgate.yml:57:11: error: expected one of 'data', 'model', 'fairness', 'drift' for 'kind' in gate 'k', found 'nonsense'",
            "mlgate.yml:58:5: error: missing required key 'name' in gate #5",
            "mlgate.yml:61:16: error: expected a number ≥ 0 for 'threshold' in gate #5, found -1.0",
            "mlgate.yml:62:18: error: expected a share in (0, 1] for 'drift_share' in gate #5, found 3.0",
            "mlgate.yml:63:5: error: missing required key 'kind' in gate 'x'",
        ])
    }

    /// Check items that are not mappings, names and identifiers of the wrong type, a
    /// check without its identifier, ill-typed keys.
    @Test func checkHeadings() {
        let text = """
            version: 1
            gates:
              - name: g
                kind: data
                input: d.csv
                checks:
                  - just a string
                  - name: [1]
                    check: row_count
                    min: 1
                  - check: {a: 1}
                  - name: x
                    min: 1
                  - check: row_count
                    min: nope
                    description: [1]
              - name: m
                kind: model
                predictions: p.csv
                task: binary
                label: y
                prediction: p
                metrics:
                  - 3
                  - name: [1]
                    metric: accuracy
                    min: 0.1
                  - metric: [1]
                    min: 0.1
                  - name: z
                    min: 0.1
                  - metric: accuracy
                    min: nope
            """
        #expect(problems(text) == [
            "mlgate.yml:7:9: error: expected a mapping for check #1 in gate 'g', found 'just a string'",
            "mlgate.yml:8:15: error: expected a string for 'name' of check #2 in gate 'g', found a list",
            "mlgate.yml:11:16: error: expected a string for 'check' of check #3 in gate 'g', found a mapping",
            "mlgate.yml:13:9: error: unknown key 'min' in check #4 in gate 'g'",
            "mlgate.yml:12:9: error: missing required key 'check' in check #4 in gate 'g'",
            "mlgate.yml:15:14: error: expected an integer ≥ 0 for 'min' in check 'row_count', found 'nope'",
            "mlgate.yml:16:22: error: expected a string for 'description' in check 'row_count', found a list",
            "mlgate.yml:24:9: error: expected a mapping for metric check #1 in gate 'm', found '3'",
            "mlgate.yml:25:15: error: expected a string for 'name' of metric check #2 in gate 'm', found a list",
            "mlgate.yml:28:17: error: expected a string for 'metric' of metric check #3 in gate 'm', found a list",
            "mlgate.yml:28:17: error: expected a string for 'metric' in metric check #3 in gate 'm', found a list",
            "mlgate.yml:30:9: error: missing required key 'metric' in check 'z'",
            "mlgate.yml:33:14: error: expected a number for 'min' in check 'accuracy', found 'nope'",
        ])
    }
}
