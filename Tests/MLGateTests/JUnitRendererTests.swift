import Foundation
import Testing

@testable import MLGate

@Suite("JUnit XML")
struct JUnitRendererTests {
    static let xsd = Fixtures.url("junit.xsd")

    func render(_ report: RunReport) throws -> (Data, XMLElement) {
        let data = try JUnitRenderer().render(report)
        let root = try #require(XMLElement.parse(data), "libxml2 cannot parse the output")
        return (data, root)
    }

    @Test func matchesTheGoldenFile() throws {
        let data = try JUnitRenderer().render(SampleReports.mixed)
        try expectGolden(String(decoding: data, as: UTF8.self), "mixed.junit.xml")
    }

    @Test func isValidAgainstTheJUnitSchema() throws {
        let (data, _) = try render(SampleReports.mixed)
        #expect(XMLElement.validate(data, schema: Self.xsd) == [])
    }

    @Test func theSchemaRejectsWhatItShould() throws {
        // The validator itself must be able to fail: exponent times and missing names.
        let exponent = Data(#"<testsuites><testsuite name="a" tests="1" time="1e-05"/></testsuites>"#.utf8)
        #expect(XMLElement.validate(exponent, schema: Self.xsd) != [])
        let nameless = Data(#"<testsuites><testsuite tests="1"/></testsuites>"#.utf8)
        #expect(XMLElement.validate(nameless, schema: Self.xsd) != [])
    }

    @Test func hasTheStructureCIReadersExpect() throws {
        let (_, root) = try render(SampleReports.mixed)
        #expect(root.name == "testsuites")
        #expect(root["tests"] == "10")
        #expect(root["failures"] == "1")
        #expect(root["errors"] == "1")
        #expect(root["time"] == "1.235")

        let suites = root.children("testsuite")
        #expect(suites.map { $0["name"] } == ["applications", "quality", "serving"])
        let data = suites[0]
        #expect(data["tests"] == "3")
        #expect(data["failures"] == "1")
        #expect(data["errors"] == "0")
        #expect(data["skipped"] == "0")
        #expect(data["timestamp"] == "2026-11-23T08:00:00")

        let properties = try #require(data.child("properties")).children("property")
        let values = Dictionary(uniqueKeysWithValues: properties.map { ($0["name"]!, $0["value"]!) })
        #expect(values["rows.observed"] == "500")
        #expect(values["rows.min"] == "1000")
        #expect(values["columns.outcome"] == "warning")
        #expect(values["mlgate.kind"] == "data")

        let cases = data.children("testcase")
        #expect(cases.map { $0["name"] } == ["input", "rows", "columns"])
        #expect(cases.allSatisfy { $0["classname"] == "mlgate.applications" })
        #expect(cases[0]["file"] == "mlgate.yml")
        #expect(cases[0]["line"] == "8")

        let failure = try #require(cases[1].child("failure"))
        #expect(failure["message"] == "500 rows, expected ≥ 1000")
        #expect(failure["type"] == "row_count")
        #expect(failure.text == "500 rows, expected ≥ 1000")

        // A warning does not fail the pipeline: no failure element, a "warning:" output.
        #expect(cases[2].child("failure") == nil)
        #expect(cases[2].child("system-out")?.text.hasPrefix("warning: 1 of 2 required columns missing") == true)

        let quality = suites[1].children("testcase")
        #expect(quality[0].child("error")?["message"] == "gate kind 'model' is not yet supported")
        #expect(quality[1].child("skipped")?["message"] == "not run: <input> & \"quotes\"")
        #expect(suites[1]["skipped"] == "1")
        #expect(suites[1]["errors"] == "1")

        // A drift gate: one case per column between input and dataset_drift; a drifted
        // column of severity warn passes with a warning; its numbers are properties.
        let drift = suites[2]
        #expect(drift.children("testcase").map { $0["name"] } == ["input", "income", "region", "term_months", "dataset_drift"])
        #expect(drift["failures"] == "0")
        let income = drift.children("testcase")[1]
        #expect(income.child("failure") == nil)
        #expect(income.child("system-out")?.text.hasPrefix("warning: ks p-value 0.0123 ≤ 0.0500: drifted") == true)
        let driftProperties = try #require(drift.child("properties")).children("property")
        let driftValues = Dictionary(uniqueKeysWithValues: driftProperties.map { ($0["name"]!, $0["value"]!) })
        #expect(driftValues["income.value"] == "0.0123")
        #expect(driftValues["income.outcome"] == "warning")
        #expect(driftValues["dataset_drift.drift_share"] == "0.5")
    }

    @Test(arguments: [0.0, 1e-5, 1e-9, 0.0004999, 0.0005, 3.14159, 12345.6789, -1, .nan, .infinity])
    func writesTimesAsFixedDecimals(seconds: Double) throws {
        var report = SampleReports.withText("")
        report.duration = seconds
        report.gates[0].duration = seconds
        report.gates[0].checks[0].duration = seconds
        let (data, root) = try render(report)
        let times = [root["time"], root.children("testsuite")[0]["time"], root.children("testsuite")[0].children("testcase")[0]["time"]]
        for time in times {
            let time = try #require(time)
            #expect(time.wholeMatch(of: /\d+\.\d{3}/) != nil, "time \(time) is not a fixed decimal")
        }
        #expect(XMLElement.validate(data, schema: Self.xsd) == [])
    }

    struct Text: CustomTestStringConvertible, Sendable {
        var name: String
        var raw: String
        var expected: String
        var testDescription: String { name }
    }

    static let texts: [Text] = [
        Text(name: "markup characters", raw: "<a href=\"x\">&amp; 'y'</a>", expected: "<a href=\"x\">&amp; 'y'</a>"),
        Text(name: "CDATA terminator", raw: "]]> end", expected: "]]> end"),
        Text(name: "NUL and other C0 controls", raw: "a\u{0}b\u{1}c\u{1B}d\u{7F}", expected: "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{7F}"),
        Text(name: "noncharacters U+FFFE and U+FFFF", raw: "x\u{FFFE}y\u{FFFF}z", expected: "x\u{FFFD}y\u{FFFD}z"),
        Text(name: "non-ASCII", raw: "Zoë 東京 ≥ 😀", expected: "Zoë 東京 ≥ 😀"),
        Text(name: "tab", raw: "a\tb", expected: "a\tb"),
    ]

    @Test(arguments: texts)
    func escapesAndCleansText(_ text: Text) throws {
        let (data, root) = try render(SampleReports.withText(text.raw))
        #expect(XMLElement.validate(data, schema: Self.xsd) == [])
        let suite = root.children("testsuite")[0]
        let testcase = suite.children("testcase")[0]
        let failure = try #require(testcase.child("failure"))
        #expect(suite["name"] == "g" + text.expected)
        #expect(testcase["name"] == "c" + text.expected)
        #expect(failure["message"] == "m" + text.expected)
        #expect(failure.text == "m\(text.expected)\nd\(text.expected)")
    }

    @Test func keepsLineBreaksInAttributes() throws {
        let (_, root) = try render(SampleReports.withText("line1\nline2"))
        let failure = root.children("testsuite")[0].children("testcase")[0].child("failure")
        #expect(failure?["message"] == "mline1\nline2")
    }

    @Test func writesAnEmptyRunAsAnEmptySuiteList() throws {
        let report = RunReport(config: "c.yml", startedAt: SampleReports.start, duration: 0, gates: [])
        let (data, root) = try render(report)
        #expect(root.children.isEmpty)
        #expect(root["tests"] == "0")
        #expect(XMLElement.validate(data, schema: Self.xsd) == [])
    }
}

@Suite("Other renderers")
struct OtherRendererTests {
    @Test func jsonMatchesTheGoldenFile() throws {
        let data = try JSONRenderer().render(SampleReports.mixed)
        try expectGolden(String(decoding: data, as: UTF8.self), "mixed.report.json")
    }

    @Test func jsonRoundTrips() throws {
        let data = try JSONRenderer().render(SampleReports.mixed)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let decoded = try decoder.decode(RunReport.self, from: data)
        #expect(decoded == SampleReports.mixed)
    }

    @Test func markdownMatchesTheGoldenFile() throws {
        try expectGolden(MarkdownRenderer().text(SampleReports.mixed), "mixed.summary.md")
    }

    @Test func markdownShowsTheDriftTableDriftedFirst() throws {
        let markdown = MarkdownRenderer().text(SampleReports.mixed)
        let lines = markdown.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("| drifted | column |") })
        #expect(lines[header + 2].hasPrefix("| **✓ yes** | income | numeric | ks p-value | 0.0123 | ≤ 0.0500 | 500 / 398 (missing 0 / 2) |"))
        #expect(lines[header + 3].contains("| region |"))
        #expect(lines[header + 3].hasSuffix("new: north &amp; &lt;east&gt; |"))
        #expect(lines[header + 4].contains("| &lt; 0.2000 |"))
    }

    @Test func markdownEscapesTableCells() {
        #expect(MarkdownRenderer.escape("a|b\n<c>&") == "a\\|b<br>&lt;c&gt;&amp;")
    }

    @Test func textSummaryMatchesTheGoldenFile() throws {
        try expectGolden(TextSummaryRenderer().text(SampleReports.mixed), "mixed.summary.txt")
    }
}

@Suite("OpenMetrics and GitHub annotations")
struct CIOutputTests {
    @Test func openMetricsMatchesTheGoldenFile() throws {
        try expectGolden(OpenMetricsRenderer().text(SampleReports.mixed), "mixed.openmetrics.txt")
    }

    @Test func openMetricsEscapesLabelValuesAndEndsWithEOF() {
        let text = OpenMetricsRenderer().text(SampleReports.withText("a\"b\\c\nd"))
        #expect(text.contains(#"check="ca\"b\\c\nd""#))
        #expect(text.hasSuffix("# EOF\n"))
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            #expect(line.wholeMatch(of: /mlgate_[a-z_]+(\{.*\})? -?[0-9.e+-]+|.* NaN|.* [+-]Inf/) != nil, "\(line)")
        }
    }

    @Test func annotationsEscapeTheirText() {
        // The order and the cap: GitHubAnnotationOrderTests.
        #expect(GitHubAnnotationsRenderer.message("50%\nnext") == "50%25%0Anext")
        #expect(GitHubAnnotationsRenderer.property("a:b,c") == "a%3Ab%2Cc")
    }
}
