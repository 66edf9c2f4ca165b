import Foundation

// MARK: - Chart parts

extension HTMLRenderer {
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
}
