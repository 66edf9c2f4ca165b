import Foundation
import MLGate
import Testing

/// The merge-request comment: the example's (golden, shown in docs/ci-github.md and
/// docs/ci-gitlab.md), with the change since the target branch, and always under the
/// forge's limit. Re-record with `MLGATE_RECORD_GOLDEN=1 swift test --filter CommentRendererTests`.
@Suite struct CommentRendererTests {
    static let links = CommentRenderer.Links(
        job: "https://github.com/acme/loans/actions/runs/42",
        report: "https://github.com/acme/loans/actions/runs/42/artifacts/7",
        subjects: [
            InTotoStatement.Subject(name: "model/model.json", digest: ArtifactDigest(sha256: String(repeating: "ab", count: 32), isDirectory: false), role: .model),
            InTotoStatement.Subject(name: "loans.csv", digest: ArtifactDigest(sha256: String(repeating: "cd", count: 32), isDirectory: false), role: .dataset),
        ])

    @Test func theExample() async throws {
        let base = try await ExampleRuns.base()
        let text = CommentRenderer(links: Self.links).text(base)
        try expectGolden(ExampleRuns.normalized(text), "comment/example.comment.md")
        #expect(text.hasPrefix("<!-- mlgate-comment default -->\n"))
        // Warnings first, each with its numbers; the passing checks collapsed.
        #expect(text.contains("#### Warnings (6)"))
        #expect(text.contains("quantile 0.1 of 'credit_score' is 353.9000, expected ≥ 450"))
        #expect(text.contains("<details><summary>"))
        #expect(text.contains("| ✅ | roc_auc | 0.8112 | 0.8424 | -0.0312 | 95% -0.0077 … 0.0673 | ≥ 0.7, drop ≤ 0.01 |"))
        #expect(text.contains("2 of 8 columns drifted: region (chisquare"))
        #expect(text.contains("model `model/model.json` `\(String(repeating: "ab", count: 32))`"))
    }

    @Test func theExampleAgainstItsTargetBranch() async throws {
        let base = try await ExampleRuns.base(), head = try await ExampleRuns.head()
        let text = CommentRenderer(marker: "loans", links: Self.links, diff: ReportDiff(base: base, head: head)).text(head)
        try expectGolden(ExampleRuns.normalized(text), "comment/example-head.comment.md")
        #expect(text.hasPrefix("<!-- mlgate-comment loans -->\n### ❌ mlgate: gate failed"))
        #expect(text.contains("#### Since the target branch: passed → failed"))
        #expect(text.contains("**Newly failing** (10):"))
        // Failures come before warnings, and both before the model table.
        let failures = try #require(text.range(of: "#### Failures"))
        let warnings = try #require(text.range(of: "#### Warnings"))
        let model = try #require(text.range(of: "#### Model vs champion"))
        #expect(failures.lowerBound < warnings.lowerBound && warnings.lowerBound < model.lowerBound)
    }

    /// A report of 20,000 failing checks with long messages: cut, under the limit, the
    /// verdict and the links kept, a note pointing to the full report.
    @Test(arguments: [CommentRenderer.gitHubLimit, CommentRenderer.gitLabLimit, 4_096])
    func aHugeReportIsCutUnderTheLimit(limit: Int) {
        let checks = (0..<20_000).map { index in
            CheckResult(
                name: "check-\(index)", check: "row_count", outcome: index % 3 == 0 ? .warning : .failed,
                message: String(repeating: "é long message ", count: 20) + "\(index)", measurements: [Measurement("observed", Double(index))])
        }
        let report = RunReport(
            config: "mlgate.yml", startedAt: Date(timeIntervalSince1970: 0), duration: 1,
            gates: [GateResult(name: "data", kind: .data, startedAt: Date(timeIntervalSince1970: 0), duration: 1, checks: checks)])
        let text = CommentRenderer(limit: limit, links: Self.links).text(report)
        #expect(text.utf8.count <= limit)
        #expect(text.hasPrefix("<!-- mlgate-comment default -->\n### ❌ mlgate: gate failed"))
        #expect(text.contains("✂️ Cut to stay under the comment size limit"))
        #expect(text.contains("[full report](https://github.com/acme/loans/actions/runs/42/artifacts/7)"))
        #expect(text.contains("[CI job](https://github.com/acme/loans/actions/runs/42)"))
    }

    /// Every limit, however small, holds; nothing crashes on a line of a megabyte.
    @Test func tinyLimitsAndHugeLines() {
        let report = RunReport(
            config: "c.yml", startedAt: Date(timeIntervalSince1970: 0), duration: 0,
            gates: [GateResult(name: String(repeating: "g", count: 100_000), kind: .data, startedAt: Date(timeIntervalSince1970: 0), duration: 0,
                checks: [CheckResult(name: "x", check: "row_count", outcome: .failed, message: String(repeating: "€", count: 1_000_000))])])
        for limit in [0, 10, 100, 1_000, 10_000, 65_536] {
            #expect(CommentRenderer(limit: limit).text(report).utf8.count <= max(limit, 1))
        }
    }

    @Test(arguments: [("default", true), ("gate-2.prod_eu", true), ("", false), ("a--b", false), ("a b", false), ("x>", false), (String(repeating: "a", count: 65), false)])
    func markerNames(name: String, valid: Bool) {
        #expect(CommentRenderer.isValidMarker(name) == valid)
    }
}
