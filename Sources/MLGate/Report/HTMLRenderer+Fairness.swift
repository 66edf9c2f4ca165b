import Foundation

// MARK: - Fairness

extension HTMLRenderer {
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
}
