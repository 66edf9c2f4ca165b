import Foundation

/// Runs every gate of a config and gathers the results into a ``RunReport``.
///
/// Gates are independent, so they run concurrently in a task group; the report keeps
/// config order.
public struct GateRunner: Sendable {
    /// The config to run.
    public var config: MLGateConfig

    /// Creates a runner.
    public init(config: MLGateConfig) {
        self.config = config
    }

    /// Runs all gates.
    public func run() async -> RunReport {
        let startedAt = Date()
        let clock = ContinuousClock()
        let start = clock.now
        let gates = config.gates
        let results = await withTaskGroup(of: (Int, GateResult).self) { group in
            for (index, gate) in gates.enumerated() {
                group.addTask { (index, await Self.run(gate)) }
            }
            var results = [GateResult?](repeating: nil, count: gates.count)
            for await (index, result) in group {
                results[index] = result
            }
            return results.compactMap { $0 }
        }
        return RunReport(
            config: config.file, startedAt: startedAt, duration: (clock.now - start).seconds, gates: results)
    }

    /// Runs one gate.
    public static func run(_ gate: GateConfig) async -> GateResult {
        let startedAt = Date()
        let clock = ContinuousClock()
        let start = clock.now
        let checks: [CheckResult]
        var groups: GroupTableReport?
        var curves: [CurveReport]?
        var drift: DriftTableReport?
        var contract: ContractReport?
        switch gate.body {
        case .data(let data):
            (checks, contract) = await DataGateRun(gate: data).run()
        case .model(let model):
            (checks, curves) = await ModelGateRun(gate: model, gateName: gate.name).run()
        case .fairness(let fairness):
            (checks, groups) = await FairnessGateRun(gate: fairness).run()
        case .drift(let config):
            (checks, drift) = await DriftGateRun(gate: config).run()
        }
        return GateResult(
            name: gate.name, kind: gate.kind, startedAt: startedAt, duration: (clock.now - start).seconds,
            checks: checks, groups: groups, curves: curves, drift: drift, contract: contract)
    }
}

extension Duration {
    /// The duration in seconds, to the microsecond.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + (Double(attoseconds) / 1e12).rounded() / 1e6
    }
}
