import Foundation
import Testing

@testable import MLGate

/// `mlgate validate` and `mlgate infer` as a CI step runs them: exit codes, output
/// formats, JUnit, and what malformed inputs say.
@Suite("Contract: validate and infer commands")
struct ValidateCommandTests {
    static let schema = """
        {"fields": [
          {"name": "id", "type": "integer", "constraints": {"required": true, "unique": true}},
          {"name": "age", "type": "integer", "constraints": {"minimum": 18, "maximum": 120}},
          {"name": "email", "type": "string", "format": "email"}
        ], "primaryKey": "id"}
        """

    static func folder(_ files: [String: String]) throws -> URL {
        let directory = try Fixtures.temporaryDirectory()
        for (name, text) in files { try Data(text.utf8).write(to: directory.appendingPathComponent(name)) }
        return directory
    }

    @Test func exitCodesFollowTheVerdict() throws {
        let directory = try Self.folder([
            "s.json": Self.schema,
            "ok.csv": "id,age,email\n1,30,a@example.com\n2,40,b@example.org\n",
            "bad.csv": "id,age,email\n1,30,a@example.com\n1,150,nope\n",
            "broken.csv": "id,age,email\n1,\"30,a@example.com\n",
            "bad-schema.json": "{\"fields\": [{\"name\": \"id\", \"type\": \"intger\"}]}",
        ])
        let ok = try ToolRun(["validate", "ok.csv", "--schema", "s.json"], in: directory)
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.hasPrefix("valid: ok.csv, 2 rows against s.json"))
        let bad = try ToolRun(["validate", "bad.csv", "--schema", "s.json"], in: directory)
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("bad.csv:3: row 3: unique-error"))
        #expect(bad.stdout.contains("bad.csv:3: row 3: constraint-error: '150' in field 'age' breaks maximum 120"))
        #expect(bad.stdout.contains("bad.csv:3: row 3: type-error: 'nope' in field 'email' is not a valid string/email value"))
        let broken = try ToolRun(["validate", "broken.csv", "--schema", "s.json"], in: directory)
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("broken.csv:2:3: error: quoted field opened here is never closed"), "\(broken.stderr)")
        let badSchema = try ToolRun(["validate", "ok.csv", "--schema", "bad-schema.json"], in: directory)
        #expect(badSchema.status == 2)
        #expect(badSchema.stderr.contains("bad-schema.json:1:36: error: unknown type 'intger'"), "\(badSchema.stderr)")
        let missing = try ToolRun(["validate", "nowhere.csv", "--schema", "s.json"], in: directory)
        #expect(missing.status == 2 && missing.stderr.contains("nowhere.csv"))
        let missingSchema = try ToolRun(["validate", "ok.csv", "--schema", "nowhere.json"], in: directory)
        #expect(missingSchema.status == 2 && missingSchema.stderr.contains("schema not found"))
    }

    @Test func jsonAndJUnitCarryEveryProblem() throws {
        let directory = try Self.folder([
            "s.json": Self.schema, "bad.csv": "id,age,email\n1,30,a@example.com\n1,150,nope\n,17,c@example.com\n",
        ])
        let run = try ToolRun(["validate", "bad.csv", "--schema", "s.json", "--format", "json", "--junit", "junit.xml"], in: directory)
        #expect(run.status == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let contract = try #require(document["contract"] as? [String: Any])
        #expect(contract["valid"] as? Bool == false && contract["rows"] as? Int == 3)
        let samples = try #require(contract["samples"] as? [[String: Any]])
        #expect(samples.map { $0["code"] as? String } == [
            "constraint-error", "type-error", "unique-error", "primary-key", "constraint-error", "constraint-error", "primary-key",
        ])
        #expect(samples.map { $0["rowNumber"] as? Int } == [3, 3, 3, 3, 4, 4, 4])
        let junit = try String(contentsOf: directory.appendingPathComponent("junit.xml"), encoding: .utf8)
        for name in ["schema: header", "id: unique", "age: maximum", "age: minimum", "email: type", "primaryKey: id"] {
            #expect(junit.contains("name=\"\(name)\""), "JUnit lacks \(name)")
        }
        #expect(junit.contains("<failure"))
    }

    @Test func withoutASchemaStructureAndInferredTypesAreChecked() throws {
        var text = "id,score,,id\n"
        for row in 1...30 { text += "\(row),0.\(row),x,\(row)\n" }
        text += "oops,0.5,x,1,extra\n\n"
        let directory = try Self.folder(["t.csv": text])
        let run = try ToolRun(["validate", "t.csv", "--format", "json"], in: directory)
        #expect(run.status == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let contract = try #require(document["contract"] as? [String: Any])
        let codes = (contract["samples"] as? [[String: Any]] ?? []).map { $0["code"] as? String ?? "" }
        #expect(codes == ["blank-label", "duplicate-label", "type-error", "extra-cell", "blank-row"])
        #expect((contract["inferredSchema"] as? String)?.contains("\"name\": \"field3\"") == true)
    }

    @Test func gzipAndDialectsAreRead() throws {
        let directory = try Self.folder([
            "s.json": Self.schema, "d.json": "{\"delimiter\": \";\", \"commentChar\": \"#\"}",
            "semi.csv": "# exported today\nid;age;email\n1;30;a@example.com\n2;x;b@example.com\n",
        ])
        let plain = "id,age,email\n1,30,a@example.com\n2,x,b@example.com\n"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "printf '\(plain.replacingOccurrences(of: "\n", with: "\\n"))' | gzip > t.csv.gz"]
        process.currentDirectoryURL = directory
        try process.run()
        process.waitUntilExit()
        let gz = try ToolRun(["validate", "t.csv.gz", "--schema", "s.json"], in: directory)
        #expect(gz.status == 1 && gz.stdout.contains("t.csv.gz:3: row 3: type-error"), "\(gz.stdout)\(gz.stderr)")
        let semi = try ToolRun(["validate", "semi.csv", "--schema", "s.json", "--dialect", "d.json"], in: directory)
        #expect(semi.status == 1 && semi.stdout.contains("semi.csv:4: row 4: type-error"), "\(semi.stdout)\(semi.stderr)")
        let badDelimiter = try ToolRun(["validate", "semi.csv", "--delimiter", ";;"], in: directory)
        #expect(badDelimiter.status == 2 && badDelimiter.stderr.contains("expected exactly one ASCII character"))
    }

    @Test func inferredSchemasAreAcceptedByValidate() throws {
        let loans = Fixtures.repositoryRoot.appendingPathComponent("Examples/loans/loans.csv").path
        let directory = try Fixtures.temporaryDirectory()
        let infer = try ToolRun(["infer", loans, "-o", "inferred.json"], in: directory)
        #expect(infer.status == 0, "\(infer.stderr)")
        let schema = try SchemaLoader.load(url: directory.appendingPathComponent("inferred.json"), displayPath: "inferred.json")
        #expect(schema.fields.map(\.type) == [.string, .integer, .string, .string, .number, .number, .integer, .integer, .string, .integer])
        #expect(schema.fields[2].constraints.enumeration == ["F", "M"])
        #expect(schema.fields[1].constraints.required && schema.fields[1].constraints.minimum != nil)
        let validate = try ToolRun(["validate", loans, "--schema", "inferred.json"], in: directory)
        #expect(validate.status == 0, "\(validate.stdout)")
        let typesOnly = try ToolRun(["infer", loans, "--no-constraints", "--rows", "10"], in: directory)
        #expect(typesOnly.status == 0 && !typesOnly.stdout.contains("constraints"))
    }

    /// A header that repeats labels: the inferred schema names the repeats as frictionless
    /// does (x, x2), accepts every row, and the file's header stays a duplicate-label
    /// finding, as in frictionless's golden case `header-duplicate-label` (same schema);
    /// `infer` says so on stderr (issue #19 item 4).
    @Test func inferOnRepeatedLabelsSaysWhatValidateWillReport() throws {
        let data = Fixtures.url("contract/validate/header-duplicate-label/data.csv").path
        let directory = try Fixtures.temporaryDirectory()
        let infer = try ToolRun(["infer", data, "-o", "inferred.json"], in: directory)
        #expect(infer.status == 0, "\(infer.stderr)")
        #expect(infer.stderr.contains(
            "warning: \(data): the header repeats 'id' (columns 1, 4, named 'id', 'id2'); 'name' (columns 2, 3, named 'name', 'name2'): the schema accepts every row, and validating the file against it reports duplicate-label for each repeat, as frictionless does"),
            "\(infer.stderr)")
        let schema = try SchemaLoader.load(url: directory.appendingPathComponent("inferred.json"), displayPath: "inferred.json")
        #expect(schema.fields.map(\.name) == ["id", "name", "name2", "id2"])
        let validate = try ToolRun(["validate", data, "--schema", "inferred.json", "--format", "json"], in: directory)
        #expect(validate.status == 1)
        let report = try JSONSerialization.jsonObject(with: Data(validate.stdout.utf8)) as! [String: Any]
        let counts = (report["contract"] as! [String: Any])["counts"] as! [[String: Any]]
        #expect(counts.map { $0["code"] as! String } == ["duplicate-label", "duplicate-label"], "\(counts)")
        let unique = try ToolRun(["infer", Fixtures.repositoryRoot.appendingPathComponent("Examples/loans/loans.csv").path], in: directory)
        #expect(!unique.stderr.contains("warning"))
    }

    @Test func aGateDeclaresItsSchemaInMLGateYML() throws {
        let directory = try Self.folder([
            "s.yaml": "fields:\n  - {name: id, type: integer, constraints: {unique: true}}\n  - {name: age, type: integer}\n  - {name: email}\n",
            "t.csv": "id,age,email\n1,30,a\n1,x,b\n",
            "inline.yml": """
                version: 1
                gates:
                  - name: t
                    kind: data
                    input: t.csv
                    schema:
                      fields:
                        - {name: id, type: integer}
                        - {name: age, type: integer, constraints: {maximum: 20}}
                        - {name: email}
                """,
            "file.yml": "version: 1\ngates:\n  - name: t\n    kind: data\n    input: t.csv\n    schema: {path: s.yaml, samples: 1, severity: warn}\n",
            "broken.yml": "version: 1\ngates:\n  - name: t\n    kind: data\n    input: t.csv\n    schema: nowhere.json\n",
            "badinline.yml": "version: 1\ngates:\n  - name: t\n    kind: data\n    input: t.csv\n    schema:\n      fields:\n        - {name: id, type: number, constraints: {pattern: x}}\n",
        ])
        let inline = try ToolRun(["check", "--config", "inline.yml", "--no-reports"], in: directory)
        #expect(inline.status == 1 && inline.stdout.contains("age: maximum"), "\(inline.stdout)")
        let file = try ToolRun(["check", "--config", "file.yml", "--json", "r.json"], in: directory)
        #expect(file.status == 0, "warn severity: \(file.stdout)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("r.json"))) as? [String: Any])
        let gate = try #require((report["gates"] as? [[String: Any]])?.first)
        let contract = try #require(gate["contract"] as? [String: Any])
        #expect((contract["samples"] as? [Any])?.count == 1, "samples: 1")
        #expect(contract["schema"] as? String == "s.yaml")
        let broken = try ToolRun(["check", "--config", "broken.yml"], in: directory)
        #expect(broken.status == 2 && broken.stderr.contains("nowhere.json: error: schema not found"), "\(broken.stderr)")
        let badInline = try ToolRun(["check", "--config", "badinline.yml"], in: directory)
        #expect(badInline.status == 2 && badInline.stderr.contains("badinline.yml:8:"), "\(badInline.stderr)")
        #expect(badInline.stderr.contains("'pattern' does not apply to type 'number'"))
    }
}

/// Malformed input where the rest of the file can still be checked: a located problem
/// of its row (exit 1), and the problems after it are found too.
struct MalformedRowCase: CustomTestStringConvertible, Sendable {
    var name: String
    var file: String
    var bytes: [UInt8]
    var arguments: [String]
    var expected: [String]
    var testDescription: String { name }

    static let schema = #"{"fields": [{"name": "id", "type": "integer"}, {"name": "name"}, {"name": "score", "type": "number"}]}"#

    /// A file with the byte 0xFF (never UTF-8) between `before` and `after`. The cases pin
    /// `--encoding utf-8`: otherwise the file is detected as Windows-1252 (0xFF is 'ÿ').
    static func csv(_ before: String, _ after: String) -> [UInt8] { Array(before.utf8) + [0xFF] + Array(after.utf8) }
    static func lines(_ lines: [String]) -> [UInt8] { Array(lines.joined(separator: "\n").utf8) + [0x0A] }

    static let all: [MalformedRowCase] = [
        MalformedRowCase(
            name: "a cell that is not UTF-8", file: "bad.csv",
            bytes: csv("id,name,score\n1,ok,0.5\n2,b", "ad,0.7\n3,fine,abc\n"), arguments: ["--schema", "s.json", "--encoding", "utf-8"],
            expected: [
                "bad.csv:3:4: row 3: encoding-error: row 3, field 'name': invalid UTF-8 byte sequence",
                "bad.csv:4: row 4: type-error: 'abc' in field 'score'",
            ]),
        MalformedRowCase(
            name: "a quoted cell that is not UTF-8", file: "bad.csv",
            bytes: csv("id,name,score\n1,\"q", "\nr\",0.5\n2,x,abc\n"), arguments: ["--schema", "s.json", "--encoding", "utf-8"],
            expected: [
                "bad.csv:2:5: row 2: encoding-error: row 2, field 'name'",
                "bad.csv:4: row 3: type-error: 'abc' in field 'score'",
            ]),
        MalformedRowCase(
            name: "the character-level reader (an escape char)", file: "bad.csv",
            bytes: csv("id,name,score\n1,a\\,", "b,0.5\n2,x,abc\n"), arguments: ["--schema", "s.json", "--dialect", "d.json", "--encoding", "utf-8"],
            expected: [
                "bad.csv:2:6: row 2: encoding-error: row 2, field 'name'",
                "bad.csv:3: row 3: type-error: 'abc' in field 'score'",
            ]),
        MalformedRowCase(
            name: "without a schema", file: "bad.csv",
            bytes: csv("id,name\n1,a\n2,", "\n3,c\n"), arguments: ["--encoding", "utf-8"],
            expected: ["bad.csv:3:3: row 3: encoding-error: row 3, field 'name'"]),
        MalformedRowCase(
            name: "a JSON line that does not parse", file: "bad.jsonl",
            bytes: lines([#"{"id": 1, "name": "a", "score": 0.5}"#, #"{"id": 2, "name": "b", "score": }"#, #"{"id": 3, "name": "c", "score": "x"}"#]),
            arguments: ["--schema", "s.json"],
            expected: [
                "bad.jsonl:2:33: row 3: source-error: row 3: expected a value after ':' in an object, found '}'; the row was not checked further",
                "bad.jsonl:3: row 4: type-error: 'x' in field 'score'",
            ]),
        MalformedRowCase(
            name: "a JSON line that is not an object", file: "bad.jsonl",
            bytes: lines([#"{"id": 1, "name": "a", "score": 0.5}"#, "[1, 2]", #"{"id": "x", "name": "c", "score": 1}"#]),
            arguments: ["--schema", "s.json"],
            expected: ["bad.jsonl:2:1: row 3: source-error", "bad.jsonl:3: row 4: type-error: 'x' in field 'id'"]),
    ]
}

extension ValidateCommandTests {
    @Test(arguments: MalformedRowCase.all)
    func malformedRowsAreLocatedProblemsAndReadingGoesOn(_ example: MalformedRowCase) throws {
        let directory = try Self.folder(["s.json": MalformedRowCase.schema, "d.json": #"{"escapeChar": "\\"}"#])
        try Data(example.bytes).write(to: directory.appendingPathComponent(example.file))
        let run = try ToolRun(["validate", example.file] + example.arguments, in: directory)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        for line in example.expected {
            #expect(run.stdout.contains(line), "\(line)\n--- in ---\n\(run.stdout)")
        }
    }

    @Test func gatesThatNeedEveryValueStillStopOnThem() throws {
        let directory = try Self.folder([:])
        // The 'é' makes the file UTF-8 with damage (not Windows-1252) for detection.
        try Data(MalformedRowCase.csv("label,prediction,n\n1,1,é\n", ",0,x\n")).write(to: directory.appendingPathComponent("p.csv"))
        let run = try ToolRun(["metrics", "p.csv", "--task", "binary", "--label", "label", "--prediction", "prediction"], in: directory)
        #expect(run.status == 2)
        #expect(run.stderr.contains("p.csv:3:1: error: invalid UTF-8 byte sequence: expected UTF-8 text [encoding-error]"), "\(run.stderr)")
    }
}
