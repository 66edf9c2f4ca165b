import Foundation
import Yams

extension ConfigLoader {
    /// A `kind: drift` gate: current data against reference data, column by column.
    static let driftGateDecoder = GateDecoder(keys: DriftGateConfig.keys) { gate, reader, directory in
        decodeDriftGate(gate, reader: reader, directory: directory).map(GateConfig.Body.drift)
    }

    /// A `kind: drift` gate's keys.
    static func decodeDriftGate(_ gate: MappingReader, reader: YAMLNodeReader, directory: URL) -> DriftGateConfig? {
        let context = gate.context
        func value(_ key: String) -> ConfigValue? { gate.value(key, in: DriftGateConfig.keys) }
        func strings(_ key: String) -> [String] {
            guard case .list(let items)? = value(key) else { return [] }
            return items.compactMap { if case .string(let text) = $0 { text } else { nil } }
        }
        func report(_ problem: OptionProblem) { ConfigLoader.report(problem, gate, reader) }
        var reference: DriftReference?
        switch (gate["reference"], gate["reference_profile"]) {
        case (let node?, nil):
            reference = decodeInput(node, context: context, reader: reader, directory: directory).map(DriftReference.table)
        case (nil, let node?):
            if let path = gate.string("reference_profile", in: DriftGateConfig.keys) {
                reference = .profile(path: path, url: MLGateConfig.resolve(path, against: directory), location: reader.location(of: node))
            }
        case (_?, _?):
            reader.error("give 'reference' or 'reference_profile' \(context), not both", at: gate["reference_profile"])
        case (nil, nil):
            reader.error("missing required key 'reference' (or 'reference_profile') \(context)", at: gate.node)
        }
        let current = gate["current"].flatMap { decodeInput($0, context: context, reader: reader, directory: directory) }
        var method = DriftMethod.auto
        if case .string(let raw)? = value("method"), let parsed = DriftMethod(rawValue: raw) { method = parsed }
        var threshold: Double?
        if case .number(let number)? = value("threshold") {
            threshold = number
            if let problem = DriftGateConfig.Options.thresholdProblem(number) { report(problem) }
        }
        var ksMethod = KolmogorovSmirnov.Method.auto
        if case .string(let raw)? = value("ks_method"), let parsed = KolmogorovSmirnov.Method(rawValue: raw) { ksMethod = parsed }
        var bins = DriftGateConfig.defaultBins
        if case .integer(let count)? = value("bins") { bins = count }
        var driftShare = DriftGateConfig.defaultDriftShare
        if case .number(let share)? = value("drift_share") {
            if let problem = DriftGateConfig.Options.driftShareProblem(share) { report(problem) } else { driftShare = share }
        }
        var columnSeverity = CheckSeverity.warn, severity = CheckSeverity.error
        if case .string(let raw)? = value("column_severity"), let parsed = CheckSeverity(rawValue: raw) { columnSeverity = parsed }
        if case .string(let raw)? = value("severity"), let parsed = CheckSeverity(rawValue: raw) { severity = parsed }

        var columns: [DriftColumnConfig]?
        if let node = gate["columns"], let items = reader.sequence(node, "for 'columns' \(context)") {
            var list: [DriftColumnConfig] = []
            for (index, item) in items.enumerated() {
                if case .scalar = item, let name = reader.string(item, "for column #\(index + 1) \(context)") {
                    list.append(DriftColumnConfig(name: name, location: reader.location(of: item)))
                    continue
                }
                guard let mapping = reader.mapping(item, "for column #\(index + 1) \(context) (a name or {name, method, threshold})")
                else { continue }
                let (values, _) = mapping.values(for: DriftGateConfig.columnKeys)
                guard case .string(let name)? = values["name"] else { continue }
                var column = DriftColumnConfig(name: name, location: reader.location(of: item))
                if case .string(let raw)? = values["method"] { column.method = DriftMethod(rawValue: raw) }
                if case .number(let number)? = values["threshold"] { column.threshold = number }
                list.append(column)
            }
            columns = list
        }
        let categorical = strings("categorical"), numeric = strings("numeric")
        let exclude = strings("exclude")
        DriftGateConfig.Options.columnProblems(columns: columns, exclude: exclude, categorical: categorical, numeric: numeric)
            .forEach(report)
        guard let reference, let current else { return nil }
        return DriftGateConfig(
            reference: reference, current: current, columns: columns, exclude: exclude, categorical: categorical,
            numeric: numeric, method: method, threshold: threshold, ksMethod: ksMethod, bins: bins, driftShare: driftShare,
            columnSeverity: columnSeverity, severity: severity, location: reader.location(of: gate.node))
    }
}
