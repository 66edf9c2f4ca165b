import Foundation
import MLGate
import Testing

/// `mlgate diff` on two runs of the bundled example (ExampleRuns): which checks newly
/// fail, warn or pass, and how the numbers moved; golden files of all three formats.
/// Re-record with `MLGATE_RECORD_GOLDEN=1 swift test --filter ReportDiffTests`.
@Suite struct ReportDiffTests {
    @Test func theExampleWithStricterThresholds() async throws {
        let diff = ReportDiff(base: try await ExampleRuns.base(), head: try await ExampleRuns.head())
        #expect(diff.base.status == .passed)
        #expect(diff.head.status == .failed)
        let failing = diff.changes(.newlyFailing).map { "\($0.gate)/\($0.check)" }
        #expect(failing.contains("model/roc_auc") && failing.contains("drift/dataset_drift"), "\(failing)")
        #expect(diff.changes(.newlyPassing).map(\.check).contains("column_quantile"))
        #expect(diff.changes(.appeared).isEmpty && diff.changes(.disappeared).isEmpty)
        // The candidate's metrics moved, its champion's did not (same champion, same rows).
        let rocAUC = try #require(diff.moves.first { $0.check == "roc_auc" && $0.quantity == "value" })
        #expect(rocAUC.moved && rocAUC.delta < 0)
        let champion = try #require(diff.moves.first { $0.check == "roc_auc" && $0.quantity == "baseline" })
        #expect(!champion.moved)
        #expect(diff.moved.contains { $0.gate == "fairness" })
        // Drift compares loans.csv with recent_applications.csv: unchanged.
        #expect(!diff.moved.contains { $0.gate == "drift" })

        let renderer = ReportDiffRenderer()
        try expectGolden(String(decoding: renderer.render(diff, format: .text), as: UTF8.self), "diff/example.diff.txt")
        try expectGolden(String(decoding: renderer.render(diff, format: .markdown), as: UTF8.self), "diff/example.diff.md")
        try expectGolden(String(decoding: renderer.render(diff, format: .json), as: UTF8.self), "diff/example.diff.json")
    }

    @Test func movesAppearAndDisappear() throws {
        let base = SampleReports.mixed
        var head = base
        // The row count moves and passes; a check is renamed (one disappears, one appears).
        head.gates[0].checks[1].measurements[0].value = 1200
        head.gates[0].checks[1].outcome = .passed
        head.gates[0].checks[2].name = "columns-renamed"
        let diff = ReportDiff(base: base, head: head)
        let rows = try #require(diff.moves.first { $0.gate == "applications" && $0.check == "rows" })
        #expect(rows.base == 500 && rows.head == 1200 && rows.delta == 700 && rows.moved)
        #expect(diff.changes(.newlyPassing).map(\.check) == ["rows"])
        #expect(diff.changes(.appeared).map(\.check) == ["columns-renamed"])
        #expect(diff.changes(.disappeared).map(\.check) == ["columns"])
        let text = ReportDiffRenderer().text(diff)
        #expect(text.contains("applications / rows observed: 500 → 1200 (+700"))
    }

    @Test func theCommandWritesAndFailsWithALocatedError() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = Fixtures.url("golden/mixed.report.json").path
        let same = try ToolRun(["diff", report, report, "--format", "json", "--output", "out/diff.json"], in: directory)
        #expect(same.status == 0, "\(same.stderr)")
        let written = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("out/diff.json"))) as? [String: Any]
        #expect((written?["changes"] as? [Any])?.isEmpty == true)

        try Data("{\"formatVersion\": 1,\n  \"gates\": [}".utf8).write(to: directory.appendingPathComponent("broken.json"))
        let broken = try ToolRun(["diff", report, "broken.json"], in: directory)
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("broken.json: error: not an mlgate JSON report: invalid JSON at line 2, column"), "\(broken.stderr)")
        #expect(broken.stdout.isEmpty)

        try Data("{\"formatVersion\": 1, \"mlgateVersion\": \"x\", \"config\": \"c\", \"startedAt\": \"2026-01-01T00:00:00Z\", \"duration\": 0, \"status\": \"passed\", \"gates\": [{\"name\": 3}]}".utf8)
            .write(to: directory.appendingPathComponent("typed.json"))
        let typed = try ToolRun(["diff", "typed.json", report], in: directory)
        #expect(typed.status == 2)
        #expect(typed.stderr.contains("typed.json: error: not an mlgate JSON report: at 'gates.0.name': expected a string"), "\(typed.stderr)")

        let missing = try ToolRun(["diff", "nowhere.json", report], in: directory)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nowhere.json: error: not an mlgate JSON report: cannot read the report"), "\(missing.stderr)")
    }

    @Test func aNewerFormatVersionIsRefused() {
        let data = Data("{\"formatVersion\": 99, \"gates\": []}".utf8)
        #expect(throws: ReportReadError.self) { try ReportReader.read(data: data, path: "new.json") }
        do throws(ReportReadError) {
            _ = try ReportReader.read(data: data, path: "new.json")
        } catch {
            #expect(error.description.contains("format version 99 is newer than this mlgate reads (1)"))
        }
    }
}
