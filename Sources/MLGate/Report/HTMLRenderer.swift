import Foundation

/// Renders a run as one self-contained HTML5 page: the verdict, the config and totals,
/// then one section per gate with its checks (failing first), a fairness gate's
/// per-group table with bar charts of the selection and true positive rates, a binary
/// model gate's ROC and precision–recall curves, and a drift gate's per-column table with
/// a histogram of each column's reference and current distributions.
///
/// The page loads nothing: the styles are inline and the charts are inline SVG, with no
/// JavaScript, so it can be archived as a CI artifact and opened offline. Every piece of
/// text is escaped, characters HTML forbids become U+FFFD, and SVG coordinates are
/// written with two fixed decimals. The markup is also well-formed XML (void elements
/// are closed, only numeric character references besides `&amp;`, `&lt;`, `&gt;` and
/// `&quot;`), so XML tools can read it too.
public struct HTMLRenderer: Sendable {
    /// Creates a renderer.
    public init() {}

    /// The page, UTF-8 encoded.
    public func render(_ report: RunReport) -> Data {
        Data(text(report).utf8)
    }

    /// The page's text.
    public func text(_ report: RunReport) -> String {
        var html = ""
        let headline = "mlgate: " + MarkdownRenderer.headline(report.status)
        html += "<!DOCTYPE html>\n"
        html += "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
        html += "<title>\(Self.escape(headline)) — \(Self.escape(report.config))</title>\n"
        html += "<style>\n\(Self.styleSheet)</style>\n</head>\n<body>\n<main>\n"
        html += Self.header(report, headline: headline)
        html += Self.overview(report)
        for (index, gate) in report.gates.enumerated() {
            html += Self.section(gate, id: "gate-\(index + 1)")
        }
        html += "<footer>Written by mlgate \(Self.escape(report.mlgateVersion))"
        if report.mlgateVersion != MLGateVersion.current {
            html += ", rendered by mlgate \(Self.escape(MLGateVersion.current))"
        }
        html += ". This page loads nothing from the network.</footer>\n"
        html += "</main>\n</body>\n</html>\n"
        return html
    }
}

// MARK: - Page parts

extension HTMLRenderer {
    /// The verdict banner, the run's facts and the totals.
    static func header(_ report: RunReport, headline: String) -> String {
        let status = report.status.rawValue
        var html = "<header class=\"verdict status-\(status)\">\n"
        html += "<h1>\(Self.escape(headline))</h1>\n"
        html += "<p>\(Self.escape(MarkdownRenderer.countsText(report.totals)))</p>\n</header>\n"
        let timestamp = NumberFormatting.timestamp(report.startedAt)
        html += "<dl class=\"meta\">\n"
        html += "<dt>Config</dt><dd><code>\(Self.escape(report.config))</code></dd>\n"
        html += "<dt>Started</dt><dd><time datetime=\"\(timestamp)Z\">"
            + timestamp.replacingOccurrences(of: "T", with: " ") + " UTC</time></dd>\n"
        html += "<dt>Duration</dt><dd>\(NumberFormatting.seconds(report.duration)) s</dd>\n"
        html += "<dt>mlgate</dt><dd>\(Self.escape(report.mlgateVersion))</dd>\n"
        html += "</dl>\n"
        let totals = report.totals
        html += "<ul class=\"totals\" aria-label=\"Checks by outcome\">\n"
        for (label, outcome, count) in [
            ("checks", "total", totals.total), ("passed", "passed", totals.passed), ("failed", "failed", totals.failed),
            ("warnings", "warning", totals.warnings), ("errors", "error", totals.errors),
            ("skipped", "skipped", totals.skipped),
        ] {
            html += "<li class=\"outcome-\(outcome)\"><span class=\"count\">\(count)</span> \(label)</li>\n"
        }
        html += "</ul>\n"
        return html
    }

    /// A table of the gates, each linking to its section.
    static func overview(_ report: RunReport) -> String {
        guard !report.gates.isEmpty else { return "<p>No gates ran.</p>\n" }
        var html = "<table class=\"overview\">\n<caption>Gates, in config order</caption>\n<thead><tr>"
        html += "<th scope=\"col\">Gate</th><th scope=\"col\">Kind</th><th scope=\"col\">Status</th>"
        html += "<th scope=\"col\">Checks</th><th scope=\"col\" class=\"num\">Duration (s)</th></tr></thead>\n<tbody>\n"
        for (index, gate) in report.gates.enumerated() {
            html += "<tr><th scope=\"row\"><a href=\"#gate-\(index + 1)\">\(Self.escape(gate.name))</a></th>"
            html += "<td>\(gate.kind.rawValue)</td><td>\(Self.badge(gate.status))</td>"
            html += "<td>\(Self.escape(MarkdownRenderer.countsText(gate.counts)))</td>"
            html += "<td class=\"num\">\(NumberFormatting.seconds(gate.duration))</td></tr>\n"
        }
        html += "</tbody>\n</table>\n"
        return html
    }

    /// One gate: its heading, its checks (failing first) and its figures.
    static func section(_ gate: GateResult, id: String) -> String {
        var html = "<section class=\"gate\" id=\"\(id)\" aria-labelledby=\"\(id)-title\">\n"
        html += "<h2 id=\"\(id)-title\">\(Self.badge(gate.status)) \(Self.escape(gate.name)) "
            + "<span class=\"kind\">\(gate.kind.rawValue) gate</span></h2>\n"
        html += "<p class=\"gate-meta\">\(Self.escape(MarkdownRenderer.countsText(gate.counts))) · "
            + "\(NumberFormatting.seconds(gate.duration)) s</p>\n"
        html += checkTable(gate)
        html += figures(gate, id: id)
        html += "</section>\n"
        return html
    }

    /// The checks of a gate, failing first: error, failed, warning, skipped, passed;
    /// config order within each outcome.
    static func checkTable(_ gate: GateResult) -> String {
        guard !gate.checks.isEmpty else { return "<p>This gate has no checks.</p>\n" }
        var html = "<table class=\"checks\">\n<caption>Checks of \(Self.escape(gate.name)), failing first</caption>\n"
        html += "<thead><tr><th scope=\"col\">Outcome</th><th scope=\"col\">Check</th>"
        html += "<th scope=\"col\">Result</th><th scope=\"col\">Measurements</th></tr></thead>\n<tbody>\n"
        for check in orderedChecks(gate.checks) {
            let outcome = check.outcome.rawValue
            html += "<tr class=\"outcome-\(outcome)\"><td>\(Self.badge(check.outcome))</td>"
            var facts = [check.check]
            if check.severity == .warn { facts.append("severity warn") }
            if let location = check.location { facts.append(location.description) }
            html += "<th scope=\"row\">\(Self.escape(check.name))"
                + "<span class=\"sub\">\(Self.escape(facts.joined(separator: " · ")))</span></th>"
            html += "<td><div class=\"message\">\(Self.escape(check.message))</div>"
            if let details = check.details, !details.isEmpty {
                let open = check.outcome == .passed || check.outcome == .skipped ? "" : " open=\"open\""
                html += "<details\(open)><summary>Details</summary><pre>\(Self.escape(details))</pre></details>"
            }
            html += "</td><td>"
            if !check.measurements.isEmpty {
                html += "<ul class=\"measurements\">"
                for measurement in check.measurements {
                    html += "<li><span class=\"name\">\(Self.escape(measurement.name))</span> "
                        + "\(measurementValue(measurement.value))</li>"
                }
                html += "</ul>"
            }
            html += "</td></tr>\n"
        }
        html += "</tbody>\n</table>\n"
        return html
    }

    /// A measured value, short: as it is when four decimals or fewer hold it (or it is too
    /// small for four decimals), else with four decimals and the exact value as a tooltip.
    static func measurementValue(_ value: Double) -> String {
        let exact = Self.escape(NumberFormatting.value(value))
        guard value.isFinite, abs(value) >= 0.0001, abs(value) < 1e15, (value * 10_000).rounded() / 10_000 != value
        else { return exact }
        return "<span title=\"\(exact)\">\(fixed(value, 4))</span>"
    }

    /// The checks in the order the report shows them.
    static func orderedChecks(_ checks: [CheckResult]) -> [CheckResult] {
        checks.problemsFirst()
    }

    /// What a gate shows beyond its checks: one section per kind of ``GateDetail``.
    ///
    /// This is the extension point for pictures: a fairness gate's per-group table and
    /// rate charts, a binary model gate's curves, a drift gate's table and histograms
    /// (HTMLRenderer+Drift.swift), a contract's tables. A new kind of detail gets a case
    /// here and a function that renders it.
    static func figures(_ gate: GateResult, id: String) -> String {
        switch gate.detail {
        case .groups(let table)?: groupFigures(table, id: id)
        case .curves(let curves)?: curves.isEmpty ? "" : curveFigures(curves, id: id)
        case .drift(let table)?: driftFigures(table, id: id)
        case .contract(let contract)?: contractFigures(contract)
        case nil: ""
        }
    }

    // MARK: Fairness

    /// The per-group table, then a bar chart of each group's selection rate with the
    /// four-fifths line and one of its true positive rate (when the table has them).
    static func groupFigures(_ table: GroupTableReport, id: String) -> String {
        var html = "<h3>Per group</h3>\n"
        html += "<p>Groups by \(Self.escape(table.features.joined(separator: " × "))); groups under "
            + "\(table.minGroupSize) rows are reported, not judged. A rate is “—” where it is undefined "
            + "(no rows to divide by).</p>\n"
        html += groupTable(table)
        var charts = ""
        if table.metrics.contains(GroupMetric.selectionRate.rawValue) {
            charts += barChart(table, metric: GroupMetric.selectionRate.rawValue, fourFifths: true, id: "\(id)-selection")
        }
        if table.metrics.contains(GroupMetric.truePositiveRate.rawValue) {
            charts += barChart(table, metric: GroupMetric.truePositiveRate.rawValue, fourFifths: false, id: "\(id)-tpr")
        }
        if !charts.isEmpty { html += "<div class=\"charts\">\n\(charts)</div>\n" }
        return html
    }

    /// A group's name as the reports write it: `sex=F, region=north`, or `overall`.
    static func groupLabel(_ row: GroupTableReport.Row, features: [String]) -> String {
        isOverall(row) ? "overall" : zip(features, row.group).map { "\($0)=\($1)" }.joined(separator: ", ")
    }

    static func isOverall(_ row: GroupTableReport.Row) -> Bool { row.group == ["overall"] }

    /// The table: one row per group, the overall row last, "—" where undefined.
    static func groupTable(_ table: GroupTableReport) -> String {
        var html = "<div class=\"scroll\"><table class=\"groups\">\n"
        html += "<caption>Per-group rates (\(Self.escape(table.features.joined(separator: " × "))))</caption>\n"
        html += "<thead><tr><th scope=\"col\">Group</th><th scope=\"col\" class=\"num\">Rows</th>"
        for metric in table.metrics {
            html += "<th scope=\"col\" class=\"num\">\(Self.escape(metric.replacingOccurrences(of: "_", with: " ")))</th>"
        }
        html += "</tr></thead>\n<tbody>\n"
        for row in table.rows {
            var classes: [String] = []
            if isOverall(row) { classes.append("overall") }
            if !row.judged { classes.append("not-judged") }
            html += classes.isEmpty ? "<tr>" : "<tr class=\"\(classes.joined(separator: " "))\">"
            html += "<th scope=\"row\">\(Self.escape(groupLabel(row, features: table.features)))"
            if !isOverall(row), row.group == table.reference { html += " <span class=\"mark\">reference</span>" }
            if !row.judged { html += " <span class=\"mark\">not judged</span>" }
            html += "</th><td class=\"num\">\(row.count)</td>"
            for metric in table.metrics {
                if let value = row.values[metric], value.isFinite {
                    var title = ""
                    if let interval = row.intervals?[metric], interval.count == 2,
                        interval.allSatisfy(\.isFinite)
                    {
                        title = " title=\"Wilson interval \(fixed(interval[0], 4)) – \(fixed(interval[1], 4))\""
                    }
                    html += "<td class=\"num\"\(title)>\(fixed(value, 4))</td>"
                } else {
                    html += "<td class=\"num undefined\">—</td>"
                }
            }
            html += "</tr>\n"
        }
        html += "</tbody>\n</table></div>\n"
        return html
    }

    /// The geometry of a horizontal bar chart, in SVG user units.
    enum BarLayout {
        static let width = 540.0
        /// The plot's left edge: group labels end 8 units before it.
        static let plotLeft = 180.0
        /// The plot's right edge; value labels may run into the margin beyond it.
        static let plotRight = 470.0
        /// The plot's top edge; the four-fifths label sits above it.
        static let plotTop = 30.0
        static let rowHeight = 28.0
        static let barHeight = 16.0
        /// Below the plot: tick labels and the axis title.
        static let bottomMargin = 46.0
        /// Where the threshold line starts, above the plot.
        static let thresholdTop = plotTop - 8

        static var plotWidth: Double { plotRight - plotLeft }
        static func plotBottom(rows: Int) -> Double { plotTop + Double(rows) * rowHeight }
        static func height(rows: Int) -> Double { plotBottom(rows: rows) + bottomMargin }
    }

    /// The four-fifths threshold: 0.8 × the highest selection rate among judged groups
    /// (the overall row is not a group); `nil` when no judged group has one.
    static func fourFifthsThreshold(_ table: GroupTableReport, metric: String) -> (highest: Double, threshold: Double)? {
        let rates = table.rows.filter { $0.judged && !isOverall($0) }.compactMap { $0.values[metric] }.filter(\.isFinite)
        guard let highest = rates.max() else { return nil }
        return (highest, 0.8 * highest)
    }

    /// A horizontal bar chart of one rate per group, with Wilson intervals as whiskers.
    static func barChart(_ table: GroupTableReport, metric: String, fourFifths: Bool, id: String) -> String {
        typealias L = BarLayout
        let rows = table.rows
        let name = metric.replacingOccurrences(of: "_", with: " ")
        let threshold = fourFifths ? fourFifthsThreshold(table, metric: metric) : nil
        var largest = 0.0
        for row in rows {
            if let value = row.values[metric], value.isFinite { largest = max(largest, value) }
            if let interval = row.intervals?[metric], interval.count == 2, interval[1].isFinite {
                largest = max(largest, interval[1])
            }
        }
        let axis = Axis(largest: largest, cap: 1)
        let x = { (value: Double) in L.plotLeft + min(max(value, 0), axis.maximum) / axis.maximum * L.plotWidth }
        let plotBottom = L.plotBottom(rows: rows.count)
        let height = L.height(rows: rows.count)

        let heading = "\(name.prefix(1).uppercased())\(name.dropFirst()) by group"
        var title = heading
        if let threshold { title += ", four-fifths line at \(fixed(threshold.threshold, 4))" }
        var svg = "<figure class=\"chart\">\n<figcaption><strong>\(Self.escape(heading))</strong>"
        svg += "Whiskers: Wilson intervals."
        if let threshold {
            svg += " Dashed line: four-fifths of the highest judged group’s rate "
                + "(0.8 × \(fixed(threshold.highest, 4)) = \(fixed(threshold.threshold, 4))); judged groups "
                + "below it are red."
        }
        svg += "</figcaption>\n"
        svg += svgStart(kind: "bars", id: id, title: title, width: L.width, height: height)
        svg += valueAxis(axis, x: x, left: L.plotLeft, right: L.plotRight, top: L.plotTop, bottom: plotBottom, title: name)
        // One bar per group.
        for (index, row) in rows.enumerated() {
            let top = L.plotTop + Double(index) * L.rowHeight + (L.rowHeight - L.barHeight) / 2
            let middle = top + L.barHeight / 2
            var label = groupLabel(row, features: table.features)
            var marks: [String] = []
            if !isOverall(row), row.group == table.reference { marks.append("ref.") }
            if !row.judged { marks.append("not judged") }
            let full = label + (marks.isEmpty ? "" : " (\(marks.joined(separator: ", ")))")
            label = shortened(label, to: 26 - (marks.isEmpty ? 0 : marks.joined(separator: ", ").count + 3))
            let shown = label + (marks.isEmpty ? "" : " (\(marks.joined(separator: ", ")))")
            svg += "<g class=\"group\">"
            svg += "<text class=\"label\" x=\"\(coordinate(L.plotLeft - 8))\" y=\"\(coordinate(middle + 4))\" "
                + "text-anchor=\"end\">"
            if shown != full { svg += "<title>\(Self.escape(full))</title>" }
            svg += "\(Self.escape(shown))</text>"
            if let value = row.values[metric], value.isFinite {
                var kind = "bar"
                if isOverall(row) {
                    kind += " overall"
                } else if !row.judged {
                    kind += " not-judged"
                } else if let threshold, value < threshold.threshold {
                    kind += " below"
                }
                let end = x(value)
                svg += "<rect class=\"\(kind)\" x=\"\(coordinate(L.plotLeft))\" y=\"\(coordinate(top))\" "
                    + "width=\"\(coordinate(end - L.plotLeft))\" height=\"\(coordinate(L.barHeight))\">"
                    + "<title>\(Self.escape(full)): \(fixed(value, 4))</title></rect>"
                var labelX = end
                if let interval = row.intervals?[metric], interval.count == 2, interval.allSatisfy(\.isFinite) {
                    let low = coordinate(x(interval[0])), high = coordinate(x(interval[1]))
                    svg += "<path class=\"whisker\" d=\"M\(low) \(coordinate(middle))H\(high)"
                        + "M\(low) \(coordinate(middle - 4))V\(coordinate(middle + 4))"
                        + "M\(high) \(coordinate(middle - 4))V\(coordinate(middle + 4))\"/>"
                    labelX = max(labelX, x(interval[1]))
                }
                svg += "<text class=\"value\" x=\"\(coordinate(labelX + 6))\" y=\"\(coordinate(middle + 4))\">"
                    + "\(fixed(value, 4))</text>"
            } else {
                svg += "<text class=\"value undefined\" x=\"\(coordinate(L.plotLeft + 6))\" "
                    + "y=\"\(coordinate(middle + 4))\">— undefined</text>"
            }
            svg += "</g>\n"
        }
        if let threshold {
            let tx = x(threshold.threshold)
            let anchorEnd = tx > (L.plotLeft + L.plotRight) / 2
            svg += "<line class=\"threshold\" x1=\"\(coordinate(tx))\" y1=\"\(coordinate(L.thresholdTop))\" "
                + "x2=\"\(coordinate(tx))\" y2=\"\(coordinate(plotBottom))\" stroke-dasharray=\"6 4\"/>\n"
            svg += "<text class=\"threshold-label\" x=\"\(coordinate(anchorEnd ? tx + 4 : tx - 4))\" "
                + "y=\"\(coordinate(L.thresholdTop - 6))\" text-anchor=\"\(anchorEnd ? "end" : "start")\">"
                + "four-fifths line \(fixed(threshold.threshold, 4))</text>\n"
        }
        svg += "</svg>\n</figure>\n"
        return svg
    }

    /// An inline `<svg>` element's start tag and its title (also its accessible name).
    static func svgStart(kind: String, id: String, title: String, width: Double, height: Double) -> String {
        "<svg class=\"chart \(kind)\" id=\"\(id)\" role=\"img\" aria-label=\"\(Self.escape(title))\" "
            + "viewBox=\"0.00 0.00 \(coordinate(width)) \(coordinate(height))\" "
            + "width=\"\(coordinate(width))\" height=\"\(coordinate(height))\">\n"
            + "<title>\(Self.escape(title))</title>\n"
    }

    /// A horizontal chart's value axis: a grid line and a tick label at every tick, the
    /// axis line at the plot's left edge and the axis title below the ticks.
    static func valueAxis(
        _ axis: Axis, x: (Double) -> Double, left: Double, right: Double, top: Double, bottom: Double, title: String
    ) -> String {
        var svg = ""
        for tick in axis.ticks {
            let tx = coordinate(x(tick))
            svg += "<line class=\"grid\" x1=\"\(tx)\" y1=\"\(coordinate(top))\" x2=\"\(tx)\" y2=\"\(coordinate(bottom))\"/>"
            svg += "<text class=\"tick\" x=\"\(tx)\" y=\"\(coordinate(bottom + 16))\" text-anchor=\"middle\">"
                + "\(fixed(tick, axis.decimals))</text>\n"
        }
        svg += "<line class=\"axis\" x1=\"\(coordinate(left))\" y1=\"\(coordinate(top))\" "
            + "x2=\"\(coordinate(left))\" y2=\"\(coordinate(bottom))\"/>\n"
        svg += "<text class=\"axis-title\" x=\"\(coordinate((left + right) / 2))\" "
            + "y=\"\(coordinate(bottom + 36))\" text-anchor=\"middle\">\(Self.escape(title))</text>\n"
        return svg
    }

    /// A linear axis from 0: a "nice" maximum (1, 2 or 5 times a power of ten per step,
    /// about five steps) that holds the largest value, at most `cap`.
    struct Axis: Equatable {
        var maximum: Double
        var step: Double

        init(largest: Double, cap: Double) {
            guard largest.isFinite, largest > 0 else {
                (maximum, step) = (cap, cap / 5)
                return
            }
            let raw = largest / 5
            let magnitude = pow(10, (log10(raw)).rounded(.down))
            let residual = raw / magnitude
            let nice: Double = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10
            step = nice * magnitude
            maximum = step * (largest / step - 1e-9).rounded(.up)
            if maximum >= cap - 1e-12 { (maximum, step) = (cap, cap / 5) }
        }

        /// 0, step, 2 × step, … maximum.
        var ticks: [Double] {
            let count = Int((maximum / step).rounded())
            return (0...count).map { Double($0) * step }
        }

        /// Enough decimals to tell the ticks apart.
        var decimals: Int { max(0, Int((-log10(step)).rounded(.up))) }
    }

    // MARK: Curves

    /// The geometry of a curve chart: a square plot of [0, 1] × [0, 1].
    enum CurveLayout {
        static let width = 392.0
        static let height = 372.0
        static let plotLeft = 64.0
        static let plotTop = 20.0
        static let side = 300.0
        static var plotRight: Double { plotLeft + side }
        static var plotBottom: Double { plotTop + side }
    }

    /// The ROC and precision–recall curves, side by side.
    static func curveFigures(_ curves: [CurveReport], id: String) -> String {
        var html = "<h3>Curves</h3>\n<div class=\"charts\">\n"
        for (index, curve) in curves.enumerated() {
            html += curveChart(curve, id: "\(id)-curve-\(index + 1)")
        }
        html += "</div>\n"
        return html
    }

    /// A curve's title, with its area: `ROC curve (AUC 0.8112)`.
    static func curveTitle(_ curve: CurveReport) -> String {
        let (name, area): (String, String) =
            switch curve.name {
            case "roc": ("ROC curve", "AUC")
            case "precision_recall": ("Precision–recall curve", "average precision")
            default: (curve.name.replacingOccurrences(of: "_", with: " "), "area")
            }
        guard let value = curve.area, value.isFinite else { return name }
        return "\(name) (\(area) \(fixed(value, 4)))"
    }

    /// The precision of a model that guesses: the share of positives, which is the
    /// precision–recall curve's last point (every row predicted positive, recall 1).
    static func precisionRecallBaseline(_ curve: CurveReport) -> Double? {
        guard curve.name == "precision_recall", let recall = curve.x.last, let precision = curve.y.last,
            recall == 1, precision.isFinite, (0...1).contains(precision)
        else { return nil }
        return precision
    }

    /// A line chart of one curve on [0, 1] × [0, 1], with ticks every 0.2; the ROC
    /// curve gets the diagonal of a model that guesses, the precision–recall curve the
    /// share of positives.
    static func curveChart(_ curve: CurveReport, id: String) -> String {
        typealias L = CurveLayout
        let title = curveTitle(curve)
        let px = { (value: Double) in L.plotLeft + min(max(value, 0), 1) * L.side }
        let py = { (value: Double) in L.plotBottom - min(max(value, 0), 1) * L.side }
        var svg = "<figure class=\"chart\">\n<figcaption><strong>\(Self.escape(title))</strong>"
        let baseline = precisionRecallBaseline(curve)
        if curve.name == "roc" { svg += "Dashed: a model that guesses." }
        if let baseline { svg += "Dashed: the share of positives (\(fixed(baseline, 4))), what guessing reaches." }
        svg += "</figcaption>\n"
        svg += svgStart(kind: "curve", id: id, title: title, width: L.width, height: L.height)
        for index in 0...5 {
            let tick = Double(index) / 5
            let tx = coordinate(px(tick)), ty = coordinate(py(tick))
            svg += "<line class=\"grid\" x1=\"\(tx)\" y1=\"\(coordinate(L.plotTop))\" x2=\"\(tx)\" y2=\"\(coordinate(L.plotBottom))\"/>"
            svg += "<line class=\"grid\" x1=\"\(coordinate(L.plotLeft))\" y1=\"\(ty)\" x2=\"\(coordinate(L.plotRight))\" y2=\"\(ty)\"/>"
            svg += "<text class=\"tick\" x=\"\(tx)\" y=\"\(coordinate(L.plotBottom + 16))\" text-anchor=\"middle\">\(fixed(tick, 1))</text>"
            svg += "<text class=\"tick\" x=\"\(coordinate(L.plotLeft - 6))\" y=\"\(coordinate(py(tick) + 4))\" "
                + "text-anchor=\"end\">\(fixed(tick, 1))</text>\n"
        }
        svg += "<rect class=\"frame\" x=\"\(coordinate(L.plotLeft))\" y=\"\(coordinate(L.plotTop))\" "
            + "width=\"\(coordinate(L.side))\" height=\"\(coordinate(L.side))\"/>\n"
        if curve.name == "roc" {
            svg += "<line class=\"diagonal\" x1=\"\(coordinate(px(0)))\" y1=\"\(coordinate(py(0)))\" "
                + "x2=\"\(coordinate(px(1)))\" y2=\"\(coordinate(py(1)))\" stroke-dasharray=\"4 4\"/>\n"
        }
        if let baseline {
            svg += "<line class=\"diagonal\" x1=\"\(coordinate(px(0)))\" y1=\"\(coordinate(py(baseline)))\" "
                + "x2=\"\(coordinate(px(1)))\" y2=\"\(coordinate(py(baseline)))\" stroke-dasharray=\"4 4\"/>\n"
        }
        let points = zip(curve.x, curve.y).filter { $0.0.isFinite && $0.1.isFinite }
            .map { "\(coordinate(px($0.0))),\(coordinate(py($0.1)))" }
        if !points.isEmpty {
            svg += "<polyline class=\"curve\" points=\"\(points.joined(separator: " "))\"/>\n"
        }
        svg += "<text class=\"axis-title\" x=\"\(coordinate(L.plotLeft + L.side / 2))\" "
            + "y=\"\(coordinate(L.plotBottom + 38))\" text-anchor=\"middle\">\(Self.escape(curve.xLabel))</text>\n"
        let middle = coordinate(L.plotTop + L.side / 2)
        svg += "<text class=\"axis-title\" x=\"18.00\" y=\"\(middle)\" text-anchor=\"middle\" "
            + "transform=\"rotate(-90.00 18.00 \(middle))\">\(Self.escape(curve.yLabel))</text>\n"
        svg += "</svg>\n</figure>\n"
        return svg
    }

    // MARK: Text and numbers

    private static func badge(_ status: RunStatus) -> String {
        let text =
            switch status {
            case .passed: "passed"
            case .failed: "failed"
            case .error: "could not run"
            }
        return "<span class=\"badge status-\(status.rawValue)\">\(text)</span>"
    }

    private static func badge(_ outcome: CheckOutcome) -> String {
        "<span class=\"badge outcome-\(outcome.rawValue)\">\(outcome.rawValue)</span>"
    }

    /// `text` escaped for HTML text and attribute values.
    static func escape(_ text: String) -> String { HTMLText.escape(text) }

    /// `text`, or its first `room − 1` characters and "…" when it is longer than `room`.
    static func shortened(_ text: String, to room: Int) -> String {
        text.count > room ? String(text.prefix(max(room - 1, 1))) + "…" : text
    }

    /// An SVG coordinate: two fixed decimals, never exponent notation, never `-0.00`.
    static func coordinate(_ value: Double) -> String {
        let rounded = ((value.isFinite ? value : 0) * 100).rounded() / 100
        return String(format: "%.2f", rounded == 0 ? 0 : rounded)
    }

    /// A number with fixed decimals.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }

    /// The page's styles: readable on screen, plain on paper.
    static let styleSheet = """
        :root { color-scheme: light; --passed: #1a7f37; --failed: #cf222e; --warning: #9a6700; --skipped: #57606a;
          --error: #8250df; --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --soft: #f6f8fa; --bar: #0969da;
          --reference: #0072b2; --current: #e69f00; }
        * { box-sizing: border-box; }
        body { margin: 0; color: var(--ink); background: #fff;
          font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 1200px; margin: 0 auto; padding: 24px 32px 48px; }
        h1 { font-size: 26px; margin: 0; }
        h2 { font-size: 21px; margin: 0 0 4px; }
        h3 { font-size: 17px; margin: 20px 0 4px; }
        code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 13px; }
        .verdict { border-left: 8px solid var(--muted); border-radius: 6px; padding: 12px 20px; margin-bottom: 16px; }
        .verdict p { margin: 4px 0 0; }
        .verdict.status-passed { border-color: var(--passed); background: #dafbe1; }
        .verdict.status-passed h1 { color: var(--passed); }
        .verdict.status-failed { border-color: var(--failed); background: #ffebe9; }
        .verdict.status-failed h1 { color: var(--failed); }
        .verdict.status-error { border-color: var(--error); background: #fbefff; }
        .verdict.status-error h1 { color: var(--error); }
        .meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0 0 16px; }
        .meta dt { color: var(--muted); }
        .meta dd { margin: 0; }
        .totals { display: flex; flex-wrap: wrap; gap: 12px; list-style: none; padding: 0; margin: 0 0 24px; }
        .totals li { border: 1px solid var(--line); border-top: 4px solid var(--line); border-radius: 6px;
          padding: 6px 14px; min-width: 100px; color: var(--muted); }
        .totals .count { display: block; font-size: 22px; font-weight: 600; color: var(--ink); }
        .totals .outcome-passed { border-top-color: var(--passed); }
        .totals .outcome-failed { border-top-color: var(--failed); }
        .totals .outcome-warning { border-top-color: var(--warning); }
        .totals .outcome-error { border-top-color: var(--error); }
        .totals .outcome-skipped { border-top-color: var(--skipped); }
        table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
        caption { caption-side: top; text-align: left; color: var(--muted); font-size: 13px; padding-bottom: 4px; }
        th, td { border-bottom: 1px solid var(--line); padding: 6px 10px; text-align: left; vertical-align: top; }
        thead th { background: var(--soft); border-bottom: 2px solid var(--line); font-weight: 600; }
        .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        th.num { white-space: normal; }
        .groups th, .groups td { padding: 5px 8px; }
        .groups th[scope="row"] { white-space: nowrap; }
        .scroll { overflow-x: auto; }
        .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600;
          line-height: 18px; color: #fff; background: var(--muted); white-space: nowrap; vertical-align: 2px; }
        .status-passed.badge, .outcome-passed.badge { background: var(--passed); }
        .status-failed.badge, .outcome-failed.badge { background: var(--failed); }
        .status-error.badge, .outcome-error.badge { background: var(--error); }
        .outcome-warning.badge { background: var(--warning); }
        .outcome-skipped.badge { background: var(--skipped); }
        .badge.drifted { background: var(--warning); }
        .badge.no-drift { background: var(--passed); }
        .checks td:first-child { width: 7em; }
        .checks th[scope="row"] { width: 24%; overflow-wrap: break-word; }
        .checks td:last-child { width: 16em; }
        .sub { display: block; color: var(--muted); font-size: 12px; font-weight: normal; }
        .kind { color: var(--muted); font-size: 14px; font-weight: normal; }
        .gate-meta { color: var(--muted); margin: 0 0 8px; }
        .message { white-space: pre-line; overflow-wrap: anywhere; }
        details { margin-top: 4px; }
        summary { cursor: pointer; color: var(--muted); font-size: 13px; }
        details pre { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--soft); padding: 6px 8px;
          margin: 4px 0 0; border-radius: 4px; }
        .measurements { list-style: none; margin: 0; padding: 0; font-size: 13px; font-variant-numeric: tabular-nums;
          overflow-wrap: anywhere; }
        .measurements .name { color: var(--muted); }
        .mark { display: inline-block; font-size: 11px; font-weight: normal; border: 1px solid var(--line);
          border-radius: 8px; padding: 0 6px; color: var(--muted); }
        tr.not-judged th, tr.not-judged td { color: var(--muted); }
        tr.overall th, tr.overall td { font-weight: 600; border-top: 2px solid var(--line); }
        tr.drifted { background: #fff8c5; }
        tr.drifted .drift-verdict { font-weight: 600; color: var(--warning); }
        .drift-verdict { white-space: nowrap; }
        section.gate { margin-top: 32px; padding-top: 12px; border-top: 1px solid var(--line); }
        .charts { display: flex; flex-wrap: wrap; gap: 16px 32px; align-items: flex-end; }
        .charts.histograms { align-items: flex-start; }
        figure { margin: 8px 0; }
        figcaption { max-width: 540px; color: var(--muted); font-size: 13px; margin-bottom: 4px; }
        figcaption strong { display: block; color: var(--ink); font-size: 14px; }
        svg.chart { display: block; max-width: 100%; height: auto; overflow: visible; }
        svg text { font-size: 12px; fill: var(--ink); }
        svg .tick { font-size: 11px; fill: var(--muted); }
        svg .axis-title { font-size: 12px; fill: var(--muted); }
        svg .grid { stroke: #eaeef2; stroke-width: 1; }
        svg .axis { stroke: #8c959f; stroke-width: 1; }
        svg .frame { fill: none; stroke: #8c959f; stroke-width: 1; }
        svg .bar { fill: var(--bar); }
        svg .bar.below { fill: var(--failed); }
        svg .bar.not-judged { fill: #afb8c1; }
        svg .bar.overall { fill: #6e7781; }
        svg .reference { fill: var(--reference); }
        svg .current { fill: var(--current); }
        svg .whisker { fill: none; stroke: var(--ink); stroke-width: 1.2; }
        svg .value { font-size: 11px; font-variant-numeric: tabular-nums; paint-order: stroke;
          stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
        svg .undefined { fill: var(--muted); }
        svg .threshold { stroke: var(--failed); stroke-width: 1.5; }
        svg .threshold-label { font-size: 11px; fill: var(--failed); }
        svg .diagonal { stroke: #8c959f; stroke-width: 1; }
        svg .curve { fill: none; stroke: var(--bar); stroke-width: 2; stroke-linejoin: round; }
        footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
        a { color: var(--bar); }
        @media print {
          body { font-size: 10pt; }
          main { max-width: none; padding: 0; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          a { color: inherit; text-decoration: none; }
          h2, h3 { break-after: avoid; }
          tr, figure { break-inside: avoid; }
          thead { display: table-header-group; }
          details::details-content { content-visibility: visible; display: block; }
        }

        """
}

/// Text made safe for HTML.
///
/// HTML forbids control characters other than ASCII whitespace, and noncharacters; a
/// forbidden scalar becomes U+FFFD (form feed too, so that the page stays well-formed
/// XML). The five markup characters are escaped, so the result is safe both as text
/// and inside a quoted attribute value.
enum HTMLText {
    /// Whether a page may contain this scalar.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: true
        case 0x0...0x1F, 0x7F...0x9F, 0xFDD0...0xFDEF: false
        default: scalar.value & 0xFFFE != 0xFFFE
        }
    }

    /// `text` with forbidden scalars replaced by U+FFFD.
    static func clean(_ text: String) -> String {
        guard !text.unicodeScalars.allSatisfy(isAllowed) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { scalars.append(isAllowed(scalar) ? scalar : "\u{FFFD}") }
        return String(scalars)
    }

    /// `text` cleaned, with `&`, `<`, `>`, `"` and `'` escaped.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(isAllowed(scalar) ? scalar : "\u{FFFD}")
            }
        }
        return escaped
    }
}
