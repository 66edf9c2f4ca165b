import Foundation
import Yams

extension ConfigLoader {
    /// A `kind: fairness` gate: group rates across sensitive columns and the checks on them.
    static let fairnessGateDecoder = GateDecoder(keys: FairnessGateConfig.keys) { gate, reader, directory in
        decodeFairnessGate(gate, reader: reader, directory: directory).map(GateConfig.Body.fairness)
    }

    /// A `kind: fairness` gate's keys.
    static func decodeFairnessGate(_ gate: MappingReader, reader: YAMLNodeReader, directory: URL) -> FairnessGateConfig? {
        let context = gate.context
        func value(_ key: String) -> ConfigValue? { gate.value(key, in: FairnessGateConfig.keys) }
        func string(_ key: String) -> String? { gate.string(key, in: FairnessGateConfig.keys) }
        let predictions = gate["predictions"].flatMap { decodeInput($0, context: context, reader: reader, directory: directory) }
        let task = string("task").flatMap(ModelTask.init(rawValue:))
        let label = string("label")
        var columns = PredictionColumns(task: task ?? .binary, label: label ?? "")
        columns.prediction = string("prediction")
        columns.scores = string("score").map { .column($0) }
        columns.weight = string("weight")
        columns.positiveLabel = string("positive_label")
        if let threshold = decodeScoreThreshold(gate, keys: FairnessGateConfig.keys, reader: reader) {
            columns.threshold = threshold
        }
        var sensitive: [String] = []
        if case .list(let items)? = value("sensitive") {
            sensitive = items.compactMap { if case .string(let text) = $0 { text } else { nil } }
        }
        var minGroupSize = 30
        if case .integer(let size)? = value("min_group_size") { minGroupSize = size }
        var confidence: Double?
        if case .number(let level)? = value("confidence") {
            if level > 0, level < 1 { confidence = level } else {
                reader.error("'confidence' must lie strictly between 0 and 1 \(context), found \(level)", at: gate["confidence"])
            }
        }
        if task != nil { columns.fairnessProblems(given: gate.keys).forEach { report($0, gate, reader) } }
        let bootstrap = decodeBootstrap(gate, reader: reader)
        var reference: FairnessGateConfig.Reference?
        if let node = gate["reference"] {
            reference = decodeReference(node, sensitive: sensitive, context: context, reader: reader)
        }
        var checks: [FairnessCheck] = []
        if let node = gate["checks"], let items = reader.sequence(node, "for 'checks' \(context)") {
            if items.isEmpty { reader.error("'checks' is empty \(context): declare at least one fairness check", at: node) }
            checks = decodeCheckList(items, context: context, reader: reader) { item, index in
                task.flatMap { decodeFairnessCheck(item, index: index, task: $0, gateContext: context, reader: reader) }
            }
        }
        guard let predictions, task != nil, label != nil, !sensitive.isEmpty else { return nil }
        return FairnessGateConfig(
            predictions: predictions, columns: columns, sensitive: sensitive, minGroupSize: minGroupSize,
            reference: reference, confidence: confidence, bootstrap: bootstrap, checks: checks)
    }

    /// `reference:` as `largest`, `best`, or a mapping of every sensitive column to a value.
    static func decodeReference(_ node: Node, sensitive: [String], context: String, reader: YAMLNodeReader)
        -> FairnessGateConfig.Reference?
    {
        if case .scalar(let scalar) = node {
            switch scalar.string {
            case "largest": return .largest
            case "best": return .best
            default:
                reader.error(
                    "expected 'largest', 'best' or a mapping of sensitive column to value for 'reference' \(context), found '\(scalar.string)'",
                    at: node)
                return nil
            }
        }
        guard let mapping = reader.mapping(node, "for 'reference' \(context)") else { return nil }
        mapping.validateKeys(known: sensitive, required: sensitive)
        var key: [String] = []
        for column in sensitive {
            guard let value = mapping[column].flatMap({ reader.string($0, "for '\(column)' in 'reference' \(context)") })
            else { return nil }
            key.append(value)
        }
        return .group(key)
    }

    static func decodeFairnessCheck(_ node: Node, index: Int, task: ModelTask, gateContext: String, reader: YAMLNodeReader)
        -> FairnessCheck?
    {
        guard let mapping = reader.mapping(node, "for check #\(index + 1) \(gateContext)") else { return nil }
        let name = (mapping["name"] ?? mapping["check"]).flatMap { $0.string }
        let context = name.map { "in check '\($0)'" } ?? "in check #\(index + 1) \(gateContext)"
        let checkReader = MappingReader(reader: reader, node: node, mapping: mapping.mapping, context: context)
        let (values, locations) = checkReader.values(for: FairnessCheck.parameters)
        let wellFormed = FairnessCheck.parameters.allSatisfy { mapping[$0.key] == nil || values[$0.key] != nil }
        guard wellFormed, values["check"] != nil else { return nil }
        let severity = (values["severity"].flatMap { if case .string(let raw) = $0 { raw } else { nil } })
            .flatMap(CheckSeverity.init(rawValue:)) ?? .error
        let parameters = CheckParameters(
            values: values, locations: locations, location: reader.location(of: node), checkName: name ?? "check")
        return buildCheck(parameters, reader: reader) { () throws(DiagnosticError) in
            try FairnessCheck(parameters: parameters, task: task, severity: severity)
        }
    }
}
