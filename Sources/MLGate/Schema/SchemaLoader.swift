import Foundation
import Yams

/// Reads a Frictionless Table Schema (v1 or v2) from JSON or YAML, reporting every
/// problem at once with its line and column.
///
/// Properties the standard does not define are allowed (the standard permits them);
/// the keys of `constraints` are a closed set, so an unknown one there is an error with
/// a suggestion. Formats, patterns and constraint values are compiled here, so that a
/// schema that loads can be applied.
public enum SchemaLoader {
    /// Loads the schema at `url`; `displayPath` names it in messages.
    public static func load(url: URL, displayPath: String) throws(DiagnosticError) -> TableSchema {
        let data: Data
        do {
            data = try DocumentFile.read(url)
        } catch {
            let exists = FileManager.default.fileExists(atPath: url.path)
            throw DiagnosticError(
                exists
                    ? "cannot read the schema: \(error.localizedDescription)"
                    : "schema not found (expected at \(url.path)); write one with 'mlgate infer DATA > schema.json'",
                at: SourceLocation(file: displayPath))
        }
        let text = try UTF8Text.decode(data, file: displayPath, what: "the schema")
        return try parse(text, file: displayPath)
    }

    /// Parses schema text (JSON or YAML); `file` names it in messages.
    public static func parse(_ text: String, file: String) throws(DiagnosticError) -> TableSchema {
        try YAMLExpansion.check(text, file: file, document: "the schema")
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw DiagnosticError("the schema is empty: expected a mapping with 'fields'", at: SourceLocation(file: file, line: 1, column: 1))
            }
            root = node
        } catch let error as DiagnosticError {
            throw error
        } catch {
            var diagnostic = ConfigLoader.yamlDiagnostic(error, file: file, document: "the schema")
            diagnostic.message = diagnostic.message.replacingOccurrences(of: "invalid YAML: ", with: "invalid JSON or YAML: ")
            throw DiagnosticError([diagnostic])
        }
        let reader = YAMLNodeReader(file: file)
        let schema = decode(root, reader: reader)
        if !reader.diagnostics.isEmpty { throw DiagnosticError(reader.diagnostics) }
        guard let schema else { throw DiagnosticError("the schema could not be read", at: SourceLocation(file: file)) }
        return schema
    }

    /// Decodes a schema node (also used for a schema written inline in `mlgate.yml`).
    static func decode(_ root: Node, reader: YAMLNodeReader) -> TableSchema? {
        guard let top = reader.mapping(root, "for the schema") else { return nil }
        let context = "in the schema"
        guard let fieldsNode = top["fields"] else {
            reader.error("missing required key 'fields' \(context): expected a list of fields", at: root)
            return nil
        }
        var fields: [SchemaField] = []
        var seen: [String: SourceLocation] = [:]
        if let items = reader.sequence(fieldsNode, "for 'fields'") {
            for (index, item) in items.enumerated() {
                guard let field = decodeField(item, index: index, reader: reader) else { continue }
                if let first = seen[field.name] {
                    reader.error("duplicate field name '\(field.name)' (first declared at \(first))", at: item)
                }
                seen[field.name] = field.location
                fields.append(field)
            }
        }
        let names = fields.map(\.name)
        var schema = TableSchema(fields: fields, location: reader.location(of: root))
        if let node = top["missingValues"], let values = strings(node, "for 'missingValues' \(context)", reader: reader) {
            schema.missingValues = values
        }
        if let node = top["primaryKey"] {
            schema.primaryKey = fieldNames(node, "for 'primaryKey'", known: names, reader: reader)
        }
        if let node = top["uniqueKeys"], let items = reader.sequence(node, "for 'uniqueKeys'") {
            schema.uniqueKeys = items.map { fieldNames($0, "for an item of 'uniqueKeys'", known: names, reader: reader) }
        }
        if let node = top["foreignKeys"], let items = reader.sequence(node, "for 'foreignKeys'") {
            schema.foreignKeys = items.enumerated().compactMap { foreignKey($1, index: $0, known: names, reader: reader) }
        }
        if let node = top["fieldsMatch"], let raw = reader.string(node, "for 'fieldsMatch'") {
            if let match = FieldsMatch(rawValue: raw) {
                schema.fieldsMatch = match
            } else {
                let choices = FieldsMatch.allCases.map(\.rawValue)
                reader.error(
                    "unknown fieldsMatch '\(raw)' (expected one of \(choices.joined(separator: ", ")))\(Suggestion.didYouMean(raw, in: choices))",
                    at: node)
            }
        }
        return schema
    }

    private static func decodeField(_ node: Node, index: Int, reader: YAMLNodeReader) -> SchemaField? {
        guard let mapping = reader.mapping(node, "for field #\(index + 1) of the schema") else { return nil }
        guard let nameNode = mapping["name"] else {
            reader.error("missing required key 'name' in field #\(index + 1) of the schema", at: node)
            return nil
        }
        guard let name = reader.string(nameNode, "for 'name' of field #\(index + 1)") else { return nil }
        let context = "in field '\(name)'"
        var field = SchemaField(name: name, location: reader.location(of: node))
        var valid = true
        if let typeNode = mapping["type"], let raw = reader.string(typeNode, "for 'type' \(context)") {
            if let type = FieldType(rawValue: raw) {
                field.type = type
            } else {
                let choices = FieldType.allCases.map(\.rawValue)
                reader.error(
                    "unknown type '\(raw)' \(context) (expected one of \(choices.joined(separator: ", ")))\(Suggestion.didYouMean(raw, in: choices))",
                    at: typeNode)
                valid = false
            }
        }
        if let formatNode = mapping["format"], let format = reader.string(formatNode, "for 'format' \(context)") {
            field.format = format == "default" ? nil : format
        }
        var options = FieldCastOptions()
        func single(_ key: String) -> String? {
            guard let node = mapping[key], let value = reader.string(node, "for '\(key)' \(context)") else { return nil }
            return value
        }
        if let value = single("decimalChar") { options.decimalChar = value }
        if let value = single("groupChar") { options.groupChar = value }
        if let node = mapping["bareNumber"] { options.bareNumber = boolean(node, "for 'bareNumber' \(context)", reader: reader) ?? true }
        if let node = mapping["trueValues"], let values = strings(node, "for 'trueValues' \(context)", reader: reader) {
            options.trueValues = values
        }
        if let node = mapping["falseValues"], let values = strings(node, "for 'falseValues' \(context)", reader: reader) {
            options.falseValues = values
        }
        if let value = single("delimiter") { options.listDelimiter = value }
        if let node = mapping["itemType"], let raw = reader.string(node, "for 'itemType' \(context)") {
            if let type = FieldType(rawValue: raw) {
                options.listItemType = type
            } else {
                reader.error("unknown itemType '\(raw)' \(context): expected a field type such as integer or string", at: node)
            }
        }
        field.options = options
        if let node = mapping["missingValues"], let values = strings(node, "for 'missingValues' \(context)", reader: reader) {
            field.missingValues = values
        }
        if let node = mapping["categories"], let items = reader.sequence(node, "for 'categories' \(context)") {
            field.categories = items.compactMap { item in
                if case .mapping(let category) = item, let value = category["value"] { return scalar(value, reader: reader, context) }
                return scalar(item, reader: reader, "for an item of 'categories' \(context)")
            }
        }
        guard valid else { return nil }
        let caster: FieldCaster
        do {
            caster = try FieldCaster(type: field.type, format: field.format, options: field.options)
        } catch {
            reader.error("\(error) \(context)", at: mapping["format"] ?? node)
            return nil
        }
        if let node = mapping["constraints"] {
            field.constraints = decodeConstraints(node, field: field, caster: caster, reader: reader)
        }
        return field
    }

    // The constraints each type supports, as frictionless's `supported_constraints`
    // (fields/*.py); `required` and `unique` apply to every type.
    private static let lengthTypes: Set<FieldType> = [.string, .array, .object, .list]
    private static let orderedTypes: Set<FieldType> = [.integer, .number, .date, .time, .datetime, .year, .yearmonth]
    private static let patternTypes: Set<FieldType> = [.string]
    private static let enumTypes: Set<FieldType> = Set(FieldType.allCases).subtracting([.list])

    private static func decodeConstraints(_ node: Node, field: SchemaField, caster: FieldCaster, reader: YAMLNodeReader)
        -> FieldConstraints
    {
        var constraints = FieldConstraints()
        guard let mapping = reader.mapping(node, "for 'constraints' in field '\(field.name)'") else { return constraints }
        let context = "in the constraints of field '\(field.name)'"
        mapping.validateKeys(known: FieldConstraints.names, required: [])
        for (keyNode, valueNode) in mapping.mapping {
            guard let key = keyNode.string, FieldConstraints.names.contains(key) else { continue }
            constraints.locations[key] = reader.location(of: valueNode)
        }
        func applies(_ key: String, _ types: Set<FieldType>) -> Bool {
            guard mapping[key] != nil else { return false }
            if types.contains(field.type) { return true }
            reader.error(
                "'\(key)' does not apply to type '\(field.type.rawValue)' \(context): it applies to \(types.map(\.rawValue).sorted().joined(separator: ", "))",
                at: mapping[key])
            return false
        }
        func bound(_ key: String) -> String? {
            guard applies(key, orderedTypes), let node = mapping[key], let text = scalar(node, reader: reader, "for '\(key)' \(context)")
            else { return nil }
            if caster.cast(text) == nil {
                reader.error("'\(key)' \(context) is '\(text)', which is not a valid \(field.typeDescription) value", at: node)
                return nil
            }
            return text
        }
        if let node = mapping["required"] { constraints.required = boolean(node, "for 'required' \(context)", reader: reader) ?? false }
        if let node = mapping["unique"] { constraints.unique = boolean(node, "for 'unique' \(context)", reader: reader) ?? false }
        for key in ["minLength", "maxLength"] where applies(key, lengthTypes) {
            let node = mapping[key]!
            guard node.tag == Tag(.int), let value = node.int, value >= 0 else {
                reader.error("expected an integer ≥ 0 for '\(key)' \(context), found \(reader.describe(node))", at: node)
                continue
            }
            if key == "minLength" { constraints.minLength = value } else { constraints.maxLength = value }
        }
        constraints.minimum = bound("minimum")
        constraints.maximum = bound("maximum")
        constraints.exclusiveMinimum = bound("exclusiveMinimum")
        constraints.exclusiveMaximum = bound("exclusiveMaximum")
        if applies("pattern", patternTypes), let node = mapping["pattern"], let pattern = reader.string(node, "for 'pattern' \(context)") {
            do {
                _ = try XMLSchemaPattern(pattern)
                constraints.pattern = pattern
            } catch {
                reader.error("\(error) \(context)", at: node)
            }
        }
        if applies("enum", enumTypes), let node = mapping["enum"], let items = reader.sequence(node, "for 'enum' \(context)") {
            var values: [String] = []
            for item in items {
                guard let text = scalar(item, reader: reader, "for an item of 'enum' \(context)") else { continue }
                if field.type != .any, field.type != .string, caster.cast(text) == nil {
                    reader.error("'enum' \(context) lists '\(text)', which is not a valid \(field.typeDescription) value", at: item)
                    continue
                }
                values.append(text)
            }
            constraints.enumeration = values
        }
        return constraints
    }

    // MARK: Helpers

    /// A scalar's text (strings, numbers and booleans alike, as written).
    private static func scalar(_ node: Node, reader: YAMLNodeReader, _ context: String) -> String? {
        guard case .scalar(let scalar) = node, node.tag != Tag(.null) else {
            reader.error("expected a string or a number \(context), found \(reader.describe(node))", at: node)
            return nil
        }
        return scalar.string
    }

    private static func boolean(_ node: Node, _ context: String, reader: YAMLNodeReader) -> Bool? {
        guard node.tag == Tag(.bool), let value = node.bool else {
            reader.error("expected true or false \(context), found \(reader.describe(node))", at: node)
            return nil
        }
        return value
    }

    private static func strings(_ node: Node, _ context: String, reader: YAMLNodeReader) -> [String]? {
        guard let items = reader.sequence(node, context) else { return nil }
        return items.compactMap { scalar($0, reader: reader, context) }
    }

    /// A field name or a list of them, each of which must be a field.
    /// One entry of `foreignKeys`: `fields` and `reference: {resource: "", fields}`.
    private static func foreignKey(_ node: Node, index: Int, known: [String], reader: YAMLNodeReader) -> ForeignKey? {
        let context = "in foreign key #\(index + 1)"
        guard let mapping = reader.mapping(node, "for foreign key #\(index + 1) (expected fields and reference)") else { return nil }
        guard let fieldsNode = mapping["fields"], let referenceNode = mapping["reference"] else {
            reader.error("foreign key #\(index + 1) needs 'fields' and 'reference' (with 'resource' and 'fields')", at: node)
            return nil
        }
        let fields = fieldNames(fieldsNode, "for 'fields' \(context)", known: known, reader: reader)
        guard let reference = reader.mapping(referenceNode, "for 'reference' \(context)") else { return nil }
        if let resourceNode = reference["resource"], let resource = reader.string(resourceNode, "for 'reference.resource' \(context)"),
            !resource.isEmpty
        {
            reader.error(
                "foreign key #\(index + 1) references resource '\(resource)': mlgate validates one table, so a foreign key can only reference the table itself (resource \"\")",
                at: resourceNode)
            return nil
        }
        guard let referenceFieldsNode = reference["fields"] else {
            reader.error("missing 'fields' in 'reference' \(context): expected the referenced field names", at: referenceNode)
            return nil
        }
        let referenceFields = fieldNames(referenceFieldsNode, "for 'reference.fields' \(context)", known: known, reader: reader)
        guard !fields.isEmpty, fields.count == referenceFields.count else {
            reader.error(
                "foreign key #\(index + 1) has \(fields.count) field(s) and \(referenceFields.count) referenced field(s): expected as many of each, at least one",
                at: node)
            return nil
        }
        return ForeignKey(fields: fields, referenceFields: referenceFields)
    }

    private static func fieldNames(_ node: Node, _ context: String, known: [String], reader: YAMLNodeReader) -> [String] {
        let names: [String]
        if case .scalar = node {
            names = reader.string(node, context).map { [$0] } ?? []
        } else {
            names = strings(node, context, reader: reader) ?? []
        }
        for name in names where !known.contains(name) {
            reader.error("'\(name)' \(context) is not a field of the schema\(Suggestion.didYouMean(name, in: known))", at: node)
        }
        return names
    }
}
