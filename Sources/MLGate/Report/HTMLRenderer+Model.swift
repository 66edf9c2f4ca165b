import Foundation

// MARK: - Model curves

extension HTMLRenderer {
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
}
