import Testing

/// The first difference between two renderings of a report (JSON, JUnit, Markdown) when
/// they differ other than in numbers within 1e-12 relative (integers exactly): the text
/// between numbers must be the same. Nil when they are the same so.
///
/// A gate that reads a table grouped by the server (a distinct row once, with its
/// count) sums a log loss or an error over the distinct rows in the server's order, not
/// the file's: its last digit can differ, as the warehouse issue allows (1e-12).
func reportTextDifference(_ a: String, _ b: String) -> String? {
    let number = /-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?/
    let left = a.split(separator: "\n", omittingEmptySubsequences: false)
    let right = b.split(separator: "\n", omittingEmptySubsequences: false)
    guard left.count == right.count else { return "\(left.count) lines / \(right.count) lines" }
    for (x, y) in zip(left, right) where x != y {
        let p = x.matches(of: number), q = y.matches(of: number)
        guard p.count == q.count,
            x.replacing(number, with: "#") == y.replacing(number, with: "#")
        else { return "\(x)\n\(y)" }
        for (m, n) in zip(p, q) where m.output.0 != n.output.0 {
            guard let u = Double(m.output.0), let v = Double(n.output.0), u.rounded() != u || v.rounded() != v,
                abs(u - v) <= 1e-12 * max(abs(u), abs(v))
            else { return "\(x)\n\(y)" }
        }
    }
    return nil
}

@Suite struct ReportTextComparisonTests {
    @Test func numbersWithinTheToleranceAreTheSame() {
        #expect(reportTextDifference("\"value\" : 0.32633455188108446,", "\"value\" : 0.32633455188108434,") == nil)
        #expect(reportTextDifference("a 1\nb 2.5e-3", "a 1\nb 2.5e-3") == nil)
    }

    @Test func otherDifferencesAreFound() {
        // A number beyond the tolerance, an integer (a count), a word, a line.
        #expect(reportTextDifference("value 0.3263", "value 0.3264") != nil)
        #expect(reportTextDifference("rows 500", "rows 501") != nil)
        #expect(reportTextDifference("passed 0.5", "failed 0.5") != nil)
        #expect(reportTextDifference("a\nb", "a") != nil)
    }
}
