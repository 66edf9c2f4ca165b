import Foundation

// MARK: - Drift

extension HTMLRenderer {
    /// A histogram draws at most this many bins: the largest by their larger share.
    static let histogramBinLimit = 30

    /// A drift gate's per-column table (drifted first), then one histogram per column with
    /// the reference and the current distribution on their common bins.
    static func driftFigures(_ table: DriftTableReport, id: String) -> String {
        var html = "<h3>Drift by column</h3>\n"
        guard !table.columns.isEmpty else { return html + "<p>No column could be compared (see the checks).</p>\n" }
        html += "<p>\(Self.escape(table.summary))</p>\n"
        html += driftTable(table)
        var charts = ""
        for (index, column) in table.columnsDriftedFirst.enumerated() where !column.histogram.labels.isEmpty {
            charts += histogramChart(column, id: "\(id)-histogram-\(index + 1)")
        }
        if !charts.isEmpty { html += "<div class=\"charts histograms\">\n\(charts)</div>\n" }
        return html
    }

    /// The table: one row per column, drifted first, the value beside its threshold.
    static func driftTable(_ table: DriftTableReport) -> String {
        var html = "<div class=\"scroll\"><table class=\"drift\">\n"
        html += "<caption>Columns, drifted first; the threshold column shows the comparison that holds</caption>\n"
        html += "<thead><tr><th scope=\"col\">Column</th><th scope=\"col\">Kind</th><th scope=\"col\">Method</th>"
        html += "<th scope=\"col\" class=\"num\">Value</th><th scope=\"col\" class=\"num\">Threshold</th>"
        html += "<th scope=\"col\">Drifted</th><th scope=\"col\" class=\"num\">Values (ref. / cur.)</th>"
        html += "<th scope=\"col\">Reason</th></tr></thead>\n<tbody>\n"
        for column in table.columnsDriftedFirst {
            html += column.drifted ? "<tr class=\"drifted\">" : "<tr>"
            html += "<th scope=\"row\">\(Self.escape(column.column))</th><td>\(column.kind.rawValue)</td>"
            html += "<td>\(column.method.rawValue)<span class=\"sub\">\(Self.escape(column.valueName))</span></td>"
            let statistic = column.statistic.map { " title=\"statistic \(Self.escape(NumberFormatting.fixed($0)))\"" } ?? ""
            html += "<td class=\"num\"\(statistic)>\(Self.escape(NumberFormatting.fixed(column.value)))</td>"
            html += "<td class=\"num\">\(Self.escape("\(column.comparison) \(NumberFormatting.fixed(column.threshold))"))</td>"
            html += "<td class=\"drift-verdict\">\(column.drifted ? "✓ yes" : "✗ no")</td>"
            html += "<td class=\"num\">\(column.referenceCount) / \(column.currentCount)"
            if column.referenceMissing > 0 || column.currentMissing > 0 {
                html += "<span class=\"sub\">missing \(column.referenceMissing) / \(column.currentMissing)</span>"
            }
            html += "</td><td>\(Self.escape(column.reason))"
            for note in column.categoryNotes { html += "<span class=\"sub\">\(Self.escape(note))</span>" }
            html += "</td></tr>\n"
        }
        html += "</tbody>\n</table></div>\n"
        return html
    }

    /// The geometry of a histogram: one row per bin, the reference's bar above the
    /// current one, shares along the horizontal axis.
    enum HistogramLayout {
        static let width = 540.0
        /// The plot's left edge: bin labels end 8 units before it.
        static let plotLeft = 170.0
        static let plotRight = 500.0
        /// The plot's top edge; the legend sits above it.
        static let plotTop = 30.0
        static let rowHeight = 24.0
        static let barHeight = 9.0
        static let barGap = 1.0
        /// Below the plot: tick labels and the axis title.
        static let bottomMargin = 46.0
        /// Bin labels longer than this many characters are shortened (in full as a tooltip).
        static let labelRoom = 24
        /// From the reference's legend entry to the current one's.
        static let legendStep = 170.0

        static var plotWidth: Double { plotRight - plotLeft }
        static func plotBottom(rows: Int) -> Double { plotTop + Double(rows) * rowHeight }
        static func height(rows: Int) -> Double { plotBottom(rows: rows) + bottomMargin }
    }

    /// The bins a histogram draws, in bin order: all of them, or the `limit` largest by
    /// their larger share (the earlier bin first among equals).
    static func shownBins(_ histogram: DriftColumnResult.Histogram, limit: Int = histogramBinLimit) -> [Int] {
        let bins = Array(histogram.labels.indices)
        guard bins.count > limit else { return bins }
        let size = { (bin: Int) in max(share(histogram.reference, bin), share(histogram.current, bin)) }
        return bins.sorted { (size($0), $1) > (size($1), $0) }.prefix(limit).sorted()
    }

    /// A bin's share, 0 where it is missing or not a number.
    private static func share(_ shares: [Double], _ bin: Int) -> Double {
        shares.indices.contains(bin) && shares[bin].isFinite ? shares[bin] : 0
    }

    /// A horizontal grouped bar chart of one column's two distributions on their common
    /// bins, with a legend; a drifted column's figure is marked.
    static func histogramChart(_ column: DriftColumnResult, id: String) -> String {
        typealias L = HistogramLayout
        let histogram = column.histogram
        let bins = shownBins(histogram)
        let largest = bins.map { max(share(histogram.reference, $0), share(histogram.current, $0)) }.max() ?? 0
        let axis = Axis(largest: largest, cap: 1)
        let x = { (value: Double) in L.plotLeft + min(max(value, 0), axis.maximum) / axis.maximum * L.plotWidth }
        let plotBottom = L.plotBottom(rows: bins.count)
        let height = L.height(rows: bins.count)
        let verdict = column.drifted ? "drifted" : "no drift"
        let title = "\(column.column): reference and current distributions, \(verdict)"
        // Evidently's equal-width bins are labelled as intervals, distinct values as numbers.
        let binning =
            switch (column.kind, histogram.labels.first?.hasPrefix("[") == true) {
            case (.numeric, true): "equal-width bins over both samples"
            case (.numeric, false): "one bin per distinct value"
            default: "one bin per category"
            }

        var svg = "<figure class=\"chart drift-column\(column.drifted ? " drifted" : "")\">\n<figcaption>"
        svg += "<strong>\(Self.escape(column.column)) <span class=\"badge \(column.drifted ? "drifted" : "no-drift")\">"
            + "\(verdict)</span></strong>"
        svg += Self.escape(
            "\(column.method.rawValue) \(column.valueName) \(NumberFormatting.fixed(column.value)) \(column.comparison) "
                + "\(NumberFormatting.fixed(column.threshold)). Share of values per bin (\(binning)).")
        if bins.count < histogram.labels.count {
            let drawn = Set(bins)
            let hidden = histogram.labels.indices.filter { !drawn.contains($0) }
            let reference = hidden.reduce(0) { $0 + share(histogram.reference, $1) }
            let current = hidden.reduce(0) { $0 + share(histogram.current, $1) }
            svg += " The \(bins.count) largest of \(histogram.labels.count) bins; \(hidden.count) left out "
                + "(\(fixed(reference, 4)) of the reference, \(fixed(current, 4)) of the current values)."
        }
        svg += "</figcaption>\n"
        svg += svgStart(kind: "histogram", id: id, title: title, width: L.width, height: height)
        // The legend, above the plot.
        for (index, (side, count)) in [("reference", column.referenceCount), ("current", column.currentCount)].enumerated() {
            let left = L.plotLeft + Double(index) * L.legendStep
            svg += "<g class=\"legend\"><rect class=\"swatch \(side)\" x=\"\(coordinate(left))\" y=\"6.00\" width=\"12.00\" "
                + "height=\"10.00\"/><text x=\"\(coordinate(left + 17))\" y=\"15.00\">\(side) (\(count) values)</text></g>\n"
        }
        svg += valueAxis(axis, x: x, left: L.plotLeft, right: L.plotRight, top: L.plotTop, bottom: plotBottom, title: "share of values")
        // Two bars per bin.
        for (row, bin) in bins.enumerated() {
            let label = histogram.labels[bin]
            let top = L.plotTop + Double(row) * L.rowHeight + (L.rowHeight - 2 * L.barHeight - L.barGap) / 2
            let shown = shortened(label, to: L.labelRoom)
            svg += "<g class=\"bin\"><text class=\"label\" x=\"\(coordinate(L.plotLeft - 8))\" "
                + "y=\"\(coordinate(top + L.barHeight + L.barGap / 2 + 4))\" text-anchor=\"end\">"
            if shown != label { svg += "<title>\(Self.escape(label))</title>" }
            svg += "\(Self.escape(shown))</text>"
            for (index, (side, shares)) in [("reference", histogram.reference), ("current", histogram.current)].enumerated() {
                let value = share(shares, bin)
                svg += "<rect class=\"bar \(side)\" x=\"\(coordinate(L.plotLeft))\" "
                    + "y=\"\(coordinate(top + Double(index) * (L.barHeight + L.barGap)))\" "
                    + "width=\"\(coordinate(x(value) - L.plotLeft))\" height=\"\(coordinate(L.barHeight))\">"
                    + "<title>\(Self.escape(label)): \(side) \(fixed(value, 4))</title></rect>"
            }
            svg += "</g>\n"
        }
        svg += "</svg>\n</figure>\n"
        return svg
    }
}
