import Foundation
import Testing
@testable import MLGate

/// Issue #21, items 3 and 4: inputs that crashed mlgate (a `try!` of JSONSerialization
/// on a non-finite value, a precondition, a negative or huge count, a huge
/// `--quantiles`) or made it loop for ever (a profile holding +Inf or NaN) now end with
/// a located error, quickly.
@Suite("Crashes and hangs", .timeLimit(.minutes(2)))
struct CrashAndHangTests {
    /// A profile of one numeric column `x`, with `column` spliced into its entry.
    static func profile(_ column: String, rows: Int = 5) -> String {
        #"{"format": "mlgate-reference-profile", "version": 1, "mlgateVersion": "0", "source": "s", "sourceSha256": "", "rows": \#(rows), "valueLimit": 2, "quantileCount": 3, "columns": [{"name": "x", "missing": 0, "allNumbers": true, "allIntegers": false, \#(column)}]}"#
    }

    static let damagedProfiles: [(String, String)] = [
        (profile(#""present": 5, "values": []"#), "value counts add up to 0, but it has 5 present values"),
        (profile(#""present": 0, "values": []"#), "is numeric but has no values"),
        (profile(#""present": 3, "values": [{"value": 1, "count": -2}, {"value": 2, "count": 5}]"#), "expected a count from 1 to"),
        (profile(#""present": 1000000000000, "values": [{"value": 1, "count": 1000000000000}]"#), "expected counts from 0 to 250000000"),
        (profile(#""present": 5, "quantiles": [0, "+Inf", "+Inf"]"#), "quantile sketch holds inf"),
        (profile(#""present": 5, "quantiles": [0, "NaN", 1]"#), "quantile sketch holds nan"),
        (profile(#""present": 2, "values": [{"value": "NaN", "count": 1}, {"value": 1, "count": 1}]"#), "expected finite values in ascending order"),
        (profile(#""present": 5, "quantiles": [0, 1, 2]"#, rows: -1), "'rows' is -1"),
    ]

    /// As the profile tests check every malformed profile: a located error, and in a
    /// gate an error, never a pass (before: SIGILL, an 8 TB allocation, or no end).
    @Test(arguments: damagedProfiles)
    func aDamagedProfileIsALocatedErrorInAGate(text: String, message: String) async throws {
        try await ReferenceProfileTests().malformedProfilesAreLocatedErrors(text: text, message: message)
    }

    @Test func theKolmogorovSmirnovGapEndsOnNaN() {
        let gap = KolmogorovSmirnov.largestGap([0, 1, .nan], [0.5, 2])
        #expect(gap.statistic.isFinite)
    }

    @Test func aDriftColumnWithANonFiniteValueIsAProblem() throws {
        var reference = DriftColumnSample(), current = DriftColumnSample()
        reference.numbers = [1, 2, .infinity]
        reference.present = 3
        current.numbers = [1, 2, 3]
        current.present = 3
        let test = DriftColumnTest(column: "x", kind: .numeric, method: .ks, threshold: nil, ksMethod: .auto, bins: 10)
        #expect(throws: DriftColumnTest.Problem.self) { try test.run(reference: reference, current: current) }
    }

    @Test func profileRefusesHugeQuantileCounts() throws {
        let run = try ToolRun(["profile", "drift/tiny_reference.csv", "-o", "/dev/null", "--quantiles", "2000000000"])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("--quantiles must be from 2 to 1000000"), "\(run.stderr)")
    }

    @Test func metricsAsJSONWithAnInfiniteValueDoesNotCrash() throws {
        let folder = try Fixtures.temporaryDirectory()
        try Data("y,p\n1e308,0\n-1e308,1\n5,5\n".utf8).write(to: folder.appendingPathComponent("p.csv"))
        let run = try ToolRun(["metrics", "p.csv", "--task", "regression", "--label", "y", "--prediction", "p", "--format", "json"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let metrics = object?["metrics"] as? [String: Any]
        #expect(metrics?["mse"] as? String == "+Inf", "\(run.stdout)")
    }

    @Test func jsonObjectsWithNonFiniteNumbersAreWritten() throws {
        let data = JSONObjectNumbers.data(["a": Double.nan, "b": [Double.infinity, 1.5], "c": ["d": -Double.infinity]])
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""a" : "NaN""#) && text.contains(#""+Inf""#) && text.contains(#""d" : "-Inf""#), "\(text)")
    }
}
