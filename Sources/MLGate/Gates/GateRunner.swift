import Foundation

/// Runs every gate of a config and gathers the results into a ``RunReport``.
///
/// A run has three steps: every gate prepares (concurrently) and names the tables it
/// reads; every distinct table is read once for all the gates that read it
/// (``SharedScan``: tables concurrently, a large CSV on both cores); every gate judges
/// what its consumers gathered, one after the other, its tables released once it has
/// (a judge spreads its own work over the cores; one that needs no memory growing with
/// the rows judges beside the others). The report keeps config order.
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
        let results = await Self.run(config.gates)
        return RunReport(
            config: config.file, startedAt: startedAt, duration: (clock.now - start).seconds, gates: results)
    }

    /// Runs one gate.
    public static func run(_ gate: GateConfig) async -> GateResult {
        await run([gate])[0]
    }

    /// Runs gates together: each table any of them reads is read once.
    static func run(_ configs: [GateConfig]) async -> [GateResult] {
        let startedAt = Date()
        let start = ContinuousClock.now
        // 0. Detect what each table's dialect leaves open, once per file.
        var detected: [TableInput: TableInput] = [:]
        let configs = configs.map { $0.detectingDialects(&detected) }
        // 1. Prepare.
        let planned = await withTaskGroup(of: (Int, PlannedRun).self) { group in
            for (index, config) in configs.enumerated() {
                group.addTask { (index, await PlannedRun.prepare(config.gate, start: start)) }
            }
            var planned = [PlannedRun?](repeating: nil, count: configs.count)
            for await (index, run) in group { planned[index] = run }
            return planned.map { $0! }
        }
        // 2. Read every table once.
        var tables = await Self.read(planned)
        // 3. Judge, one gate after the other: each gate's tables are released as soon as
        // it has judged, so that the judges' own peaks (a sort, a group table, drift's
        // statistics) do not add up; each judge uses both cores on its own. The gates
        // whose judging needs least judge first (``Gate/judgingMemory``), so that the
        // ones that need most find the others' columns released. A gate whose judging
        // adds nothing that grows with the rows (``JudgingMemory/none``: verdicts from
        // what its consumers summed up) judges beside the gates after it, on a core the
        // next one's single-threaded steps leave free.
        let order = configs.indices.sorted { (planned[$0].judgingMemory, $0) < (planned[$1].judgingMemory, $1) }
        /// A gate's tables moved into a box that its task empties, so that they are
        /// released when its judge is done, not when the group collects its result.
        final class Handoff: @unchecked Sendable {
            var tables: ScannedTables?
            init(_ tables: ScannedTables) { self.tables = tables }
        }
        let judged = await withTaskGroup(of: (Int, GateResult).self) { group in
            var results = [GateResult?](repeating: nil, count: configs.count)
            for index in order {
                let scanned = tables[index]
                tables[index] = ScannedTables(results: [])
                let run = planned[index], config = configs[index]
                @Sendable func judge(_ scanned: consuming ScannedTables) async -> GateResult {
                    let (checks, detail) = await run.judge(scanned)
                    return GateResult(
                        name: config.name, kind: config.kind, startedAt: startedAt,
                        duration: (ContinuousClock.now - start).seconds, checks: checks, detail: detail)
                }
                if run.judgingMemory == .none {
                    let handoff = Handoff(scanned)
                    group.addTask {
                        let tables = handoff.tables.take()!
                        return (index, await judge(tables))
                    }
                } else {
                    results[index] = await judge(scanned)
                }
            }
            for await (index, result) in group { results[index] = result }
            return results
        }
        return judged.map { $0! }
    }

    /// Reads every table the planned gates name, once, and hands each gate its consumers.
    private static func read(_ planned: [PlannedRun]) async -> [ScannedTables] {
        let scanned = await SharedScan.read(planned.flatMap(\.reads))
        var tables: [ScannedTables] = []
        var offset = 0
        for run in planned {
            tables.append(ScannedTables(results: Array(scanned[offset..<offset + run.reads.count])))
            offset += run.reads.count
        }
        return tables
    }
}

/// A prepared gate: the tables it reads and how it judges them, its concrete type hidden.
private struct PlannedRun: Sendable {
    var reads: [TableDemand]
    var judgingMemory = JudgingMemory.none
    var judge: @Sendable (consuming ScannedTables) async -> (checks: [CheckResult], detail: GateDetail?)

    static func prepare(_ gate: some Gate, start: ContinuousClock.Instant) async -> PlannedRun {
        var recorder = GateRecorder(planned: gate.plannedChecks, start: start)
        guard let (prepared, reads) = await gate.prepare(&recorder) else {
            let results = recorder.results
            return PlannedRun(reads: []) { _ in (results, nil) }
        }
        let prepareRecorder = recorder
        return PlannedRun(reads: reads, judgingMemory: type(of: gate).judgingMemory) { (tables: consuming ScannedTables) in
            var recorder = prepareRecorder
            let detail = await gate.judge(prepared, tables: tables, &recorder)
            return (recorder.results, detail)
        }
    }
}

extension GateConfig {
    /// The gate that runs this config: one type per gate kind.
    var gate: any Gate {
        switch body {
        case .data(let data): DataGate(gate: data)
        case .model(let model): ModelGate(gate: model, gateName: name)
        case .fairness(let fairness): FairnessGate(gate: fairness)
        case .drift(let drift): DriftGate(gate: drift)
        }
    }
}

extension Duration {
    /// The duration in seconds, to the microsecond.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + (Double(attoseconds) / 1e12).rounded() / 1e6
    }
}
