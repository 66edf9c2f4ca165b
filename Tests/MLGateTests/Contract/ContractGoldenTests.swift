import Foundation
import Testing

@testable import MLGate

/// `mlgate validate` against `frictionless validate` (frictionless-py 5.21.0) on every
/// case under Fixtures/contract/validate (made by its make_golden.py): the same error
/// codes, rows, field numbers and field names, in the same order.
///
/// Where mlgate differs on purpose, the case is listed in ``deviations`` with the reason
/// (docs/contract.md says the same); the test then checks that the difference is still
/// there, so that the list cannot outlive it.
@Suite("Contract: frictionless golden")
struct ContractGoldenTests {
    static let root = Fixtures.url("contract/validate")

    /// Cases where mlgate deliberately answers differently, and why.
    static let deviations: [String: String] = [
        "constraint-exclusive-v1-rejected":
            "frictionless rejects exclusiveMinimum/exclusiveMaximum in a schema without the v2 $schema; mlgate accepts them in v1 and v2",
        "constraint-string":
            "pattern is an XML Schema regex matching the whole cell; Python's '$' also matches before a trailing newline",
        "unique-keys-v2": "frictionless 5.21 ignores uniqueKeys (Table Schema v2); mlgate checks them",
        "fields-match-equal-duplicate-labels":
            "frictionless stops with a generic 'error'; mlgate reports each repeated label as duplicate-label and reads on",
        "jsonl-file": "frictionless keeps JSON value types (a JSON number in a string field is a type-error); mlgate reads JSON Lines values as their text",
        "jsonl-key-order": "frictionless reads later objects' values by position of the first object's keys; mlgate by key",
        "type-datetime": "format 'any' reads a documented subset of dateutil's formats (Fixtures/contract/cast/README.md)",
        "type-time": "format 'any' reads a documented subset of dateutil's formats (Fixtures/contract/cast/README.md)",
        "type-integer": "integers are ASCII digits; Python's int() also reads other scripts' digits (Arabic-Indic)",
        "encoding-invalid-utf8":
            "frictionless (chardet) decodes a small file that mixes UTF-8 characters and invalid bytes as a legacy code page; mlgate notes that the sample is damaged UTF-8, reads it as UTF-8 and reports an encoding-error at each damaged cell",
        "encoding-invalid-utf8-late":
            "frictionless stops at invalid UTF-8 with one encoding-error for the file (no row); mlgate reports it at its row and field, repairs the cell (U+FFFD) and reads on",
        "jsonl-invalid-line":
            "frictionless stops at a line that does not parse with one source-error (no row); mlgate reports it at its row and reads on",
        "jsonl-not-object":
            "frictionless stops at a line that is not an object with one source-error (no row); mlgate reports it at its row and reads on",
        "source-unterminated-quote":
            "frictionless (Python's csv) reads an unterminated quote to the end of the file; mlgate reports source-error where the quote opens (exit 2)",
    ]

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: root.appendingPathComponent(name).path, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted().map(Case.init)
    }()

    /// One error as compared: code, row, field number, field name.
    struct Row: Equatable, CustomStringConvertible {
        var code: String
        var row: Int?
        var field: Int?
        var name: String?
        var description: String { "\(code) row \(row.map(String.init) ?? "-") field \(field.map(String.init) ?? "-") \(name ?? "-")" }
    }

    @Test func everyCaseIsThere() {
        #expect(Self.cases.count >= 60)
        for name in Self.deviations.keys {
            #expect(Self.cases.contains { $0.name == name }, "deviation listed for a case that does not exist: \(name)")
        }
    }

    @Test(arguments: cases)
    func sameErrorsAsFrictionless(_ testCase: Case) async throws {
        let folder = Self.root.appendingPathComponent(testCase.name)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        let expectedData = try Data(contentsOf: folder.appendingPathComponent("expected.json"))
        let expected = try JSONSerialization.jsonObject(with: expectedData) as! [String: Any]
        let want = (expected["errors"] as! [[String: Any]]).map { error in
            Row(
                code: error["type"] as! String, row: error["rowNumber"] as? Int, field: error["fieldNumber"] as? Int,
                name: (error["fieldName"] as? String).flatMap { $0.isEmpty ? nil : $0 })
        }
        let got = try await Self.validate(folder: folder, files: files)
        if let reason = Self.deviations[testCase.name] {
            #expect(got != want, "listed as a deviation (\(reason)) but now matches frictionless: remove it from the list")
        } else {
            #expect(got == want, "frictionless: \(want)\nmlgate:      \(got)")
        }
    }

    /// mlgate's errors in the same terms. A file that cannot be read (or a schema that
    /// cannot be loaded) is one error with its code, as frictionless reports it.
    static func validate(folder: URL, files: [String]) async throws -> [Row] {
        let dataName = files.first { $0.hasPrefix("data.") }!
        var source = ContractConfig.Source.inferred(sampleRows: ContractConfig.defaultInferenceRows)
        if files.contains("schema.json") {
            do {
                let schema = try SchemaLoader.load(url: folder.appendingPathComponent("schema.json"), displayPath: "schema.json")
                source = .schema(schema, name: "schema.json")
            } catch {
                return [Row(code: "field-error")]
            }
        }
        let format = TableFormat(inferringFrom: dataName)!
        var dialect: CSVDialect = format == .tsv ? .tsv : .csv
        if files.contains("dialect.json") {
            dialect = try ContractGoldenTests.dialect(folder.appendingPathComponent("dialect.json"), base: dialect)
        }
        let input = TableInput(
            path: dataName, url: folder.appendingPathComponent(dataName), format: format, dialect: dialect,
            location: SourceLocation(file: dataName))
        let gate = GateConfig(
            name: "validate", kind: .data, location: SourceLocation(file: dataName),
            body: .data(DataGateConfig(input: input, checks: [], contract: ContractConfig(source: source, samples: 100_000, location: SourceLocation(file: dataName)))))
        let result = await GateRunner.run(gate)
        if let input = result.checks.first, input.outcome == .error {
            let code = ["source-error", "encoding-error", "scheme-error", "format-error"].first { input.details?.contains("[\($0)]") == true }
            return [Row(code: code ?? "error")]
        }
        return (result.contract?.samples ?? []).map { issue in
            Row(code: issue.code.rawValue, row: issue.rowNumber, field: issue.fieldNumber, name: issue.fieldName.flatMap { $0.isEmpty ? nil : $0 })
        }
    }
}

extension ContractGoldenTests {
    /// A Frictionless dialect file, read as `mlgate validate --dialect` reads it.
    static func dialect(_ url: URL, base: CSVDialect) throws -> CSVDialect {
        try DialectFile.load(url: url, displayPath: url.lastPathComponent, base: base)
    }
}
