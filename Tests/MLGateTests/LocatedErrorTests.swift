import Foundation
import Testing
@testable import MLGate

/// Issue #21, item 8: every error names its file and, where it has one, its line and
/// column; no raw Foundation or DecodingError text reaches the user.
@Suite("Located errors")
struct LocatedErrorTests {
    static let foundationWords = ["NSCocoaErrorDomain", "Error Domain", "DecodingError", "codingPath", "debugDescription", "UserInfo"]

    private func expectHuman(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for word in Self.foundationWords {
            #expect(!text.contains(word), "raw '\(word)' in: \(text)", sourceLocation: sourceLocation)
        }
    }

    @Test func driftTextOutputLocatesAnInputError() throws {
        let folder = try Fixtures.temporaryDirectory()
        try Data("x\n1\n2\n3\n".utf8).write(to: folder.appendingPathComponent("ref.csv"))
        try Data("x\n1\n\"2\n".utf8).write(to: folder.appendingPathComponent("cur.csv"))
        let run = try ToolRun(["drift", "ref.csv", "cur.csv"], in: folder)
        #expect(run.status == 2)
        #expect(run.stderr.contains("cur.csv:3:1: error: quoted field opened here is never closed"), "\(run.stdout)\n\(run.stderr)")
    }

    @Test func aMalformedAttestationIsLocated() throws {
        let folder = try Fixtures.temporaryDirectory()
        try Data("{\n  \"payloadType\": 1,\n  oops\n}\n".utf8).write(to: folder.appendingPathComponent("att.json"))
        try Data("m".utf8).write(to: folder.appendingPathComponent("model.bin"))
        let run = try ToolRun(["verify", "att.json", "--artifact", "model.bin"], in: folder)
        #expect(run.status == 2)
        #expect(run.stderr.contains("att.json: not a JSON object: invalid JSON at line 3, column "), "\(run.stderr)")
        expectHuman(run.stderr)

        try Data(#"{"payloadType": "application/vnd.in-toto+json", "payload": 5, "signatures": []}"#.utf8).write(to: folder.appendingPathComponent("env.json"))
        let envelope = try ToolRun(["verify", "env.json", "--artifact", "model.bin"], in: folder)
        #expect(envelope.status == 2)
        #expect(envelope.stderr.contains("env.json: not a DSSE envelope: at 'payload': expected a string"), "\(envelope.stderr)")
        expectHuman(envelope.stderr)
    }

    @Test func aKeyWhoseBodyIsNotBase64IsLocated() throws {
        let folder = try Fixtures.temporaryDirectory()
        try Data("# my key\n-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----\n".utf8).write(to: folder.appendingPathComponent("key.pem"))
        #expect {
            _ = try KeySource.verificationKey(file: folder.appendingPathComponent("key.pem").path, environment: [:])
        } throws: { error in
            "\(error)".contains("key.pem: the PEM body from line 3 is not valid base64")
        }
        #expect {
            _ = try KeySource.verificationKey(file: folder.appendingPathComponent("missing.pem").path, environment: [:])
        } throws: { error in
            !Self.foundationWords.contains { "\(error)".contains($0) }
        }
    }

    @Test func invalidUTF8InAConfigOrSchemaIsLocatedByByte() throws {
        let folder = try Fixtures.temporaryDirectory()
        let config = folder.appendingPathComponent("mlgate.yml")
        try Data("version: 1\ngates: [\u{e9}".utf8.map { $0 } + [0xFF, 0x0A]).write(to: config)
        #expect {
            _ = try ConfigLoader.load(path: config.path)
        } throws: { error in
            guard let diagnostic = (error as? DiagnosticError)?.diagnostics.first else { return false }
            return diagnostic.location?.line == 2 && diagnostic.location?.column == 10
                && diagnostic.message.contains("not valid UTF-8 text: byte 21 (0xFF)")
        }
        let schema = folder.appendingPathComponent("s.json")
        try Data([0x7B, 0x0A, 0xC3]).write(to: schema)
        #expect {
            _ = try SchemaLoader.load(url: schema, displayPath: "s.json")
        } throws: { error in
            (error as? DiagnosticError)?.diagnostics.first?.description == "s.json:2:1: error: the schema is not valid UTF-8 text: byte 2 (0xC3) is not part of a UTF-8 character; save it as UTF-8"
        }
    }

    @Test func aSchemaWithControlCharactersIsCalledTheSchema() {
        #expect {
            _ = try SchemaLoader.parse("fields:\n  - name: a\u{1}b\n", file: "s.yaml")
        } throws: { error in
            let text = "\(error)"
            return text.contains("s.yaml") && text.contains("the schema") && !text.contains("the config")
        }
    }

    @Test func dialectErrorsAreHuman() throws {
        let folder = try Fixtures.temporaryDirectory()
        try Data("a,b\n1,2\n".utf8).write(to: folder.appendingPathComponent("t.csv"))
        let missing = try ToolRun(["validate", "t.csv", "--dialect", "nope.yaml"], in: folder)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nope.yaml: error: dialect file not found"), "\(missing.stderr)")
        expectHuman(missing.stderr)
        try Data("delimiter: [1, 2]\n".utf8).write(to: folder.appendingPathComponent("d.yaml"))
        let list = try ToolRun(["validate", "t.csv", "--dialect", "d.yaml"], in: folder)
        #expect(list.status == 2)
        #expect(list.stderr.contains("d.yaml:1:1: error: expected a string for 'delimiter', found a list"), "\(list.stderr)")
    }

    @Test func gzipErrorsNameTheDecompressedOffset() throws {
        var source = GzipByteSource(compressed: MemoryByteSource([0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0, 0x03, 0xFF, 0xFF, 0xFF]), displayPath: "bad.csv.gz")
        #expect {
            while try source.nextChunk() != nil {}
        } throws: { error in
            "\(error)".contains("decompressed")
        }
    }

    @Test func aSummaryNeverAnnouncesExit0WhenAReportCannotBeWritten() throws {
        let folder = try Fixtures.temporaryDirectory()
        try Data("x".utf8).write(to: folder.appendingPathComponent("file"))
        let run = try ToolRun(["check", "-c", Fixtures.url("configs/passing.yml").path, "--junit", "file/junit.xml"], in: folder)
        #expect(run.status == 2)
        #expect(run.stdout.contains("(exit 2)") && !run.stdout.contains("(exit 0)"), "\(run.stdout)")
        #expect(run.stderr.contains("file/junit.xml: error: cannot write report"), "\(run.stderr)")
    }

    @Test func reportsWrittenBeforeAFailedAttestationDoNotSayPassed() throws {
        let folder = try Fixtures.temporaryDirectory()
        try Data("not a key".utf8).write(to: folder.appendingPathComponent("bad.pem"))
        let run = try ToolRun(
            ["check", "-c", Fixtures.url("configs/passing.yml").path, "--json", "report.json", "--junit", "junit.xml", "--attest", "att.json", "--signing-key", "bad.pem"],
            in: folder)
        #expect(run.status == 2, "\(run.stdout)\n\(run.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("report.json"))) as? [String: Any]
        #expect(report?["status"] as? String == "error", "\(String(describing: report?["status"]))")
    }
}
