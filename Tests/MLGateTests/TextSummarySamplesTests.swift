import Foundation
import Testing

@testable import MLGate

/// The console summary lists a failing check's samples once: its message's `; first: …`
/// is left out when the same sample heads the details printed below (issue #19 item 4).
@Suite("Text summary samples")
struct TextSummarySamplesTests {
    static func report(message: String, details: String?) -> RunReport {
        let check = CheckResult(name: "schema: rows", check: "schema.rows", outcome: .failed, message: message, details: details)
        let gate = GateResult(name: "table", kind: .data, startedAt: Date(timeIntervalSince1970: 0), duration: 1, checks: [check])
        return RunReport(config: "mlgate.yml", startedAt: Date(timeIntervalSince1970: 0), duration: 1, gates: [gate])
    }

    @Test func theFirstSampleIsPrintedOnce() {
        let first = "row 205529, line 205529, column 3: row 205529, field 'note': invalid UTF-8 [encoding-error]"
        let second = "row 205600, line 205600, column 3: row 205600, field 'note': invalid UTF-8 [encoding-error]"
        let text = TextSummaryRenderer().text(Self.report(message: "rows that could not be read whole: 2 encoding-error; first: \(first)", details: "\(first)\n\(second)"))
        #expect(text.components(separatedBy: "row 205529, line 205529").count == 2, "\(text)")
        #expect(text.contains("  FAIL  schema: rows: rows that could not be read whole: 2 encoding-error\n         \(first)\n         \(second)\n"))
    }

    /// A message whose `first:` is not the details' first line is printed as it is.
    @Test func otherMessagesAreKept() {
        let text = TextSummaryRenderer().text(Self.report(message: "3 cells are not numbers (first: 'x' in row 4)", details: "row 4: 'x'\nrow 9: 'y'"))
        #expect(text.contains("  FAIL  schema: rows: 3 cells are not numbers (first: 'x' in row 4)\n         row 4: 'x'\n"))
    }
}
