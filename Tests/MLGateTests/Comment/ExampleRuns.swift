import Foundation
import MLGate

/// The bundled example run as it is (the target branch's report) and as a merge request
/// changes it: thresholds (ROC AUC must now reach 0.82: the model and three regions fall
/// short; the credit-score quantile bound is loosened to 300: the warning goes; the
/// dataset drifts at a share of 0.25: two of eight columns, it now does) and the
/// candidate's predictions (every 9th row's decision flipped, its score moved across
/// 0.5 accordingly), so that metrics and fairness aggregates move. Times and paths are
/// normalised as the snapshots normalise them.
enum ExampleRuns {
    static let directory = Fixtures.repositoryRoot.appendingPathComponent("Examples/loans")

    /// Each run once per test process (two suites use them; the bootstrap is not free).
    private static let baseRun = Task { try await makeBase() }
    private static let headRun = Task { try await makeHead() }

    static func base() async throws -> RunReport { try await baseRun.value }

    static func head() async throws -> RunReport { try await headRun.value }

    private static func makeBase() async throws -> RunReport {
        try await run(try String(contentsOf: directory.appendingPathComponent("mlgate.yml"), encoding: .utf8))
    }

    private static func makeHead() async throws -> RunReport {
        var text = try String(contentsOf: directory.appendingPathComponent("mlgate.yml"), encoding: .utf8)
        for (old, new) in [
            ("      - metric: roc_auc\n        min: 0.7\n", "      - metric: roc_auc\n        min: 0.82\n"),
            ("        quantile: 0.1\n        min: 450\n", "        quantile: 0.1\n        min: 300\n"),
            ("    drift_share: 0.5\n", "    drift_share: 0.25\n"),
        ] {
            precondition(text.contains(old), "the example's config changed: '\(old)' is gone")
            text = text.replacingOccurrences(of: old, with: new)
        }
        // A copy of the example's files with the changed predictions.
        let copy = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: copy) }
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name != "reports" {
            try FileManager.default.copyItem(at: directory.appendingPathComponent(name), to: copy.appendingPathComponent(name))
        }
        var lines = try String(contentsOf: directory.appendingPathComponent("predictions.csv"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for index in stride(from: 9, to: lines.count, by: 9) where !lines[index].isEmpty {
            var cells = lines[index].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let flipped = cells[3] == "1" ? "0" : "1"
            cells[2] = flipped == "1" ? "0.650000" : "0.350000"
            cells[3] = flipped
            lines[index] = cells.joined(separator: ",")
        }
        try lines.joined(separator: "\n").write(to: copy.appendingPathComponent("predictions.csv"), atomically: true, encoding: .utf8)
        return try await run(text, in: copy)
    }

    private static func run(_ text: String, in folder: URL = directory) async throws -> RunReport {
        let config = try ConfigLoader.parse(text, file: "Examples/loans/mlgate.yml", directory: folder)
        var report = await GateRunner(config: config).run()
        report.startedAt = Date(timeIntervalSince1970: 1_800_000_000)
        report.duration = 0
        report.mlgateVersion = "$VERSION"
        for gate in report.gates.indices {
            report.gates[gate].startedAt = report.startedAt
            report.gates[gate].duration = 0
            for check in report.gates[gate].checks.indices { report.gates[gate].checks[check].duration = 0 }
        }
        return report
    }

    /// `text` with the repository's path replaced by `$ROOT`.
    static func normalized(_ text: String) -> String {
        text.replacingOccurrences(of: Fixtures.repositoryRoot.path, with: "$ROOT")
    }
}
