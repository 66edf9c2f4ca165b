import Foundation

/// The JSON Schema (draft 2020-12) of `mlgate.yml`, generated from the same key lists
/// the loader validates against, so that the published schema (`docs/mlgate.schema.json`)
/// cannot drift from what mlgate accepts. A test compares the two.
public enum ConfigSchema {
    /// The schema as a JSON object.
    public static func schema() -> [String: Any] {
        var definitions: [String: Any] = [
            "reports": object(ReportPaths.keys, description: "Where reports are written, relative to the config file."),
            "input": [
                "description": "The table to read: a path relative to the config file, or a mapping.",
                "oneOf": [
                    ["type": "string", "minLength": 1],
                    object(TableInput.keys, description: "A table with explicit options."),
                    object(DatabaseTable.keys, description: "A database table or query (docs/warehouse.md)."),
                    object(SparkTable.keys, description: "A Spark table or query, read through Spark Connect (docs/spark.md)."),
                ],
            ] as [String: Any],
            "schema": [
                "description": "A Frictionless Table Schema: a path (JSON or YAML), a mapping with 'path', or the schema inline (with 'fields').",
                "oneOf": [
                    ["type": "string", "minLength": 1],
                    object(ContractConfig.keys, description: "A schema file with options."),
                    [
                        "type": "object", "required": ["fields"],
                        "description": "A Table Schema written inline (see https://datapackage.org/standard/table-schema/).",
                        "properties": ["fields": ["type": "array", "items": ["type": "object", "required": ["name"]]]],
                    ] as [String: Any],
                ],
            ] as [String: Any],
            "gate": gate(),
            "dataGate": object(
                GateConfig.keys + DataGateConfig.keys,
                description: "A data gate: one table and the checks on it."),
            "check": check(),
            "modelGate": object(
                GateConfig.keys + ModelGateConfig.keys,
                description: "A model gate: a predictions file and the metric checks on it."),
            "scores": [
                "description": "Score columns: one column (binary), a list of columns in 'classes' order, or {prefix: …}.",
                "oneOf": [
                    ["type": "string", "minLength": 1],
                    ["type": "array", "items": ["type": "string"], "minItems": 1],
                    [
                        "type": "object", "additionalProperties": false, "required": ["prefix"],
                        "properties": ["prefix": ["type": "string", "minLength": 1]],
                    ] as [String: Any],
                ],
            ] as [String: Any],
            "baseline": object(
                ModelGateConfig.baselineKeys,
                description: "The champion: its predictions on the same rows, or an earlier JSON report (exactly one)."),
            "bootstrap": object(ModelGateConfig.bootstrapKeys, description: "The paired bootstrap behind 'confidence'."),
            "metricCheck": object(MetricCheck.commonKeys + MetricCheck.parameters, description: MetricCheck.summary),
            "fairnessGate": object(
                GateConfig.keys + FairnessGateConfig.keys,
                description: "A fairness gate: group rates across sensitive columns and the checks on them."),
            "fairnessCheck": object(FairnessCheck.parameters, description: "A fairness check: a disparity measure against bounds."),
            "driftGate": object(
                GateConfig.keys + DriftGateConfig.keys,
                description: "A drift gate: current data against reference data, column by column."),
            "driftColumn": object(DriftGateConfig.columnKeys, description: "A drift gate's column with its own method or threshold."),
            "reference": [
                "description": "The reference group: 'largest', 'best', or a mapping of every sensitive column to its value.",
                "oneOf": [
                    ["enum": ["largest", "best"]],
                    ["type": "object", "additionalProperties": ["type": ["string", "number", "boolean"]], "minProperties": 1]
                        as [String: Any],
                ],
            ] as [String: Any],
        ]
        for type in CheckCatalog.tableChecks {
            var definition = object(ConfiguredCheck.keys + type.parameters, description: type.summary)
            var properties = definition["properties"] as! [String: Any]
            properties["check"] = ["const": type.identifier]
            definition["properties"] = properties
            definitions["check.\(type.identifier)"] = definition
        }
        var top = object(MLGateConfig.keys, description: "mlgate configuration (mlgate.yml).")
        var properties = top["properties"] as! [String: Any]
        properties["version"] = ["const": MLGateConfig.currentVersion, "description": MLGateConfig.keys[key: "version"].summary]
        top["properties"] = properties
        top["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        top["title"] = "mlgate.yml"
        top["$defs"] = definitions
        return top
    }

    /// The schema as pretty-printed JSON with sorted keys, ending with a line break.
    public static func json() -> Data {
        let data = try! JSONSerialization.data(
            withJSONObject: schema(), options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return data + Data("\n".utf8)
    }

    /// Any gate: `name` and `kind`, then the keys of its kind.
    private static func gate() -> [String: Any] {
        let conditions: [[String: Any]] = [
            [
                "if": ["properties": ["kind": ["const": GateKind.data.rawValue]]],
                "then": ["$ref": "#/$defs/dataGate"],
            ],
            [
                "if": ["properties": ["kind": ["const": GateKind.model.rawValue]]],
                "then": ["$ref": "#/$defs/modelGate"],
            ],
            [
                "if": ["properties": ["kind": ["const": GateKind.fairness.rawValue]]],
                "then": ["$ref": "#/$defs/fairnessGate"],
            ],
            [
                "if": ["properties": ["kind": ["const": GateKind.drift.rawValue]]],
                "then": ["$ref": "#/$defs/driftGate"],
            ],
        ]
        var definition = object(GateConfig.keys, description: "A gate.", closed: false)
        definition["allOf"] = conditions
        return definition
    }

    /// Any check: `check` names it, and its identifier selects its keys.
    private static func check() -> [String: Any] {
        let identifiers = CheckCatalog.tableChecks.map { $0.identifier }
        return [
            "type": "object",
            "description": "A check: 'check' names it; its other keys depend on the check.",
            "required": ["check"],
            "properties": ["check": ["enum": identifiers]],
            "allOf": identifiers.map { identifier in
                [
                    "if": ["properties": ["check": ["const": identifier]]],
                    "then": ["$ref": "#/$defs/check.\(identifier)"],
                ] as [String: Any]
            },
        ]
    }

    private static func object(_ keys: [ParameterSpec], description: String, closed: Bool = true) -> [String: Any] {
        var properties: [String: Any] = [:]
        for key in keys {
            var property = type(of: key)
            property["description"] = key.summary
            properties[key.key] = property
        }
        var definition: [String: Any] = [
            "type": "object",
            "description": description,
            "properties": properties,
        ]
        if closed { definition["additionalProperties"] = false }
        let required = keys.filter(\.isRequired).map(\.key)
        if !required.isEmpty { definition["required"] = required }
        return definition
    }

    private static func type(of key: ParameterSpec) -> [String: Any] {
        switch key.type {
        case .string: return ["type": "string"]
        case .integer(let minimum?): return ["type": "integer", "minimum": minimum]
        case .integer(nil): return ["type": "integer"]
        case .number: return ["type": "number"]
        case .boolean: return ["type": "boolean"]
        case .stringList: return ["type": "array", "items": ["type": "string"], "minItems": 1]
        case .label: return ["type": ["string", "number", "boolean"]]
        case .labelList: return ["type": "array", "items": ["type": ["string", "number", "boolean"]], "minItems": 1]
        case .choice(let choices): return ["enum": choices]
        case .structure(let name):
            switch name {
            case "list of gates": return ["type": "array", "minItems": 1, "items": ["$ref": "#/$defs/gate"]]
            case "list of checks": return ["type": "array", "items": ["$ref": "#/$defs/check"]]
            case "list of metric checks": return ["type": "array", "minItems": 1, "items": ["$ref": "#/$defs/metricCheck"]]
            case "list of fairness checks": return ["type": "array", "minItems": 1, "items": ["$ref": "#/$defs/fairnessCheck"]]
            case "list of columns":
                return [
                    "type": "array", "minItems": 1,
                    "items": ["oneOf": [["type": "string", "minLength": 1], ["$ref": "#/$defs/driftColumn"]]],
                ]
            default: return ["$ref": "#/$defs/\(name)"]
            }
        }
    }
}
