import Foundation
import Testing

@testable import MLGate

/// The Table Schema parser: what it reads, and every malformed schema reported at its
/// line and column with what was expected.
@Suite("Contract: schema loader")
struct SchemaLoaderTests {
    @Test func readsJSONAndYAMLAlike() throws {
        let json = """
            {"fields": [
              {"name": "id", "type": "integer", "constraints": {"required": true, "unique": true, "minimum": 1}},
              {"name": "day", "type": "date", "format": "%d/%m/%Y", "constraints": {"maximum": "31/12/2030"}},
              {"name": "flag", "type": "boolean", "trueValues": ["y"], "falseValues": ["n"], "missingValues": ["-"]},
              {"name": "code", "constraints": {"pattern": "[A-Z]{2}\\\\d+", "enum": ["AB1", "CD2"]}}
             ],
             "missingValues": ["", "NA"], "primaryKey": "id", "uniqueKeys": [["day", "code"]], "fieldsMatch": "subset"}
            """
        let yaml = """
            fields:
              - {name: id, type: integer, constraints: {required: true, unique: true, minimum: 1}}
              - name: day
                type: date
                format: "%d/%m/%Y"
                constraints: {maximum: "31/12/2030"}
              - {name: flag, type: boolean, trueValues: [y], falseValues: [n], missingValues: ["-"]}
              - name: code
                constraints: {pattern: '[A-Z]{2}\\d+', enum: [AB1, CD2]}
            missingValues: ["", NA]
            primaryKey: id
            uniqueKeys: [[day, code]]
            fieldsMatch: subset
            """
        let a = try SchemaLoader.parse(json, file: "s.json")
        let b = try SchemaLoader.parse(yaml, file: "s.yaml")
        for schema in [a, b] {
            #expect(schema.fields.map(\.name) == ["id", "day", "flag", "code"])
            #expect(schema.fields.map(\.type) == [.integer, .date, .boolean, .string])
            #expect(schema.fields[0].constraints.required && schema.fields[0].constraints.unique)
            #expect(schema.fields[0].constraints.minimum == "1")
            #expect(schema.fields[1].format == "%d/%m/%Y" && schema.fields[1].constraints.maximum == "31/12/2030")
            #expect(schema.fields[2].options.trueValues == ["y"] && schema.fields[2].missingValues == ["-"])
            #expect(schema.fields[3].constraints.pattern == "[A-Z]{2}\\d+")
            #expect(schema.fields[3].constraints.enumeration == ["AB1", "CD2"])
            #expect(schema.missingValues == ["", "NA"] && schema.primaryKey == ["id"])
            #expect(schema.uniqueKeys == [["day", "code"]] && schema.fieldsMatch == .subset)
        }
    }

    struct Malformed: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var expected: String
        var testDescription: String { name }
    }

    static let malformed: [Malformed] = [
        .init(name: "not JSON", text: "{\"fields\": [\n  {\"name\": \"a\"", expected: "s.json:3:1: error: invalid JSON or YAML: did not find expected ',' or '}'"),
        .init(name: "empty", text: "", expected: "s.json:1:1: error: the schema is empty"),
        .init(name: "no fields", text: "{\"primaryKey\": \"a\"}", expected: "missing required key 'fields'"),
        .init(name: "fields not a list", text: "{\"fields\": 3}", expected: "s.json:1:12: error: expected a list for 'fields', found '3'"),
        .init(name: "field without name", text: "{\"fields\": [{\"type\": \"integer\"}]}", expected: "missing required key 'name' in field #1"),
        .init(
            name: "unknown type", text: "{\"fields\": [{\"name\": \"a\", \"type\": \"intger\"}]}",
            expected: "s.json:1:35: error: unknown type 'intger' in field 'a' (expected one of string, number, integer"),
        .init(name: "duplicate field", text: "{\"fields\": [{\"name\": \"a\"}, {\"name\": \"a\"}]}", expected: "duplicate field name 'a'"),
        .init(
            name: "unknown constraint", text: "{\"fields\": [{\"name\": \"a\", \"type\": \"integer\", \"constraints\": {\"minimun\": 1}}]}",
            expected: "s.json:1:62: error: unknown key 'minimun' in 'constraints' in field 'a'; did you mean 'minimum'?"),
        .init(
            name: "bound on a string", text: "{\"fields\": [{\"name\": \"a\", \"constraints\": {\"minimum\": 1}}]}",
            expected: "'minimum' does not apply to type 'string'"),
        .init(
            name: "bound of the wrong type", text: "{\"fields\": [{\"name\": \"a\", \"type\": \"date\", \"constraints\": {\"minimum\": \"soon\"}}]}",
            expected: "'minimum' in the constraints of field 'a' is 'soon', which is not a valid date/default value"),
        .init(
            name: "bad pattern", text: "{\"fields\": [{\"name\": \"a\", \"constraints\": {\"pattern\": \"[a-\"}}]}",
            expected: "pattern '[a-' is not a valid XML Schema regular expression"),
        .init(
            name: "negative length", text: "{\"fields\": [{\"name\": \"a\", \"constraints\": {\"maxLength\": -1}}]}",
            expected: "expected an integer ≥ 0 for 'maxLength'"),
        .init(
            name: "required not boolean", text: "{\"fields\": [{\"name\": \"a\", \"constraints\": {\"required\": \"yes\"}}]}",
            expected: "expected true or false for 'required'"),
        .init(
            name: "unknown string format", text: "{\"fields\": [{\"name\": \"a\", \"format\": \"phone\"}]}",
            expected: "valid formats: default, email, uri, binary, uuid"),
        .init(
            name: "enum value of the wrong type", text: "{\"fields\": [{\"name\": \"a\", \"type\": \"integer\", \"constraints\": {\"enum\": [1, \"x\"]}}]}",
            expected: "'enum' in the constraints of field 'a' lists 'x', which is not a valid integer/default value"),
        .init(name: "primary key not a field", text: "{\"fields\": [{\"name\": \"id\"}], \"primaryKey\": \"ID\"}", expected: "'ID' for 'primaryKey' is not a field of the schema; did you mean 'id'?"),
        .init(name: "unknown fieldsMatch", text: "{\"fields\": [{\"name\": \"a\"}], \"fieldsMatch\": \"exakt\"}", expected: "unknown fieldsMatch 'exakt' (expected one of exact, equal, subset, superset, partial); did you mean 'exact'?"),
        .init(name: "missingValues not a list", text: "{\"fields\": [{\"name\": \"a\"}], \"missingValues\": \"NA\"}", expected: "expected a list for 'missingValues'"),
        .init(
            name: "foreign key to another resource",
            text: "{\"fields\": [{\"name\": \"a\"}], \"foreignKeys\": [{\"fields\": \"a\", \"reference\": {\"resource\": \"people\", \"fields\": \"id\"}}]}",
            expected: "s.json:1:87: error: foreign key #1 references resource 'people': mlgate validates one table, so a foreign key can only reference the table itself (resource \"\")"),
        .init(
            name: "foreign key of unequal length",
            text: "{\"fields\": [{\"name\": \"a\"}, {\"name\": \"b\"}], \"foreignKeys\": [{\"fields\": [\"a\", \"b\"], \"reference\": {\"resource\": \"\", \"fields\": \"a\"}}]}",
            expected: "foreign key #1 has 2 field(s) and 1 referenced field(s): expected as many of each, at least one"),
        .init(
            name: "foreign key to an unknown field",
            text: "{\"fields\": [{\"name\": \"id\"}, {\"name\": \"parent\"}], \"foreignKeys\": [{\"fields\": \"parent\", \"reference\": {\"resource\": \"\", \"fields\": \"ID\"}}]}",
            expected: "'ID' for 'reference.fields' in foreign key #1 is not a field of the schema; did you mean 'id'?"),
        .init(
            name: "foreign key without reference", text: "{\"fields\": [{\"name\": \"a\"}], \"foreignKeys\": [{\"fields\": \"a\"}]}",
            expected: "foreign key #1 needs 'fields' and 'reference' (with 'resource' and 'fields')"),
    ]

    @Test(arguments: malformed)
    func malformedSchemasAreLocated(_ example: Malformed) {
        do {
            _ = try SchemaLoader.parse(example.text, file: "s.json")
            Issue.record("\(example.name) loaded")
        } catch {
            #expect(error.description.contains(example.expected), "\(error.description)")
            #expect(error.diagnostics.allSatisfy { $0.location?.file == "s.json" })
        }
    }

    @Test func everyProblemIsReportedAtOnce() {
        let text = """
            {"fields": [
              {"name": "a", "type": "intger"},
              {"name": "b", "constraints": {"minimum": 1}}
            ], "primaryKey": "c"}
            """
        do {
            _ = try SchemaLoader.parse(text, file: "s.json")
            Issue.record("loaded")
        } catch {
            #expect(error.diagnostics.count == 3, "\(error.description)")
            #expect(error.diagnostics.map { $0.location?.line } == [2, 3, 4])
        }
    }

    @Test func aMissingSchemaFileSaysWhereItWasExpected() {
        #expect(throws: DiagnosticError.self) {
            try SchemaLoader.load(url: URL(fileURLWithPath: "/nonexistent/s.json"), displayPath: "s.json")
        }
    }

    @Test func writtenSchemasReadBack() throws {
        let schema = try SchemaLoader.parse(
            "{\"fields\": [{\"name\": \"a \\\"q\\\"\", \"type\": \"integer\", \"constraints\": {\"required\": true, \"minimum\": 1, \"enum\": [1, 2]}}, {\"name\": \"b\", \"type\": \"date\", \"constraints\": {\"maximum\": \"2030-01-01\"}}], \"primaryKey\": [\"a \\\"q\\\"\", \"b\"], \"fieldsMatch\": \"equal\", \"missingValues\": [\"NA\"]}",
            file: "s.json")
        let again = try SchemaLoader.parse(TableSchemaWriter.json(schema), file: "written.json")
        #expect(again.fields == schema.fields.map { var field = $0; field.location = again.fields[0].location; return field }.enumerated().map { index, field in
            var field = field
            field.location = again.fields[index].location
            field.constraints.locations = again.fields[index].constraints.locations
            return field
        })
        #expect(again.primaryKey == schema.primaryKey && again.fieldsMatch == .equal && again.missingValues == ["NA"])
    }

    @Test func foreignKeysReadBack() throws {
        let text = """
            {"fields": [{"name": "country"}, {"name": "code"}, {"name": "parent"}],
             "foreignKeys": [{"fields": ["country", "parent"], "reference": {"resource": "", "fields": ["country", "code"]}},
                             {"fields": "parent", "reference": {"fields": "code"}}]}
            """
        let schema = try SchemaLoader.parse(text, file: "s.json")
        #expect(schema.foreignKeys == [
            ForeignKey(fields: ["country", "parent"], referenceFields: ["country", "code"]),
            ForeignKey(fields: ["parent"], referenceFields: ["code"]),
        ])
        #expect(try SchemaLoader.parse(TableSchemaWriter.json(schema), file: "written.json").foreignKeys == schema.foreignKeys)
    }
}

/// `pattern` is an XML Schema regular expression (libxml2's engine): anchored, with the
/// standard's escapes and character class subtraction.
@Suite("Contract: XML Schema patterns")
struct XMLSchemaPatternTests {
    @Test(arguments: [
        ("[A-Z]{2}\\d{2}", "AB12", true), ("[A-Z]{2}\\d{2}", "AB123", false), ("[A-Z]{2}\\d{2}", "xAB12", false),
        ("a|b", "a", true), ("a|b", "ab", false), ("\\p{Lu}+", "ÉCOLE", true), ("\\p{Lu}+", "École", false),
        ("[a-z-[aeiou]]+", "bcd", true), ("[a-z-[aeiou]]+", "bad", false), ("\\i\\c*", "name-1", true),
        ("[A-Z]{2}\\d{2}", "AB12\n", false), (".*", "", true), ("\\d+(\\.\\d+)?", "3.14", true),
        ("^[a-z]+$", "abc", true), ("^[a-z]+$", "^abc$", false), ("\\^a[$]", "^a$", true),
    ])
    func matchesTheWholeCell(_ pattern: String, _ text: String, _ matches: Bool) throws {
        #expect(try XMLSchemaPattern(pattern).matches(text) == matches)
    }

    @Test(arguments: ["[a-", "(ab", "\\q", "a{2"])
    func rejectsWhatTheDialectDoesNot(_ pattern: String) {
        #expect(throws: XMLSchemaPatternError.self) { try XMLSchemaPattern(pattern) }
    }
}
