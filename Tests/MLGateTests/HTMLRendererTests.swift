import Foundation
import Testing

@testable import MLGate

/// A fixed report with every part the HTML page draws: every outcome, text that needs
/// escaping, a fairness gate's group table, a binary model gate's curves and a drift
/// gate's table and histograms.
enum HTMLSamples {
    static let start = Date(timeIntervalSince1970: 1_795_420_800)  // 2026-11-23T08:00:00Z
    static let hostileName = #"<script>alert("x")</script> & 'y'"#

    /// Group A (the reference) selects 0.5, B 0.25 and C, too small to judge, 0.9: the
    /// four-fifths line sits at 0.8 × 0.5 = 0.4, and only B is below it.
    static let groups = GroupTableReport(
        features: ["group"], minGroupSize: 50, reference: ["A"],
        metrics: ["selection_rate", "true_positive_rate", "precision"],
        rows: [
            .init(
                group: ["A"], count: 400, judged: true,
                values: ["selection_rate": 0.5, "true_positive_rate": 0.7, "precision": 0.6],
                intervals: ["selection_rate": [0.45, 0.55], "true_positive_rate": [0.6, 0.78]]),
            .init(
                group: ["B"], count: 300, judged: true, values: ["selection_rate": 0.25, "precision": 0.5],
                intervals: ["selection_rate": [0.2, 0.3]]),
            .init(
                group: ["C"], count: 20, judged: false, values: ["selection_rate": 0.9, "true_positive_rate": 0.5],
                intervals: ["selection_rate": [0.7, 0.98], "true_positive_rate": [0.2, 0.8]]),
            .init(
                group: ["overall"], count: 720, judged: true,
                values: ["selection_rate": 0.4, "true_positive_rate": 0.65, "precision": 0.55], intervals: nil),
        ])

    static let curves = [
        CurveReport(
            name: "roc", xLabel: "false positive rate", yLabel: "true positive rate",
            x: [0, 0.1, 0.3, 1], y: [0, 0.6, 0.9, 1], area: 0.85),
        CurveReport(
            name: "precision_recall", xLabel: "recall", yLabel: "precision",
            x: [0, 0.5, 1], y: [1, 0.8, 0.4], area: 0.7),
    ]

    static let report = RunReport(
        config: "configs/mlgate.yml", startedAt: start, duration: 2.5,
        gates: [
            GateResult(
                name: "applications", kind: .data, startedAt: start, duration: 0.000_01,
                checks: [
                    CheckResult(
                        name: "input", check: "input", outcome: .passed, message: "loans.csv: 500 rows × 10 columns (CSV)",
                        measurements: [Measurement("rows", 500), Measurement("columns", 10)],
                        location: SourceLocation(file: "mlgate.yml", line: 8, column: 12)),
                    CheckResult(
                        name: "rows", check: "row_count", outcome: .failed, message: "500 rows, expected ≥ 1000",
                        details: "line one\nline two", measurements: [Measurement("observed", 500), Measurement("min", 1000)],
                        location: SourceLocation(file: "mlgate.yml", line: 10, column: 9)),
                    CheckResult(
                        name: "columns", check: "required_columns", severity: .warn, outcome: .warning,
                        message: "1 of 2 required columns missing: 'income'", details: "missing column 'income'",
                        measurements: [Measurement("ratio", 0.123_456_789), Measurement("tiny", 1e-7)]),
                    CheckResult(name: hostileName, check: "row_count", outcome: .skipped, message: "not run: <input> & \"quotes\""),
                    CheckResult(name: "kind", check: "kind", outcome: .error, message: "could not read loans.csv"),
                ]),
            GateResult(
                name: "model", kind: .model, startedAt: start, duration: 0.5,
                checks: [
                    CheckResult(
                        name: "roc_auc", check: "roc_auc", outcome: .passed, message: "roc_auc 0.8500 ≥ 0.7000",
                        measurements: [Measurement("value", 0.85), Measurement("min", 0.7)])
                ],
                detail: .curves(curves)),
            GateResult(
                name: "fairness", kind: .fairness, startedAt: start, duration: 0.25,
                checks: [
                    CheckResult(
                        name: "four_fifths", check: "four_fifths", outcome: .failed,
                        message: "four_fifths 0.5000, expected ≥ 0.8000",
                        measurements: [Measurement("value", 0.5), Measurement("min", 0.8)])
                ],
                detail: .groups(groups)),
            SampleReports.drift,
        ])

    /// A one-gate report of the given gates, for focused tests.
    static func report(_ gates: [GateResult]) -> RunReport {
        RunReport(config: "mlgate.yml", startedAt: start, duration: 0, gates: gates)
    }
}

extension XMLElement {
    /// This element and every element below it, in document order.
    var descendants: [XMLElement] { [self] + children.flatMap(\.descendants) }

    /// The elements below this one with this name.
    func all(_ name: String) -> [XMLElement] { descendants.filter { $0.name == name } }

    /// Whether the `class` attribute holds this class.
    func hasClass(_ name: String) -> Bool {
        (self["class"] ?? "").split(separator: " ").contains { $0 == name }
    }
}

@Suite("HTML report")
struct HTMLRendererTests {
    func page(_ report: RunReport = HTMLSamples.report) throws -> (text: String, root: XMLElement) {
        let data = HTMLRenderer().render(report)
        let text = String(decoding: data, as: UTF8.self)
        // The page is written to be well-formed XML too, so libxml2's strict parser
        // reads it; anything unescaped or unclosed fails here.
        let root = try #require(XMLElement.parse(data), "libxml2 cannot parse the page")
        return (text, root)
    }

    @Test func matchesTheGoldenFile() throws {
        try expectGolden(HTMLRenderer().text(HTMLSamples.report), "mixed.report.html")
    }

    @Test func showsTheContractsCountsAndSamples() throws {
        let (_, root) = try page(SampleReports.mixed)
        let tables = root.all("table")
        let counts = try #require(tables.first { $0.hasClass("contract") })
        #expect(counts.all("tr").count == 3, "a header row and one row per count")
        #expect(counts.all("td").map(\.text).contains("constraint-error"))
        let samples = try #require(tables.first { $0.hasClass("contract-samples") })
        let rows = samples.all("tr").dropFirst().map { $0.all("td").map(\.text) }
        #expect(rows.map { $0.first } == ["7", "12"])
        #expect(rows.last?.contains("'150' in field 'age' breaks maximum 120") == true)
    }

    @Test func isOneHTML5DocumentWithATitle() throws {
        let (text, root) = try page()
        #expect(text.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(text.hasSuffix("</html>\n"))
        #expect(root.name == "html")
        let head = try #require(root.child("head"))
        #expect(head.child("title")?.text == "mlgate: gate could not run — configs/mlgate.yml")
        #expect(head.children("meta").contains { $0["charset"] == "utf-8" })
        #expect(head.children("style").count == 1)
        #expect(root.child("body")?.child("main") != nil)
    }

    @Test func loadsNothing() throws {
        let (text, root) = try page()
        let lowered = text.lowercased()
        for forbidden in ["http://", "https://", "src=", "<script", "url(", "@import", "<link", "<img", "<iframe"] {
            #expect(!lowered.contains(forbidden), "the page contains \(forbidden)")
        }
        #expect(root.descendants.allSatisfy { $0["href"].map { $0.hasPrefix("#") } ?? true })
    }

    @Test(arguments: [
        (RunStatus.passed, "mlgate: gate passed"), (.failed, "mlgate: gate failed"),
        (.error, "mlgate: gate could not run"),
    ])
    func headerShowsTheVerdict(_ status: RunStatus, _ headline: String) throws {
        let outcome: CheckOutcome = status == .passed ? .passed : status == .failed ? .failed : .error
        let report = HTMLSamples.report([
            GateResult(
                name: "g", kind: .data, startedAt: HTMLSamples.start, duration: 0,
                checks: [CheckResult(name: "c", check: "row_count", outcome: outcome, message: "m")])
        ])
        let (_, root) = try page(report)
        let header = try #require(root.all("header").first)
        #expect(header.hasClass("verdict"))
        #expect(header.hasClass("status-\(status.rawValue)"))
        #expect(header.child("h1")?.text == headline)
    }

    @Test func headerShowsTheRunsFacts() throws {
        let (_, root) = try page()
        let facts = try #require(root.all("dl").first { $0.hasClass("meta") })
        let terms = facts.children("dt").map(\.text)
        let values = facts.children("dd")
        #expect(terms == ["Config", "Started", "Duration", "mlgate"])
        #expect(values[0].child("code")?.text == "configs/mlgate.yml")
        #expect(values[1].child("time")?.text == "2026-11-23 08:00:00 UTC")
        #expect(values[1].child("time")?["datetime"] == "2026-11-23T08:00:00Z")
        #expect(values[2].text == "2.500 s")
        #expect(values[3].text == MLGateVersion.current)
        let totals = try #require(root.all("ul").first { $0.hasClass("totals") })
        let counts = totals.children("li").map { ($0["class"] ?? "", $0.child("span")?.text ?? "") }
        #expect(counts.map(\.1) == ["12", "6", "2", "2", "1", "1"])
    }

    @Test func everyGateAndCheckIsShownFailingFirst() throws {
        let (_, root) = try page()
        let sections = root.all("section").filter { $0.hasClass("gate") }
        #expect(sections.count == HTMLSamples.report.gates.count)
        for (section, gate) in zip(sections, HTMLSamples.report.gates) {
            let heading = try #require(section.child("h2"))
            #expect(heading.text.contains(gate.name))
            let table = try #require(section.children("table").first { $0.hasClass("checks") })
            let rows = try #require(table.child("tbody")).children("tr")
            let names = rows.map { $0.child("th")?.text ?? "" }
            #expect(Set(names) == Set(gate.checks.map(\.name)))
            let outcomes = rows.map { $0["class"] ?? "" }
            #expect(outcomes == HTMLRenderer.orderedChecks(gate.checks).map { "outcome-\($0.outcome.rawValue)" })
        }
        // Config order: passed, failed, warning, skipped, error; shown failing first.
        let first = try #require(sections.first?.children("table").first?.child("tbody")).children("tr")
        #expect(first.map { $0.child("th")?.text } == ["kind", "rows", "columns", HTMLSamples.hostileName, "input"])
        // The overview links to every gate.
        let overview = try #require(root.all("table").first { $0.hasClass("overview") })
        let links = overview.all("a").map { $0["href"] ?? "" }
        #expect(links == sections.map { "#" + ($0["id"] ?? "") })
    }

    @Test func checksShowDetailsAndMeasurements() throws {
        let (_, root) = try page()
        let rows = root.all("tr")
        let failed = try #require(rows.first { $0.child("th")?.text == "rows" })
        let details = try #require(failed.all("details").first)
        #expect(details["open"] == "open")
        #expect(details.child("summary")?.text == "Details")
        #expect(details.child("pre")?.text == "line one\nline two")
        let measurements = failed.all("li").map { ($0.child("span")?.text ?? "", $0.text.trimmingCharacters(in: .whitespaces)) }
        #expect(measurements.map(\.0) == ["observed", "min"])
        #expect(measurements.map(\.1) == ["500", "1000"])
        // Four decimals, the exact value as a tooltip; values too small for that in full.
        let warning = try #require(rows.first { $0.child("th")?.text == "columns" })
        let values = warning.all("li")
        #expect(values[0].child("span", at: 1)?.text == "0.1235")
        #expect(values[0].child("span", at: 1)?["title"] == "0.123456789")
        #expect(values[1].text.contains("1e-07"))
        // A check without details has no <details>.
        let passed = try #require(rows.first { $0.child("th")?.text == "input" })
        #expect(passed.all("details").isEmpty)
    }

    @Test func escapesEveryPieceOfText() throws {
        let (text, root) = try page()
        #expect(text.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"))
        #expect(text.contains("not run: &lt;input&gt; &amp; &quot;quotes&quot;"))
        #expect(!text.contains("<script>"))
        // The parser reads back exactly the original text.
        #expect(root.all("th").contains { $0.text == HTMLSamples.hostileName })
        #expect(root.all("div").contains { $0.text == "not run: <input> & \"quotes\"" })
    }

    @Test func escapesTextInEveryPlace() throws {
        let hostile = HTMLSamples.hostileName
        var groups = HTMLSamples.groups
        groups.features = [hostile]
        groups.rows[0].group = [hostile]
        groups.reference = [hostile]
        var curve = HTMLSamples.curves[0]
        curve.xLabel = hostile
        let report = RunReport(
            config: hostile, startedAt: HTMLSamples.start, duration: 0,
            gates: [
                GateResult(
                    name: hostile, kind: .fairness, startedAt: HTMLSamples.start, duration: 0,
                    checks: [
                        CheckResult(
                            name: hostile, check: hostile, outcome: .failed, message: hostile, details: hostile,
                            measurements: [Measurement(hostile, 1)], location: SourceLocation(file: hostile))
                    ],
                    detail: .groups(groups)),
                GateResult(
                    name: hostile, kind: .model, startedAt: HTMLSamples.start, duration: 0, checks: [], detail: .curves([curve])),
            ])
        let (text, root) = try page(report)
        #expect(!text.contains("<script"))
        #expect(!text.contains("'y'"))
        #expect(!text.contains("\"x\""))
        #expect(root.child("head")?.child("title")?.text.contains(hostile) == true)
    }

    @Test(arguments: [0x0, 0x1, 0x8, 0xB, 0xC, 0x1B, 0x1F, 0x7F, 0x9F, 0xFDD0, 0xFFFE, 0x1_FFFF] as [UInt32])
    func replacesCharactersHTMLForbids(_ value: UInt32) throws {
        let scalar = try #require(Unicode.Scalar(value))
        let (text, root) = try page(SampleReports.withText("x\(String(scalar))y"))
        #expect(!text.unicodeScalars.contains(scalar))
        #expect(text.contains("cx\u{FFFD}y"))
        #expect(root.all("th").contains { $0.text == "cx\u{FFFD}y" })
    }

    @Test(arguments: ["\t", "\n", "é", "→", "😀", "\u{A0}"])
    func keepsCharactersHTMLAllows(_ allowed: String) throws {
        let (text, _) = try page(SampleReports.withText("x\(allowed)y"))
        #expect(text.contains("cx\(allowed)y"))
        #expect(!text.contains("\u{FFFD}"))
    }

    @Test func oneSVGPerChartEachLabelled() throws {
        let (text, root) = try page()
        let sections = root.all("section").filter { $0.hasClass("gate") }
        #expect(sections.map { $0.all("svg").count } == [0, 2, 2, 3])
        #expect(text.components(separatedBy: "<svg").count - 1 == 7)
        for svg in root.all("svg") {
            let label = try #require(svg["aria-label"])
            #expect(!label.isEmpty)
            #expect(svg["role"] == "img")
            #expect(svg.child("title")?.text == label)
        }
        let labels = root.all("svg").map { $0["aria-label"] ?? "" }
        #expect(labels == [
            "ROC curve (AUC 0.8500)", "Precision–recall curve (average precision 0.7000)",
            "Selection rate by group, four-fifths line at 0.4000", "True positive rate by group",
            "income: reference and current distributions, drifted", "region: reference and current distributions, no drift",
            "term_months: reference and current distributions, no drift",
        ])
    }

    @Test func fourFifthsLineSitsAtFourFifthsOfTheHighestJudgedRate() throws {
        let (_, root) = try page()
        let chart = try #require(root.all("svg").first { $0["id"]?.hasSuffix("-selection") == true })
        let lines = chart.all("line").filter { $0.hasClass("threshold") }
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        // Judged groups A 0.5 and B 0.25 (C is not judged): the line is at 0.4. The axis
        // runs 0…1 (C's interval reaches 0.98) over x 180…470, so 0.4 is at 180 + 0.4 × 290.
        #expect(line["x1"] == "296.00")
        #expect(line["x2"] == "296.00")
        // From above the plot (top 30, minus 8) to its bottom: 4 rows of 28 below y 30.
        #expect(line["y1"] == "22.00")
        #expect(line["y2"] == "142.00")
        #expect(line["stroke-dasharray"] != nil)
        let label = try #require(chart.all("text").first { $0.hasClass("threshold-label") })
        #expect(label.text == "four-fifths line 0.4000")

        // Bars: A at 0.5 (145 wide), B below the line (red), C not judged, overall grey.
        let bars = chart.all("rect")
        #expect(bars.map { $0["class"] ?? "" } == ["bar", "bar below", "bar not-judged", "bar overall"])
        #expect(bars.map { $0["width"] ?? "" } == ["145.00", "72.50", "261.00", "116.00"])
        #expect(bars.map { $0["x"] ?? "" } == ["180.00", "180.00", "180.00", "180.00"])
        let labels = chart.all("text").filter { $0.hasClass("label") }.map(\.text)
        #expect(labels == ["group=A (ref.)", "group=B", "group=C (not judged)", "overall"])

        // The true positive rate has no line, and B's undefined rate no bar.
        let tpr = try #require(root.all("svg").first { $0["id"]?.hasSuffix("-tpr") == true })
        #expect(tpr.all("line").filter { $0.hasClass("threshold") }.isEmpty)
        #expect(tpr.all("rect").count == 3)
        #expect(tpr.all("text").contains { $0.text == "— undefined" })
    }

    @Test func groupTableMarksUndefinedJudgedAndReference() throws {
        let (_, root) = try page()
        let table = try #require(root.all("table").first { $0.hasClass("groups") })
        let header = try #require(table.child("thead")?.child("tr")).children("th").map(\.text)
        #expect(header == ["Group", "Rows", "selection rate", "true positive rate", "precision"])
        let rows = try #require(table.child("tbody")).children("tr")
        #expect(rows.map { $0.child("th")?.text.trimmingCharacters(in: .whitespaces) } == ["group=A", "group=B", "group=C", "overall"])
        #expect(rows[0].all("span").map(\.text) == ["reference"])
        #expect(rows[2].all("span").map(\.text) == ["not judged"])
        #expect(rows[2].hasClass("not-judged"))
        #expect(rows[3].hasClass("overall"))
        #expect(rows[1].children("td").map(\.text) == ["300", "0.2500", "—", "0.5000"])
        #expect(rows[2].children("td").map(\.text) == ["20", "0.9000", "0.5000", "—"])
        #expect(rows[0].children("td")[1]["title"] == "Wilson interval 0.4500 – 0.5500")
    }

    @Test func curvesStayInsideThePlotArea() throws {
        let (_, root) = try page()
        let polylines = root.all("polyline")
        #expect(polylines.count == 2)
        typealias L = HTMLRenderer.CurveLayout
        for polyline in polylines {
            let points = try Self.points(try #require(polyline["points"]))
            #expect(!points.isEmpty)
            for (x, y) in points {
                #expect((L.plotLeft...L.plotRight).contains(x), "x \(x) is off the plot")
                #expect((L.plotTop...L.plotBottom).contains(y), "y \(y) is off the plot")
            }
        }
        // The ROC curve runs from (0, 0) at the bottom left to (1, 1) at the top right.
        let roc = try Self.points(try #require(polylines[0]["points"]))
        #expect(roc.first! == (64, 320))
        #expect(roc.last! == (364, 20))
        #expect(roc[1] == (94, 140))  // (0.1, 0.6)
        // With the diagonal, dashed; the precision–recall chart has the share of positives.
        let diagonal = try #require(root.all("svg")[0].all("line").first { $0.hasClass("diagonal") })
        #expect([diagonal["x1"], diagonal["y1"], diagonal["x2"], diagonal["y2"]] == ["64.00", "320.00", "364.00", "20.00"])
        let baseline = try #require(root.all("svg")[1].all("line").first { $0.hasClass("diagonal") })
        #expect([baseline["y1"], baseline["y2"]] == ["200.00", "200.00"])  // 0.4
        // Ticks 0…1 on both axes.
        let ticks = root.all("svg")[0].all("text").filter { $0.hasClass("tick") }.map(\.text)
        #expect(ticks.count == 12)
        #expect(Set(ticks) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    }

    @Test func curvePointsOutsideTheUnitSquareAreClampedAndNonNumbersDropped() throws {
        let curve = CurveReport(
            name: "roc", xLabel: "x", yLabel: "y", x: [-0.5, .nan, 0.5, 2], y: [0.5, 0.5, .infinity, 1.5], area: nil)
        let report = HTMLSamples.report([
            GateResult(
                name: "m", kind: .model, startedAt: HTMLSamples.start, duration: 0, checks: [], detail: .curves([curve]))
        ])
        let (text, root) = try page(report)
        let points = try Self.points(try #require(root.all("polyline").first?["points"]))
        #expect(points.count == 2)
        #expect(points[0] == (64, 170))
        #expect(points[1] == (364, 20))
        #expect(root.all("svg").first?["aria-label"] == "ROC curve")
        #expect(!text.lowercased().contains("nan"))
        #expect(!text.contains("inf"))
    }

    @Test(arguments: [0.0, 1e-9, 0.000_123, 0.072, 0.6, 1.0, 3.0])
    func svgCoordinatesHaveTwoFixedDecimals(_ rate: Double) throws {
        var groups = HTMLSamples.groups
        for index in groups.rows.indices {
            groups.rows[index].values["selection_rate"] = rate
            groups.rows[index].intervals = ["selection_rate": [rate / 2, rate * 1.2]]
        }
        let report = HTMLSamples.report([
            GateResult(
                name: "f", kind: .fairness, startedAt: HTMLSamples.start, duration: 0, checks: [], detail: .groups(groups)),
            GateResult(
                name: "m", kind: .model, startedAt: HTMLSamples.start, duration: 0, checks: [],
                detail: .curves([CurveReport(name: "roc", xLabel: "x", yLabel: "y", x: [0, 1e-12, 1], y: [0, 1e-9, 1], area: 0.5)]))
        ])
        let (_, root) = try page(report)
        let coordinate = /-?[0-9]+\.[0-9]{2}/
        for svg in root.all("svg") {
            for element in svg.descendants {
                for name in ["x", "y", "x1", "y1", "x2", "y2", "width", "height"] {
                    if let value = element[name] {
                        #expect(value.wholeMatch(of: coordinate) != nil, "\(element.name) \(name)=\(value)")
                    }
                }
                for name in ["points", "viewBox", "d", "transform"] {
                    guard let value = element[name] else { continue }
                    for number in value.matches(of: /[-+.0-9][-+.0-9eE]*/) {
                        #expect(number.output.wholeMatch(of: coordinate) != nil, "\(element.name) \(name)=\(value)")
                    }
                    #expect(!value.contains("-0.00"))
                }
            }
            // Bars never leave the plot, whatever the rate.
            for bar in svg.all("rect") where bar.hasClass("bar") {
                let end = Double(bar["x"]!)! + Double(bar["width"]!)!
                #expect(end <= HTMLRenderer.BarLayout.plotRight + 0.005)
            }
        }
    }

    @Test(arguments: [
        (0.0, 1.0, 0.2), (0.072, 0.08, 0.02), (0.3268, 0.4, 0.1), (0.5, 0.5, 0.1), (0.98, 1.0, 0.2),
        (3.0, 1.0, 0.2), (0.000_12, 0.000_15, 0.000_05),
    ])
    func axisRoundsUpToANiceMaximum(_ largest: Double, _ maximum: Double, _ step: Double) {
        let axis = HTMLRenderer.Axis(largest: largest, cap: 1)
        #expect(abs(axis.maximum - maximum) < 1e-12)
        #expect(abs(axis.step - step) < 1e-12)
        #expect(axis.maximum >= min(largest, 1))
        #expect(axis.ticks.first == 0)
        #expect(abs(axis.ticks.last! - axis.maximum) < 1e-12)
    }

    @Test func gatesWithoutGroupsCurvesOrDriftHaveNoFigures() throws {
        var report = SampleReports.mixed
        report.gates.removeAll { $0.drift != nil }
        let (_, root) = try page(report)
        #expect(root.all("svg").isEmpty)
        #expect(root.all("figure").isEmpty)
        #expect(!root.all("table").contains { $0.hasClass("groups") })
    }

    // MARK: Drift

    @Test func driftGateRendersOneHistogramPerColumnWithTwoBarsPerBin() throws {
        let (text, root) = try page()
        let section = try #require(root.all("section").first { $0["id"] == "gate-4" })
        let svgs = section.all("svg")
        // Drifted first: income, then region and term_months in config order.
        let columns = SampleReports.driftTable.columns
        let ordered = [columns[0], columns[1], columns[2]]
        #expect(svgs.count == ordered.count)
        for (svg, column) in zip(svgs, ordered) {
            #expect(svg.hasClass("histogram"))
            let bins = svg.all("g").filter { $0.hasClass("bin") }
            #expect(bins.count == column.histogram.labels.count)
            let bars = svg.all("rect").filter { $0.hasClass("bar") }
            #expect(bars.count == 2 * column.histogram.labels.count)
            #expect(bars.map { $0.hasClass("reference") ? "r" : $0.hasClass("current") ? "c" : "?" }
                == Array(repeating: ["r", "c"], count: column.histogram.labels.count).flatMap { $0 })
            #expect(bins.map { $0.child("text")?.text ?? "" } == column.histogram.labels)
            // A legend with both colours.
            let swatches = svg.all("rect").filter { $0.hasClass("swatch") }
            #expect(swatches.map { $0["class"] ?? "" } == ["swatch reference", "swatch current"])
            #expect(svg.all("text").contains { $0.text == "reference (\(column.referenceCount) values)" })
            #expect(svg.all("text").contains { $0.text == "current (\(column.currentCount) values)" })
        }
        // Labels are escaped and read back as they were.
        #expect(text.contains(">north &amp; &lt;east&gt;</text>"))
        #expect(svgs[1].all("text").contains { $0.text == "north & <east>" })
        // Shares as widths: income's axis runs 0…0.4 over x 170…500, so 0.3 is 247.5 wide.
        let income = svgs[0].all("rect").filter { $0.hasClass("bar") }
        #expect(income.map { $0["width"] ?? "" } == ["247.50", "165.00", "330.00", "288.75", "165.00", "247.50", "82.50", "123.75"])
        #expect(income.allSatisfy { $0["x"] == "170.00" })
        // A zero share is a bar of width 0, so that every bin has both.
        #expect(svgs[1].all("rect").filter { $0.hasClass("bar") }[4]["width"] == "0.00")
    }

    @Test func driftedColumnsAreMarked() throws {
        let (_, root) = try page()
        let section = try #require(root.all("section").first { $0["id"] == "gate-4" })
        let figures = section.all("figure")
        #expect(figures.map { $0.hasClass("drifted") } == [true, false, false])
        let badges = figures.map { $0.all("span").first { $0.hasClass("badge") }?.text ?? "" }
        #expect(badges == ["drifted", "no drift", "no drift"])
        let table = try #require(section.all("table").first { $0.hasClass("drift") })
        let header = try #require(table.child("thead")?.child("tr")).children("th").map(\.text)
        #expect(header == ["Column", "Kind", "Method", "Value", "Threshold", "Drifted", "Values (ref. / cur.)", "Reason"])
        let rows = try #require(table.child("tbody")).children("tr")
        #expect(rows.map { $0.child("th")?.text ?? "" } == ["income", "region", "term_months"])
        #expect(rows.map { $0.hasClass("drifted") } == [true, false, false])
        #expect(rows[0].children("td").map(\.text) == ["numeric", "ks", "0.0123", "≤ 0.0500", "✓ yes", "500 / 398", "auto: reference ≤ 1000 values, numeric, 480 distinct values"])
        #expect(rows[0].children("td")[2]["title"] == "statistic 0.1075")
        #expect(rows[0].children("td")[5].child("span")?.text == "missing 0 / 2")
        #expect(rows[1].children("td")[4].text == "✗ no")
        #expect(rows[1].children("td")[6].child("span")?.text == "new: north & <east>")
        #expect(rows[2].children("td").map(\.text)[3] == "< 0.2000")
        #expect(rows[2].children("td")[6].text == "set in the config")
        let summary = try #require(section.children("p").last)
        #expect(summary.text == "1 of 3 columns drifted (share 0.3333); the dataset drifts at a share of 0.5000 or more: no dataset drift.")
    }

    @Test func aHistogramOfManyCategoriesShowsTheLargestThirty() throws {
        // 45 categories: c00…c44, category i has reference share ∝ i and current ∝ 44 − i,
        // so the largest by the larger share are the 15 lowest and the 15 highest.
        let count = 45
        let total = Double((0..<count).reduce(0, +))
        var column = SampleReports.driftTable.columns[1]
        column.histogram = .init(
            labels: (0..<count).map { String(format: "c%02d", $0) },
            reference: (0..<count).map { Double($0) / total }, current: (0..<count).map { Double(count - 1 - $0) / total })
        let expected = Array(0..<15) + Array(30..<45)
        #expect(HTMLRenderer.shownBins(column.histogram) == expected)
        var table = SampleReports.driftTable
        table.columns = [column]
        let report = HTMLSamples.report([
            GateResult(name: "d", kind: .drift, startedAt: HTMLSamples.start, duration: 0, checks: [], detail: .drift(table))
        ])
        let (_, root) = try page(report)
        let svg = try #require(root.all("svg").first)
        let bins = svg.all("g").filter { $0.hasClass("bin") }
        #expect(bins.count == 30)
        #expect(svg.all("rect").filter { $0.hasClass("bar") }.count == 60)
        #expect(bins.map { $0.child("text")?.text ?? "" } == expected.map { String(format: "c%02d", $0) })
        let caption = try #require(root.all("figcaption").first)
        #expect(caption.text.contains("The 30 largest of 45 bins; 15 left out"))
        // c15…c29 hold (15 + … + 29) / 990 of each side.
        #expect(caption.text.contains("(0.3333 of the reference, 0.3333 of the current values)"))
        // The last bar still ends inside the plot.
        for bar in svg.all("rect") where bar.hasClass("bar") {
            #expect(Double(bar["x"]!)! + Double(bar["width"]!)! <= HTMLRenderer.HistogramLayout.plotRight + 0.005)
        }
    }

    @Test func longBinLabelsAreShortenedWithTheFullLabelAsATooltip() throws {
        var column = SampleReports.driftTable.columns[1]
        let long = "a category name far longer than the room beside the plot"
        column.histogram = .init(labels: [long, "b"], reference: [0.5, 0.5], current: [0.4, 0.6])
        var table = SampleReports.driftTable
        table.columns = [column]
        let (_, root) = try page(HTMLSamples.report([
            GateResult(name: "d", kind: .drift, startedAt: HTMLSamples.start, duration: 0, checks: [], detail: .drift(table))
        ]))
        let label = try #require(root.all("g").first { $0.hasClass("bin") }?.child("text"))
        #expect(label.text == "a category name far lon…")
        #expect(label.child("title")?.text == long)
    }

    @Test func aDriftGateWithoutComparedColumnsSaysSo() throws {
        let table = DriftTableReport(columns: [], driftShare: 0.5, share: 0, drifted: false)
        let (_, root) = try page(HTMLSamples.report([
            GateResult(name: "d", kind: .drift, startedAt: HTMLSamples.start, duration: 0, checks: [], detail: .drift(table))
        ]))
        #expect(root.all("svg").isEmpty)
        #expect(!root.all("table").contains { $0.hasClass("drift") })
        #expect(root.all("p").contains { $0.text == "No column could be compared (see the checks)." })
        var report = SampleReports.mixed
        report.gates[2].detail = .drift(table)
        #expect(MarkdownRenderer().text(report).contains("Drift by column: no column could be compared (see the checks)."))
    }

    @Test func theHTMLFormatWritesThisPage() throws {
        #expect(try ReportFormat.html.render(HTMLSamples.report) == HTMLRenderer().render(HTMLSamples.report))
        let directory = try Fixtures.temporaryDirectory()
        let url = directory.appendingPathComponent("out/report.html")
        try ReportWriter.write(HTMLSamples.report, to: [.html: url])
        #expect(try Data(contentsOf: url) == HTMLRenderer().render(HTMLSamples.report))
    }

    @Test func theConfigNamesAnHTMLPath() throws {
        let yaml = """
            version: 1
            reports:
              html: reports/report.html
              openmetrics: reports/metrics.txt
            gates:
              - name: g
                kind: data
                input: table.csv
                checks:
                  - check: row_count
                    min: 1
            """
        let config = try ConfigLoader.parse(yaml, file: "mlgate.yml", directory: URL(fileURLWithPath: "/tmp"))
        #expect(config.reports.html == "reports/report.html")
        #expect(config.reports.openmetrics == "reports/metrics.txt")
        #expect(ReportPaths.keys.contains { $0.key == "html" })
    }

    @Test func theCheckCommandWritesTheHTMLReport() throws {
        let directory = try Fixtures.temporaryDirectory()
        let config = Fixtures.url("configs/failing.yml").path
        let run = try ToolRun(["check", "--config", config, "--html", "out/report.html"], in: directory)
        #expect(run.status == 1)
        #expect(run.stdout.contains("report: out/report.html"))
        let data = try Data(contentsOf: directory.appendingPathComponent("out/report.html"))
        let root = try #require(XMLElement.parse(data))
        #expect(root.all("header").first?.child("h1")?.text == "mlgate: gate failed")
    }

    /// `x,y x,y …` as numbers.
    static func points(_ text: String) throws -> [(Double, Double)] {
        try text.split(separator: " ").map { pair in
            let parts = pair.split(separator: ",")
            try #require(parts.count == 2)
            return (try #require(Double(parts[0])), try #require(Double(parts[1])))
        }
    }
}

extension XMLElement {
    /// The `index`th child with this name.
    fileprivate func child(_ name: String, at index: Int) -> XMLElement? {
        let matching = children(name)
        return matching.indices.contains(index) ? matching[index] : nil
    }
}
