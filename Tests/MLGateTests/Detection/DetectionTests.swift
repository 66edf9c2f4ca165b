import Foundation
import Testing

@testable import MLGate

/// Detection against frictionless 5.21 and Python 3.11 on the same inputs: the delimiter,
/// `skipInitialSpace`, header row and encoding of every golden case
/// (Fixtures/contract/validate, `detected` in each expected.json), and Python's
/// `csv.Sniffer` on 600 random samples (Fixtures/detection/make_sniffer_golden.py).
@Suite("Detection")
struct DetectionTests {
    static let validate = Fixtures.url("contract/validate")

    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: validate.path)) ?? []
        return names.filter { name in
            let files = (try? FileManager.default.contentsOfDirectory(atPath: validate.appendingPathComponent(name).path)) ?? []
            return files.contains { $0 == "data.csv" || $0 == "data.tsv" || $0 == "data.csv.gz" }
        }.sorted()
    }()

    @Test func everyCSVCaseIsCompared() {
        #expect(Self.cases.count >= 50)
        #expect(Self.cases.filter { $0.hasPrefix("detect-") }.count >= 15)
    }

    /// What frictionless detected in a case: (delimiter, skipInitialSpace, header row, encoding).
    @Test(arguments: cases)
    func sameDetectionAsFrictionless(_ name: String) throws {
        let folder = Self.validate.appendingPathComponent(name)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        let dataName = files.first { $0.hasPrefix("data.") }!
        let format = TableFormat(inferringFrom: dataName)!
        var dialect: CSVDialect = format == .tsv ? .tsv : .csv
        if files.contains("dialect.json") {
            dialect = try DialectFile.load(url: folder.appendingPathComponent("dialect.json"), displayPath: "dialect.json", base: dialect)
        }
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("expected.json"))) as! [String: Any]
        let detected = expected["detected"] as! [String: Any]
        let frictionlessDialect = detected["dialect"] as? [String: Any] ?? [:]
        let csv = frictionlessDialect["csv"] as? [String: Any] ?? [:]
        let (got, detection) = DialectDetector.detect(
            url: folder.appendingPathComponent(dataName), displayPath: dataName, format: format, dialect: dialect)

        let delimiter = (csv["delimiter"] as? String) ?? String(UnicodeScalar(dialect.delimiter))
        #expect(String(UnicodeScalar(got.delimiter)) == delimiter, "delimiter")
        #expect(got.skipInitialSpace == (csv["skipInitialSpace"] as? Bool ?? dialect.skipInitialSpace), "skipInitialSpace")
        let headerRow = (frictionlessDialect["headerRows"] as? [Int])?.first ?? 1
        #expect(got.headerRow == headerRow || (got.headerRow == 1 && !got.header), "header row")
        // The encoding: the same name for UTF-8 (with or without a BOM) and UTF-16; chardet's
        // guess among single-byte code pages (iso8859-2, cp1250, …) is a single-byte page in
        // mlgate too (Windows-1252: docs/contract.md).
        guard let encoding = detected["encoding"] as? String else { return }  // frictionless stopped before (an empty file)
        // A deliberate difference, listed with its reason in ContractGoldenTests.
        if name == "encoding-invalid-utf8" {
            #expect(got.encoding == .utf8 && detection.notes.first?.contains("except") == true, "damaged UTF-8 is read as UTF-8")
            return
        }
        let name = detection.detected.first { $0.hasPrefix("encoding ") }.map { String($0.dropFirst(9)) } ?? "utf-8"
        switch encoding {
        case "utf-8", "utf-8-sig", "utf-16": #expect(name == encoding, "encoding")
        default:
            guard case .singleByte = got.encoding else {
                Issue.record("frictionless decodes \(encoding); mlgate: \(got.encoding)")
                return
            }
        }
    }

    struct SnifferCase: Decodable, CustomTestStringConvertible, Sendable {
        struct Sniffed: Decodable, Equatable, Sendable {
            var delimiter: String
            var skipInitialSpace: Bool
        }
        var sample: String
        var sniffed: Sniffed?
        var testDescription: String { String(sample.prefix(40)) }
    }

    static let snifferCases: [SnifferCase] = {
        struct File: Decodable { var cases: [SnifferCase] }
        let data = (try? Data(contentsOf: Fixtures.url("detection/sniffer.json"))) ?? Data()
        return (try? JSONDecoder().decode(File.self, from: data))?.cases ?? []
    }()

    @Test func snifferSaysWhatPythonSays() {
        #expect(Self.snifferCases.count == 600)
        var differences: [String] = []
        for testCase in Self.snifferCases {
            let got = CSVSniffer.sniff(Array(testCase.sample.unicodeScalars), delimiters: [",", "\t", ";", "|"]).map {
                SnifferCase.Sniffed(delimiter: String($0.delimiter), skipInitialSpace: $0.skipInitialSpace)
            }
            if got != testCase.sniffed { differences.append("\(testCase.sample.debugDescription): python \(String(describing: testCase.sniffed)), mlgate \(String(describing: got))") }
        }
        #expect(differences.isEmpty, "\(differences.count) of \(Self.snifferCases.count) differ; first: \(differences.prefix(3).joined(separator: "\n"))")
    }

    /// The report's `input` line says what was detected.
    @Test func reportSaysWhatWasDetected() async throws {
        let input = TableInput(
            path: "data.csv", url: Self.validate.appendingPathComponent("detect-windows-1252/data.csv"), format: .csv, dialect: .csv,
            location: SourceLocation(file: "data.csv"))
        let gate = GateConfig(name: "data", kind: .data, location: SourceLocation(file: "mlgate.yml"), body: .data(DataGateConfig(input: input, checks: [])))
        let result = await GateRunner.run(gate)
        let message = try #require(result.checks.first { $0.name == "input" }?.message)
        #expect(message == "data.csv: 6 rows × 4 columns (CSV); delimiter ';', encoding windows-1252 (detected)")
        // Every report: JSON (the result's `detection`), JUnit (a property), text, Markdown
        // and HTML (the `input` line).
        let summary = "delimiter ';', encoding windows-1252 (detected)"
        #expect(result.checks.first?.detection == summary)
        let report = RunReport(config: "mlgate.yml", startedAt: result.startedAt, duration: result.duration, gates: [result])
        let json = String(decoding: try JSONRenderer().render(report), as: UTF8.self)
        #expect(json.contains("\"detection\" : \"\(summary)\""), "\(json)")
        let junit = String(decoding: try JUnitRenderer().render(report), as: UTF8.self)
        #expect(junit.contains("<property name=\"input.detection\" value=\"\(summary)\"/>"), "\(junit)")
        #expect(TextSummaryRenderer().text(report).contains(summary))
        #expect(MarkdownRenderer().text(report).contains(summary))
        let html = HTMLRenderer().text(report)
        #expect(html.contains("encoding windows-1252 (detected)"), "\(html)")
    }

    /// A sample that is neither UTF-8 nor Windows-1252 is not guessed: a note, and UTF-8.
    @Test func undecidedEncodingIsNotedAndReadAsUTF8() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mlgate-detect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("data.csv")
        try Data(Array("id,name\n1,a".utf8) + [0x81, 0x8D] + Array("\n2,b\n".utf8)).write(to: url)
        let input = TableInput(path: "data.csv", url: url, format: .csv, dialect: .csv, location: SourceLocation(file: "data.csv"))
        let detected = input.detectingDialect()
        #expect(detected.dialect.encoding == .utf8)
        #expect(detected.detection?.notes == ["encoding not detected: it is neither UTF-8 nor Windows-1252/Latin-1; read as UTF-8 (set 'encoding' to decode it)"])
        // Pinned, the same bytes decode (windows-1251 defines 0x81 and 0x8D).
        var pinned = input
        pinned.dialect = try CSVDialect(frictionless: .init(encoding: "windows-1251"))
        var reader = try CSVReader(url: url, dialect: pinned.detectingDialect().dialect, displayPath: "data.csv")
        let batch = try #require(try reader.nextBatch())
        #expect(batch.string(1, 0) == "a\u{0403}\u{040C}")
    }

    /// mlgate.yml pins the encoding and the header row; nothing is detected then.
    @Test func configPinsEncodingAndHeaderRow() async throws {
        let folder = Self.validate.appendingPathComponent("detect-windows-1252")
        let config = try ConfigLoader.parse(
            """
            version: 1
            gates:
              - name: data
                kind: data
                input: {path: data.csv, encoding: iso-8859-1, delimiter: ";", headerRow: 2}
            """, file: "mlgate.yml", directory: folder)
        guard case .data(let data) = config.gates[0].body else { Issue.record("not a data gate"); return }
        #expect(data.input.dialect.encoding == TextEncoding(named: "latin-1"))
        #expect(data.input.dialect.headerRow == 2)
        let result = await GateRunner.run(config.gates[0])
        let message = try #require(result.checks.first { $0.name == "input" }?.message)
        // Row 2 is the header: 5 rows below it, and nothing said about detection.
        #expect(message == "data.csv: 5 rows × 4 columns (CSV)")
    }

    /// `mlgate validate` says what it detected, and the command line pins it.
    @Test func validateSaysWhatItDetectedAndOptionsPinIt() throws {
        let folder = Self.validate.appendingPathComponent("detect-preamble-semicolon").path
        let directory = try Fixtures.temporaryDirectory()
        let latin = Self.validate.appendingPathComponent("detect-latin1")
        let detected = try ToolRun(["validate", latin.appendingPathComponent("data.csv").path, "--schema", latin.appendingPathComponent("schema.json").path], in: directory)
        #expect(detected.status == 1)
        #expect(detected.stdout.contains("read with: delimiter ';', encoding windows-1252 (detected)\n"), "\(detected.stdout)")
        #expect(detected.stdout.contains("row 3: type-error: 'x' in field 'amount'"))
        // frictionless reads this one as one column (its sniffer does not decide); pinned, it reads.
        let pinned = try ToolRun(
            ["validate", folder + "/data.csv", "--schema", folder + "/schema.json", "--delimiter", ";", "--header-row", "3", "--encoding", "utf-8"],
            in: directory)
        #expect(pinned.status == 1)
        #expect(!pinned.stdout.contains("read with"))
        #expect(pinned.stdout.contains("3 rows against") && pinned.stdout.contains("row 5: type-error: 'x' in field 'amount'"), "\(pinned.stdout)")
        let bad = try ToolRun(["validate", folder + "/data.csv", "--encoding", "ebcdic"], in: directory)
        #expect(bad.status == 2 && bad.stderr.contains("mlgate: --encoding: expected an encoding mlgate decodes"), "\(bad.stderr)")
    }

    /// A large file with a preamble is read on one core, so that the rows of what would be
    /// its second half keep their numbers (the halves count rows from the header at row 1).
    @Test func aLargeFileWithAPreambleKeepsItsRowNumbers() async throws {
        let directory = try Fixtures.temporaryDirectory()
        let url = directory.appendingPathComponent("big.csv")
        var text = "exported 2024-01-05\nid,v,pad\n"
        let padding = String(repeating: "x", count: 100)
        let rows = 45_000
        for row in 1...rows { text += "\(row),\(row == rows ? "bad" : "1"),\(padding)\n" }
        try Data(text.utf8).write(to: url)
        #expect(text.utf8.count > ParallelCSVScan.minimumSize)
        let schema = try SchemaLoader.parse(
            #"{"fields": [{"name": "id", "type": "integer"}, {"name": "v", "type": "integer"}, {"name": "pad"}]}"#, file: "s.json")
        let input = TableInput(path: "big.csv", url: url, format: .csv, dialect: .csv, location: SourceLocation(file: "big.csv"))
        let gate = GateConfig(
            name: "data", kind: .data, location: SourceLocation(file: "mlgate.yml"),
            body: .data(DataGateConfig(input: input, checks: [], contract: ContractConfig(source: .schema(schema, name: "s.json"), location: SourceLocation(file: "s.json")))))
        let result = await GateRunner.run(gate)
        // skipInitialSpace too, as Python's sniffer says when the first line has no delimiter.
        #expect(result.checks.first?.detection == "skipInitialSpace, header row 2 (detected)")
        let issue = try #require(result.contract?.samples.first)
        #expect(issue.code == .typeError && issue.rowNumber == rows + 2 && issue.line == rows + 2)
    }

    /// No row as wide as the mean: a note, and row 1 (frictionless takes row 1 silently);
    /// Python's rounding (halves to even) decides the mean width.
    @Test func anUndecidedHeaderRowIsNoted() {
        let undecided = DialectDetector.detect(
            sample: Array("title\na,b,c,d,e,f,g,h,i,j\n".utf8), complete: true, format: .csv, dialect: .csv, displayPath: "t.csv")
        #expect(undecided.dialect.headerRow == 1)
        #expect(undecided.detection.notes.contains { $0.hasPrefix("header row not detected") })
        // Widths 1, 2, 2: mean 1.67 rounds to 2, drift 1: row 1 (width 1) is within it.
        let first = DialectDetector.detect(sample: Array("t\na,b\n1,2\n".utf8), complete: true, format: .csv, dialect: .csv, displayPath: "t.csv")
        #expect(first.dialect.headerRow == 1 && !first.detection.notes.contains { $0.hasPrefix("header row") })
        // A cut sample does not count its last record.
        #expect(DialectDetector.headerRow(Array("a,b\n1,2\n3,4,5,6,7".utf8), complete: false, dialect: .csv, displayPath: "t.csv") == .row(1))
    }

    @Test func aBadEncodingNameIsLocated() {
        #expect(throws: DiagnosticError.self) {
            try ConfigLoader.parse(
                "version: 1\ngates:\n  - name: d\n    kind: data\n    input: {path: x.csv, encoding: ebcdic}\n", file: "mlgate.yml",
                directory: URL(fileURLWithPath: "/nonexistent"))
        }
        #expect(throws: CSVDialect.DescriptorError.self) { try CSVDialect(frictionless: .init(headerRows: [2, 3])) }
    }

    /// UTF-16 split anywhere decodes alike, surrogate pairs included; what does not decode
    /// becomes an encoding-error at its cell.
    @Test func utf16DecodesInAnyChunksAndFlagsUnpairedSurrogates() throws {
        let text = "id,name\n1,Zoë 😀\n"
        let bytes: [UInt8] = [0xFF, 0xFE] + Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        for size in 1...7 {
            let out = TextTranscoder.decode(bytes, encoding: .utf16LittleEndian, chunkSize: size)
            #expect(String(decoding: out, as: UTF8.self) == text, "chunks of \(size)")
        }
        var transcoder = TextTranscoder(encoding: .utf16LittleEndian)
        let badInput: [UInt8] = Array("a,".utf16).flatMap { [UInt8($0), 0] } + [0x00, 0xD8, 0x0A, 0x00]
        let bad = transcoder.transcode(badInput, final: true)
        var tokenizer = CSVTokenizer(source: MemoryByteSource(bad), dialect: .csv, displayPath: "f.csv")
        #expect(throws: TableReadError.self) { _ = try tokenizer.nextRecord() }
    }
}
