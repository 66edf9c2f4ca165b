import Foundation
import Yams

extension ConfigLoader {
    /// A `kind: model` gate: a predictions file and the metric checks on it.
    static let modelGateDecoder = GateDecoder(keys: ModelGateConfig.keys) { gate, reader, directory in
        decodeModelGate(gate, reader: reader, directory: directory).map(GateConfig.Body.model)
    }

    /// A `kind: model` gate's keys.
    static func decodeModelGate(_ gate: MappingReader, reader: YAMLNodeReader, directory: URL) -> ModelGateConfig? {
        let context = gate.context
        func value(_ key: String) -> ConfigValue? { gate.value(key, in: ModelGateConfig.keys) }
        func string(_ key: String) -> String? { gate.string(key, in: ModelGateConfig.keys) }
        func strings(_ key: String) -> [String]? {
            guard case .list(let items)? = value(key) else { return nil }
            return items.compactMap { if case .string(let text) = $0 { text } else { nil } }
        }

        let predictions = gate["predictions"].flatMap {
            decodeInput($0, context: context, reader: reader, directory: directory)
        }
        let task = string("task").flatMap(ModelTask.init(rawValue:))
        let label = string("label")
        var columns = PredictionColumns(task: task ?? .binary, label: label ?? "")
        columns.prediction = string("prediction")
        columns.weight = string("weight")
        columns.id = string("id")
        columns.positiveLabel = string("positive_label")
        columns.classes = strings("classes")
        columns.slices = strings("slices") ?? []
        if let node = gate["score"] { columns.scores = decodeScores(node, context: context, reader: reader) }
        if let threshold = decodeScoreThreshold(gate, keys: ModelGateConfig.keys, reader: reader) {
            columns.threshold = threshold
        }
        var minSliceSize = 30
        if case .integer(let size)? = value("min_slice_size") { minSliceSize = size }
        if task != nil { columns.modelProblems(given: gate.keys).forEach { report($0, gate, reader) } }

        let bootstrap = decodeBootstrap(gate, reader: reader)

        var baseline: ModelGateConfig.Baseline?
        if let node = gate["baseline"], let mapping = reader.mapping(node, "for 'baseline' \(context)") {
            baseline = decodeBaseline(mapping, columns: columns, context: context, reader: reader, directory: directory)
        }

        var checks: [MetricCheck] = []
        if let node = gate["metrics"], let items = reader.sequence(node, "for 'metrics' \(context)") {
            if items.isEmpty { reader.error("'metrics' is empty \(context): declare at least one metric check", at: node) }
            checks = decodeCheckList(items, context: context, reader: reader) { item, index in
                task.flatMap { decodeMetricCheck(item, index: index, task: $0, gateContext: context, reader: reader) }
            } then: { check in
                if check.needsBaseline, baseline == nil {
                    reader.error(
                        "'max_drop' and 'max_relative_drop' compare with a baseline: add 'baseline' to gate \(context.dropFirst(8))",
                        at: check.location)
                }
                if check.confidence != nil, baseline?.isReport == true {
                    reader.error(
                        "'confidence' needs the champion's predictions (a paired bootstrap), not a report, in check '\(check.name)'",
                        at: check.location)
                }
            }
        }
        guard let predictions, task != nil, label != nil else { return nil }
        return ModelGateConfig(
            predictions: predictions, columns: columns, baseline: baseline, bootstrap: bootstrap,
            minSliceSize: minSliceSize, checks: checks)
    }

    /// A problem of a gate's options, at its key (or at the gate, for a missing key).
    static func report(_ problem: OptionProblem, _ gate: MappingReader, _ reader: YAMLNodeReader) {
        reader.error(problem.message(.configKey, context: gate.context), at: gate[problem.key] ?? gate.node)
    }

    /// A gate's `bootstrap:` (defaults when absent).
    static func decodeBootstrap(_ gate: MappingReader, reader: YAMLNodeReader) -> BootstrapSettings {
        var bootstrap = BootstrapSettings()
        if let node = gate["bootstrap"], let mapping = reader.mapping(node, "for 'bootstrap' \(gate.context)") {
            let (values, _) = mapping.values(for: ModelGateConfig.bootstrapKeys)
            if case .integer(let resamples)? = values["resamples"] { bootstrap.resamples = resamples }
            if case .integer(let seed)? = values["seed"] { bootstrap.seed = UInt64(seed) }
        }
        return bootstrap
    }

    /// `score:` as a column, a list of columns, or `{prefix: …}`.
    static func decodeScores(_ node: Node, context: String, reader: YAMLNodeReader) -> PredictionColumns.Scores? {
        switch node {
        case .scalar:
            return reader.string(node, "for 'score' \(context)").map { .column($0) }
        case .sequence:
            let spec = ParameterSpec("score", .stringList, "")
            guard case .list(let items)? = reader.value(node, as: spec, context) else { return nil }
            return .columns(items.compactMap { if case .string(let text) = $0 { text } else { nil } })
        default:
            guard let mapping = reader.mapping(node, "for 'score' \(context)") else { return nil }
            let (values, _) = mapping.values(for: [ParameterSpec("prefix", .string, required: true, "")])
            if case .string(let prefix)? = values["prefix"] { return .prefix(prefix) }
            return nil
        }
    }

    static func decodeBaseline(
        _ mapping: MappingReader, columns: PredictionColumns, context: String, reader: YAMLNodeReader, directory: URL
    ) -> ModelGateConfig.Baseline? {
        mapping.validateKeys(known: ModelGateConfig.baselineKeys.map(\.key), required: [])
        let sources = ["predictions", "report", "registry"].filter { mapping[$0] != nil }
        guard sources.count == 1 else {
            reader.error("'baseline' \(context) needs exactly one of 'predictions', 'report' and 'registry'", at: mapping.node)
            return nil
        }
        if sources[0] != "predictions" {
            let source = sources[0]
            for key in ["prediction", "score"] where mapping[key] != nil {
                reader.error("'\(key)' applies to baseline predictions, not to a \(source)", at: mapping[key])
            }
            guard let text = reader.string(mapping[source]!, "for '\(source)' in 'baseline' \(context)") else { return nil }
            let gate = mapping["gate"].flatMap { reader.string($0, "for 'gate' in 'baseline' \(context)") }
            let location = reader.location(of: mapping[source])
            if source == "report" {
                return .report(path: text, url: MLGateConfig.resolve(text, against: directory), gate: gate, location: location)
            }
            do throws(PromotionError) {
                return .registry(try RegistryAliasReference(parsing: text, relativeTo: directory), gate: gate, location: location)
            } catch {
                reader.error(error.message, at: mapping[source])
                return nil
            }
        }
        if mapping["gate"] != nil {
            reader.error("'gate' applies to a baseline report, not to predictions", at: mapping["gate"])
        }
        guard let input = decodeInput(mapping["predictions"]!, context: "in 'baseline' \(context)", reader: reader, directory: directory)
        else { return nil }
        var baselineColumns = columns
        baselineColumns.slices = []
        if let node = mapping["prediction"] { baselineColumns.prediction = reader.string(node, "for 'prediction' in 'baseline' \(context)") }
        if let node = mapping["score"] { baselineColumns.scores = decodeScores(node, context: "in 'baseline' \(context)", reader: reader) }
        return .predictions(input, baselineColumns)
    }

    static func decodeMetricCheck(_ node: Node, index: Int, task: ModelTask, gateContext: String, reader: YAMLNodeReader)
        -> MetricCheck?
    {
        guard
            let heading = decodeCheckHeading(
                node, index: index, noun: "metric check", identifierKey: "metric", gateContext: gateContext, reader: reader),
            let (parameters, severity) = decodeCheckKeys(
                heading.keys, parameters: MetricCheck.parameters, common: MetricCheck.commonKeys,
                checkName: heading.name ?? "metric"),
            heading.identifier != nil
        else { return nil }
        let explicitName = heading.explicitName
        return buildCheck(parameters, reader: reader) { () throws(DiagnosticError) in
            try MetricCheck(parameters: parameters, task: task, severity: severity, explicitName: explicitName)
        }
    }
}
