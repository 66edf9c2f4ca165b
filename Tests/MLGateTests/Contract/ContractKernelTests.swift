import Foundation
import Testing

@testable import MLGate

/// The contract's kernels (``CellKernel``: the fast path for common fields) against the
/// general path they shortcut. On seeded random cells built from the characters that
/// matter to each type, a validator with kernels must give exactly the tally — counts,
/// samples, rows, messages — of one that sends every cell through the general path;
/// and each case's field must really take the kernel it is meant to test.
@Suite("Contract: kernels")
struct ContractKernelTests {
    /// One field under test: its schema, the kernel it must get, and how its cells are made.
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let field: String
        let kernel: String
        let schemaExtra: String
        let pieces: [String]
        let templates: [String]

        init(_ name: String, field: String, kernel: String, schemaExtra: String = "", pieces: [String], templates: [String] = []) {
            self.name = name
            self.field = field
            self.kernel = kernel
            self.schemaExtra = schemaExtra
            self.pieces = pieces
            self.templates = templates
        }

        var testDescription: String { name }
    }

    /// Characters that matter to integers, and the values next to each case's bounds.
    static let integerPieces = ["0", "1", "7", "9", "42", "-", "+", " ", "_", ".", "e", "00", "999999999999999999", "",
                                "17", "18", "120", "121", "-5", "-4", "5", "99", "100", "50", "51"]
    static let numberPieces = ["0", "1", "5", "9", "0.5", ".", "-", "+", "e", "E", " ", "_", "00", "1e3", "inf", "NaN", "123456789", "",
                               "1.0", "1.01", "0.99", "-0.0", "0.0", "9.5", "9.49", "0.51", "0.50"]
    static let datetimes = ["2024-12-23T18:16:23", "2024-02-29T00:00:00", "2023-02-28T23:59:59", "0001-01-01T00:00:00", "9999-12-31T23:59:59"]
    static let dates = ["2022-11-03", "2024-02-29", "2023-12-31", "0001-01-01"]

    static let cases: [Case] = [
        Case("integer with bounds", field: #"{"name": "v", "type": "integer", "constraints": {"minimum": 18, "maximum": 120}}"#,
             kernel: "integer", pieces: integerPieces),
        Case("integer with exclusive bounds and enum",
             field: #"{"name": "v", "type": "integer", "constraints": {"exclusiveMinimum": -5, "exclusiveMaximum": 100, "enum": [0, 1, 7, 42, 99, 100]}}"#,
             kernel: "integer", pieces: integerPieces),
        Case("integer, unique and required", field: #"{"name": "v", "type": "integer", "constraints": {"unique": true, "required": true}}"#,
             kernel: "integer", pieces: integerPieces),
        Case("integer primary key", field: #"{"name": "v", "type": "integer"}"#, kernel: "integer",
             schemaExtra: #", "primaryKey": ["v"]"#, pieces: integerPieces),
        Case("integer with missing values", field: #"{"name": "v", "type": "integer", "constraints": {"maximum": 50}}"#, kernel: "integer",
             schemaExtra: #", "missingValues": ["", "NA", "-"]"#, pieces: integerPieces + ["NA"]),
        Case("number with bounds", field: #"{"name": "v", "type": "number", "constraints": {"minimum": 0, "maximum": 1}}"#,
             kernel: "number", pieces: numberPieces),
        Case("number with exclusive bounds", field: #"{"name": "v", "type": "number", "constraints": {"exclusiveMinimum": 0.5, "exclusiveMaximum": 9.5}}"#,
             kernel: "number", pieces: numberPieces),
        Case("string enum", field: #"{"name": "v", "type": "string", "constraints": {"enum": ["a", "bc", "north", "electronics", ""]}}"#,
             kernel: "string", schemaExtra: #", "missingValues": ["NA"]"#,
             pieces: ["a", "b", "c", "bc", "north", "electronics", "electronic", "s", " ", "é", "NA"]),
        Case("string enum of every short length",
             field: #"{"name": "v", "type": "string", "constraints": {"enum": ["abc", "abcd", "naïve", "abcdef", "abcdefg", "abcdefgh", "abcdefghi", "xyzxyzxy"]}}"#,
             kernel: "string",
             pieces: ["a", "b", "c", "d", "e", "f", "g", "h", "i", "x", "y", "z", "ab", "cd", "abc", "abcd", "abcdefgh", "naïve", "na", "ïve", "é", "xyz"]),
        Case("integer without constraints", field: #"{"name": "v", "type": "integer"}"#, kernel: "integer", pieces: integerPieces),
        Case("number without constraints", field: #"{"name": "v", "type": "number"}"#, kernel: "number", pieces: numberPieces),
        Case("date, type only", field: #"{"name": "v", "type": "date"}"#, kernel: "typeOnly", pieces: ["0", "1", "2", "9", "-", " ", "T"], templates: dates),
        Case("datetime, type only", field: #"{"name": "v", "type": "datetime"}"#, kernel: "typeOnly",
             pieces: ["0", "1", "2", "5", "9", "-", ":", "T", " ", "Z", "+", "."], templates: datetimes),
        Case("email format", field: #"{"name": "v", "type": "string", "format": "email"}"#, kernel: "string",
             pieces: ["ann", "b", "@", ".", "-", "_", "+", "example", "com", "x1", " ", "\"", "é", "org", "..", "@@"]),
        Case("required string", field: #"{"name": "v", "type": "string", "constraints": {"required": true}}"#, kernel: "string",
             schemaExtra: #", "missingValues": ["", "NA"]"#, pieces: ["a", "NA", " ", "é", ""]),
        Case("string with a pattern", field: #"{"name": "v", "type": "string", "constraints": {"pattern": "[a-z0-9.]+@[a-z]+\\.(com|org|net)"}}"#,
             kernel: "string", schemaExtra: #", "missingValues": ["", "NA"]"#,
             pieces: ["ann", "b1", "@", ".", "-", "example", "com", "org", " ", "é", "NA", "\t"]),
        Case("email with a pattern", field: #"{"name": "v", "type": "string", "format": "email", "constraints": {"pattern": "\\w+@\\w+\\.com", "required": true}}"#,
             kernel: "string", pieces: ["ann", "b", "@", ".", "-", "_", "example", "com", " ", "é", "..", "@@"]),
        Case("boolean, type only", field: #"{"name": "v", "type": "boolean"}"#, kernel: "typeOnly",
             pieces: ["true", "false", "True", "1", "0", "yes", " ", "t"]),
        Case("boolean with custom values", field: #"{"name": "v", "type": "boolean", "trueValues": ["yes", "Y"], "falseValues": ["no", "N"]}"#,
             kernel: "typeOnly", schemaExtra: #", "missingValues": ["", "NA", "-"]"#,
             pieces: ["yes", "Y", "no", "N", "y", "true", "NA", "-", " ", "é"]),
        Case("integer with units (bareNumber false) and bounds",
             field: #"{"name": "v", "type": "integer", "bareNumber": false, "constraints": {"minimum": 0, "maximum": 120}}"#,
             kernel: "integer", pieces: integerPieces + ["$", " pcs", "%", "€", "kg", "\u{A0}"]),
        Case("number with decimalChar, groupChar and bounds",
             field: #"{"name": "v", "type": "number", "decimalChar": ",", "groupChar": ".", "constraints": {"minimum": 0, "maximum": 1000}}"#,
             kernel: "number", pieces: ["0", "1", "5", "9", "00", ",", ".", "1.000", "999,5", "1.000,00", "-", "+", " ", "e", "E", "_", "inf", "NaN", "€", ""]),
        Case("number with a multi-byte groupChar, bareNumber false and an exclusive bound",
             field: #"{"name": "v", "type": "number", "groupChar": "\u00a0", "bareNumber": false, "constraints": {"exclusiveMaximum": 100}}"#,
             kernel: "number", pieces: ["0", "1", "9", "99", "100", ".", ".5", "\u{A0}", "%", "$", " ", "-", "e", "1e2", "€"]),
        Case("number with decimalChar, no constraints", field: #"{"name": "v", "type": "number", "decimalChar": ","}"#,
             kernel: "number", pieces: ["0", "1", "5", ",", ".", "-", " ", "e", "00", "inf"]),
        Case("date with bounds", field: #"{"name": "v", "type": "date", "constraints": {"minimum": "2000-01-01", "maximum": "2024-02-29"}}"#,
             kernel: "moment", pieces: ["0", "1", "2", "9", "-", " ", "T", "3"],
             templates: dates + ["2000-01-01", "1999-12-31", "2024-02-29", "2024-03-01", "2023-02-29", "2000-1-5"]),
        Case("date with a format and exclusive bounds",
             field: #"{"name": "v", "type": "date", "format": "%d/%m/%Y", "constraints": {"exclusiveMinimum": "01/01/2000", "exclusiveMaximum": "29/02/2024"}}"#,
             kernel: "moment", pieces: ["0", "1", "2", "9", "/", " ", "-"],
             templates: ["01/01/2000", "02/01/2000", "29/02/2024", "28/02/2024", "29/02/2023", "31/12/1999", "5/1/2010"]),
        Case("datetime with time zones and bounds",
             field: #"{"name": "v", "type": "datetime", "constraints": {"minimum": "2000-01-01T00:00:00Z", "maximum": "2024-02-29T12:00:00+02:00"}}"#,
             kernel: "moment", pieces: ["0", "1", "2", "5", "9", "-", ":", "T", " ", "Z", "+", "."],
             templates: datetimes + ["2000-01-01T00:00:00Z", "2000-01-01T01:00:00+01:00", "2024-02-29T10:00:00Z", "2024-02-29T12:00:00+02:00",
                                     "2024-02-29T10:00:00.5Z", "1999-12-31T23:30:00-00:30", "2010-06-01T12:00:00+05:30"]),
        Case("time with bounds", field: #"{"name": "v", "type": "time", "constraints": {"minimum": "08:00:00", "maximum": "18:00:00"}}"#,
             kernel: "moment", pieces: ["0", "1", "2", "5", "8", "9", ":", " ", "Z", "+", "."],
             templates: ["08:00:00", "07:59:59", "18:00:00", "18:00:01", "12:30:00Z", "09:00:00+01:00", "24:00:00", "12:00:00.25"]),
        Case("uuid format", field: #"{"name": "v", "type": "string", "format": "uuid"}"#, kernel: "string",
             pieces: ["0", "a", "F", "g", "-", "{", "}", "urn:", "uuid:", " ", "_"],
             templates: ["0f8fad5b-d9cb-469f-a165-70867728950e", "7C9E6679742540DEA9CD0E5B0B6B1D9F", "{0f8fad5b-d9cb-469f-a165-70867728950e}",
                         "urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e", "0f8fad5bd9cb-469f-a165-70867728950e-"]),
        Case("uri format", field: #"{"name": "v", "type": "string", "format": "uri"}"#, kernel: "string",
             pieces: ["http", "s", ":", "//", "a", "1", "+", ".", "-", " ", "é", "/x"]),
        Case("unique string", field: #"{"name": "v", "type": "string", "constraints": {"unique": true, "required": true}}"#,
             kernel: "string", schemaExtra: #", "missingValues": ["", "NA"]"#, pieces: ["a", "b", "A", "é", "e\u{301}", " ", "NA", "1"]),
        Case("string primary key with lengths", field: #"{"name": "v", "type": "string", "constraints": {"minLength": 2, "maxLength": 5}}"#,
             kernel: "string", schemaExtra: #", "primaryKey": ["v"]"#, pieces: ["a", "b", "é", "日", " ", "ab", "x", ""]),
        Case("string with lengths", field: #"{"name": "v", "type": "string", "constraints": {"minLength": 3, "maxLength": 8}}"#,
             kernel: "string", pieces: ["a", "bc", "é", "日本", " ", "\u{1F600}", "xyz"]),
        Case("unique e-mail", field: #"{"name": "v", "type": "string", "format": "email", "constraints": {"unique": true}}"#,
             kernel: "string", pieces: ["a", "b", "@", ".", "x", "com", " ", "é"]),
    ]

    /// A cell: a template with a few characters changed, or pieces put together.
    static func cell(_ test: Case, _ random: inout SplitMix64) -> String {
        if !test.templates.isEmpty, Int.random(in: 0..<3, using: &random) > 0 {
            var characters = Array(test.templates.randomElement(using: &random)!)
            for _ in 0..<Int.random(in: 0...2, using: &random) {
                let at = Int.random(in: 0..<characters.count, using: &random)
                characters[at] = test.pieces.randomElement(using: &random)!.first ?? "0"
            }
            return String(characters)
        }
        return (0..<Int.random(in: 0...4, using: &random)).map { _ in test.pieces.randomElement(using: &random)! }.joined()
    }

    /// The tally of `csv` under `schema`, with or without kernels.
    static func tally(_ csv: String, _ schema: TableSchema, kernels: Bool) throws -> (ContractTally, [CellKernel]) {
        let url = try Fixtures.temporaryDirectory().appendingPathComponent("data.csv")
        try Data(csv.utf8).write(to: url)
        var reader = try CSVReader(url: url, displayPath: "data.csv", batchSize: 97)
        reader.recoversMalformedRows = true
        var validator = try ContractValidator(schema: schema, labels: reader.columns, sampleLimit: 100_000, usingKernels: kernels)
        while let batch = try reader.nextBatch() { validator.observe(batch) }
        return (validator.finish(), validator.kernels)
    }

    static func describe(_ issue: ContractIssue) -> String {
        "row \(issue.rowNumber ?? 0) line \(issue.line ?? 0) \(issue.code) \(issue.constraint ?? "") '\(issue.cell ?? "")': \(issue.message)"
    }

    static func name(_ kernel: CellKernel) -> String {
        switch kernel {
        case .integer: "integer"
        case .number: "number"
        case .string: "string"
        case .moment: "moment"
        case .typeOnly: "typeOnly"
        case .none: "none"
        }
    }

    @Test(arguments: cases)
    func kernelsReportWhatTheGeneralPathReports(_ test: Case) throws {
        let schema = try SchemaLoader.parse(
            #"{"fields": [\#(test.field), {"name": "other", "type": "string"}]\#(test.schemaExtra)}"#, file: "schema.json")
        for seed in UInt64(0)..<6 {
            var random = SplitMix64(seed: seed &* 7919 &+ UInt64(test.name.utf8.count))
            var csv = "v,other\n"
            for row in 0..<600 {
                let cell = Self.cell(test, &random)
                // Quoted when it must be; now and then a short row (no cell at all).
                let written = cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                    ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
                csv += row % 97 == 13 ? "\n" : "\(written),x\n"
            }
            let (fast, kernels) = try Self.tally(csv, schema, kernels: true)
            let (general, none) = try Self.tally(csv, schema, kernels: false)
            #expect(Self.name(kernels[0]) == test.kernel, "the field takes the kernel under test")
            #expect(none.allSatisfy { Self.name($0) == "none" })
            #expect(fast.counts == general.counts, "seed \(seed)")
            let fastSamples = fast.samples.map(Self.describe), generalSamples = general.samples.map(Self.describe)
            let firstDifference = zip(fastSamples, generalSamples).first { $0 != $1 }
            #expect(fastSamples.count == generalSamples.count && firstDifference == nil, "seed \(seed): \(String(describing: firstDifference))")
            #expect(fast == general, "seed \(seed): every sample and count alike")
            #expect(general.counts.values.reduce(0, +) > 0, "the cells make problems to find (seed \(seed))")
        }
    }

    /// Schemas with keys of several fields and foreign keys: their fields' kernels must
    /// give the values the keys are made of exactly as the general path does.
    static let keySchemas: [String] = [
        #"{"fields": [{"name": "a", "type": "integer"}, {"name": "b", "type": "string"}, {"name": "c", "type": "integer", "constraints": {"minimum": 1}}], "primaryKey": ["a", "b"], "foreignKeys": [{"fields": "c", "reference": {"resource": "", "fields": "a"}}]}"#,
        #"{"$schema": "https://datapackage.org/profiles/2.0/tableschema.json", "fields": [{"name": "a", "type": "integer", "constraints": {"unique": true}}, {"name": "b", "type": "string", "constraints": {"maxLength": 2}}, {"name": "c", "type": "string", "format": "email"}], "uniqueKeys": [["b", "c"], ["a", "b"]], "missingValues": ["", "-"]}"#,
        #"{"fields": [{"name": "a", "type": "integer", "bareNumber": false}, {"name": "b", "type": "string", "constraints": {"unique": true}}, {"name": "c", "type": "number"}], "primaryKey": ["b", "c"], "foreignKeys": [{"fields": ["a", "b"], "reference": {"resource": "", "fields": ["c", "b"]}}]}"#,
    ]

    @Test(arguments: 0..<3)
    func kernelsGiveTheValuesKeysAreMadeOf(_ schemaIndex: Int) throws {
        let schema = try SchemaLoader.parse(Self.keySchemas[schemaIndex], file: "schema.json")
        let pieces = ["1", "2", "3", "-", "x", "é", "@", "a.b", " ", "", "+1", "1.0", "$"]
        for seed in UInt64(0)..<4 {
            var random = SplitMix64(seed: seed &+ UInt64(schemaIndex) &* 101)
            var csv = "a,b,c\n"
            for row in 0..<500 {
                let cells = (0..<3).map { _ in (0..<Int.random(in: 0...2, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined() }
                csv += row % 89 == 7 ? "\n" : cells.joined(separator: ",") + "\n"
            }
            let (fast, kernels) = try Self.tally(csv, schema, kernels: true)
            let (general, _) = try Self.tally(csv, schema, kernels: false)
            #expect(kernels.contains { Self.name($0) == "string" } && kernels.contains { Self.name($0) == "integer" },
                    "the key fields take kernels")
            #expect(fast.counts == general.counts, "seed \(seed)")
            #expect(fast == general, "seed \(seed): every sample and count alike")
            #expect(general.counts.keys.contains { [.primaryKey, .uniqueError, .foreignKey].contains($0.code) },
                    "the cells make key problems to find (seed \(seed))")
        }
    }

    @Test func eachFieldTakesItsKernel() throws {
        let schema = try SchemaLoader.parse(
            """
            {"fields": [
              {"name": "a", "type": "integer", "bareNumber": false, "constraints": {"maximum": 5}},
              {"name": "b", "type": "number", "constraints": {"enum": [1, 2]}},
              {"name": "c", "type": "string", "constraints": {"enum": ["x"], "maxLength": 3}},
              {"name": "d", "type": "number", "decimalChar": ","},
              {"name": "e", "type": "integer"},
              {"name": "f", "type": "string"},
              {"name": "g", "type": "string", "constraints": {"unique": true}},
              {"name": "h", "type": "string", "constraints": {"pattern": "a+", "enum": ["a"]}},
              {"name": "i", "type": "string", "constraints": {"pattern": "a+", "unique": true}},
              {"name": "j", "type": "number", "constraints": {"unique": true}},
              {"name": "k", "type": "date", "constraints": {"enum": ["2024-01-01"]}},
              {"name": "l", "type": "date"},
              {"name": "o", "type": "integer", "constraints": {"maximum": 99999999999999999999}},
              {"name": "p", "type": "datetime", "constraints": {"maximum": "2024-01-01T00:00:00"}},
              {"name": "q", "type": "boolean", "constraints": {"enum": [true]}}
            ], "uniqueKeys": [["e", "f"], ["l", "e"]]}
            """, file: "schema.json")
        let validator = try ContractValidator(
            schema: schema, labels: ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "o", "p", "q"], sampleLimit: 10)
        #expect(validator.kernels.map(Self.name) == [
            "integer", "none", "string", "number", "integer", "string", "string", "string", "string", "none", "none", "none",
            "none", "moment", "none",
        ])
    }
}
