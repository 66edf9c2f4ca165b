import Foundation

/// Writes a ``TableSchema`` as Table Schema JSON, keys in the standard's reading order
/// (`name`, `type`, `format`, `constraints`), two-space indented: what `mlgate infer`
/// prints and what ``SchemaLoader`` reads back.
public enum TableSchemaWriter {
    /// The schema as JSON text, ending with a line break.
    public static func json(_ schema: TableSchema) -> String {
        var members: [(String, String)] = [("fields", array(schema.fields.map(field), indent: 1))]
        if schema.missingValues != [""] { members.append(("missingValues", inlineArray(schema.missingValues.map(string)))) }
        if !schema.primaryKey.isEmpty {
            members.append(("primaryKey", schema.primaryKey.count == 1 ? string(schema.primaryKey[0]) : inlineArray(schema.primaryKey.map(string))))
        }
        if !schema.uniqueKeys.isEmpty {
            members.append(("uniqueKeys", inlineArray(schema.uniqueKeys.map { inlineArray($0.map(string)) })))
        }
        if !schema.foreignKeys.isEmpty {
            members.append(("foreignKeys", inlineArray(schema.foreignKeys.map { key in
                let reference = inlineObject([("resource", string("")), ("fields", inlineArray(key.referenceFields.map(string)))])
                return inlineObject([("fields", inlineArray(key.fields.map(string))), ("reference", reference)])
            })))
        }
        if schema.fieldsMatch != .exact { members.append(("fieldsMatch", string(schema.fieldsMatch.rawValue))) }
        return object(members, indent: 0) + "\n"
    }

    private static func field(_ field: SchemaField) -> String {
        var members: [(String, String)] = [("name", string(field.name)), ("type", string(field.type.rawValue))]
        if let format = field.format { members.append(("format", string(format))) }
        let c = field.constraints
        var constraints: [(String, String)] = []
        if c.required { constraints.append(("required", "true")) }
        if c.unique { constraints.append(("unique", "true")) }
        let numeric = field.type == .integer || field.type == .number
        for (key, value) in [("minimum", c.minimum), ("maximum", c.maximum), ("exclusiveMinimum", c.exclusiveMinimum), ("exclusiveMaximum", c.exclusiveMaximum)] {
            if let value { constraints.append((key, numeric ? value : string(value))) }
        }
        if let value = c.minLength { constraints.append(("minLength", String(value))) }
        if let value = c.maxLength { constraints.append(("maxLength", String(value))) }
        if let value = c.pattern { constraints.append(("pattern", string(value))) }
        if let values = c.enumeration { constraints.append(("enum", inlineArray(values.map { numeric ? $0 : string($0) }))) }
        if !constraints.isEmpty { members.append(("constraints", inlineObject(constraints))) }
        return inlineObject(members)
    }

    private static func pad(_ indent: Int) -> String { String(repeating: "  ", count: indent) }

    private static func object(_ members: [(String, String)], indent: Int) -> String {
        "{\n" + members.map { "\(pad(indent + 1))\(string($0.0)): \($0.1)" }.joined(separator: ",\n") + "\n\(pad(indent))}"
    }

    private static func array(_ items: [String], indent: Int) -> String {
        items.isEmpty ? "[]" : "[\n" + items.map { pad(indent + 1) + $0 }.joined(separator: ",\n") + "\n\(pad(indent))]"
    }

    private static func inlineObject(_ members: [(String, String)]) -> String {
        "{" + members.map { "\(string($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }

    private static func inlineArray(_ items: [String]) -> String {
        "[" + items.joined(separator: ", ") + "]"
    }

    /// A JSON string literal.
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
