import Foundation

@testable import MLGate

extension RunReport {
    /// The report with every start time and duration fixed, for comparing renderings of
    /// two runs (or a run with a golden file) byte for byte.
    func withFixedTimes() -> RunReport {
        var report = self
        report.startedAt = Date(timeIntervalSince1970: 1_800_000_000)
        report.duration = 0
        for gate in report.gates.indices {
            report.gates[gate].startedAt = report.startedAt
            report.gates[gate].duration = 0
            for check in report.gates[gate].checks.indices { report.gates[gate].checks[check].duration = 0 }
        }
        return report
    }
}
