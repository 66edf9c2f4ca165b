import Foundation
import Testing

@testable import MLGate

/// A CSV row with more cells than the header: a gate without a contract refuses the file
/// (exit 2, with the row and its line), as pandas does; a contract reports the row as an
/// `extra-cell` finding and reads on, numbering it in the file even when the row lies in
/// the part of a large file read on the second core.
@Suite("Rows wider than the header")
struct WideRowTests {
    /// `rows` rows of label, score, prediction; the row at index `wide` has one cell more.
    static func predictions(rows: Int, wide: Int) -> String {
        var text = "label,score,prediction\n"
        for row in 0..<rows {
            let score = Double(row % 1000) / 1000
            text += "\(row % 3 == 0 ? 1 : 0),\(score),\(score >= 0.5 ? 1 : 0)" + (row == wide ? ",9" : "") + "\n"
        }
        return text
    }

    @Test("the predictions loader (mlgate metrics, fairness) refuses the file at the wide row")
    func loaderRefuses() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("p.csv")
        try Self.predictions(rows: 10, wide: 2).write(to: file, atomically: true, encoding: .utf8)
        let columns = PredictionColumns(task: .binary, label: "label", prediction: "prediction", scores: .column("score"))
        do {
            _ = try await PredictionsLoader(columns: columns).load(url: file, format: .csv, path: "p.csv")
            Issue.record("a row with 4 cells under a 3-column header was read")
        } catch {
            #expect(error.code == "extra-cell")
            #expect(error.location == SourceLocation(file: "p.csv", line: 4))
            #expect(error.message.hasPrefix("row 4 has 4 cells, 1 more than the header's 3 columns: expected at most 3"))
        }
    }

    @Test("JSON Lines keys that are not columns are not refused")
    func jsonLinesKeysAreRead() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("p.jsonl")
        try """
            {"label": 1, "score": 0.9, "prediction": 1}
            {"label": 0, "score": 0.2, "prediction": 0, "note": "extra"}

            """.write(to: file, atomically: true, encoding: .utf8)
        let columns = PredictionColumns(task: .binary, label: "label", prediction: "prediction", scores: .column("score"))
        let loaded = try await PredictionsLoader(columns: columns).load(url: file, format: .jsonl, path: "p.jsonl")
        #expect(loaded.rowCount == 2)
    }

    @Test("in one run over a large file: drift refuses it, the contract reports the row with the file's row number")
    func sharedScan() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Over 4 MB, so that it is read on both cores; the wide row lies in the second half.
        let rows = 300_000, wide = 250_000
        try Self.predictions(rows: rows, wide: wide).write(to: folder.appendingPathComponent("p.csv"), atomically: true, encoding: .utf8)
        try """
            version: 1
            gates:
              - name: data
                kind: data
                input: p.csv
                schema: {fields: [{name: label, type: integer}, {name: score, type: number}, {name: prediction, type: integer}]}
              - name: drift
                kind: drift
                reference: p.csv
                current: p.csv

            """.write(to: folder.appendingPathComponent("c.yml"), atomically: true, encoding: .utf8)
        let report = await GateRunner(config: try ConfigLoader.load(path: folder.appendingPathComponent("c.yml").path)).run()
        let rowNumber = wide + 2, line = wide + 2  // the header is row 1, line 1
        let data = report.gates[0].checks.map { "\($0.message)\n\($0.details ?? "")" }.joined(separator: "\n")
        #expect(data.contains("row \(rowNumber) has a cell in column 4, beyond the header's 3"))
        #expect(!data.contains("row \(rowNumber - rows / 2)"), "a row numbered from the second half's start")
        let input = report.gates[1].checks[0]
        #expect(input.outcome == .error)
        #expect(input.location == SourceLocation(file: "p.csv", line: line))
        #expect(input.message.hasPrefix("row \(rowNumber) has 4 cells, 1 more than the header's 3 columns"))
        #expect(report.status.exitCode == 2)
    }
}
