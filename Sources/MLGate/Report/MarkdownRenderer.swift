import Foundation

/// Renders a run as a Markdown summary for `$GITHUB_STEP_SUMMARY`: what a reviewer needs
/// first (the verdict, failures, warnings, the model against its champion), then each
/// gate's tables, the passing checks collapsed. The merge-request comment
/// (``CommentRenderer``) is made of the same pieces.
public struct MarkdownRenderer: Sendable {
    /// Creates a renderer.
    public init() {}

    /// The Markdown document, UTF-8 encoded.
    public func render(_ report: RunReport) -> Data {
        Data(text(report).utf8)
    }

    /// The Markdown text: the verdict; failures, then warnings, each one line with its
    /// numbers; each model against its champion; the fairness and drift headlines; each
    /// gate's own tables (groups, drift by column, contract problems); the passing checks
    /// collapsed in `<details>`.
    public func text(_ report: RunReport) -> String {
        var lines = Self.verdictLines(report)
        for section in Self.problemSections(report) { lines += section }
        lines += Self.modelComparison(report)
        lines += Self.headlines(report)
        for gate in report.gates {
            let tables = Self.detailTables(gate.detail)
            guard !tables.isEmpty else { continue }
            lines.append("")
            lines.append("### \(Self.icon(gate.status)) \(Self.escape(gate.name)) (\(gate.kind.rawValue))")
            lines += tables
        }
        let passing = Self.passingDetails(report)
        if !passing.isEmpty { lines += passing + Self.detailsClosing }
        lines.append("")
        lines.append("<sub>mlgate \(report.mlgateVersion)</sub>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// What a gate shows beyond its checks: one table (or set of tables) per kind of detail.
    static func detailTables(_ detail: GateDetail?) -> [String] {
        switch detail {
        case .groups(let table)?: groupTable(table)
        case .drift(let table)?: driftTable(table)
        case .contract(let contract)?: contractTables(contract)
        case .curves?, nil: []
        }
    }

    /// A fairness gate's per-group table: one row per group, "—" where a rate is
    /// undefined, groups too small to judge marked.
    static func groupTable(_ table: GroupTableReport) -> [String] {
        var lines = ["", "Per group (\(table.features.joined(separator: " × ")); groups under \(table.minGroupSize) rows are not judged):", ""]
        lines.append("| group | rows | " + table.metrics.map(escape).joined(separator: " | ") + " |")
        lines.append("|---|---:|" + String(repeating: "---:|", count: table.metrics.count))
        for row in table.rows {
            var name = zip(table.features, row.group).map { "\($0)=\($1)" }.joined(separator: ", ")
            if row.group == ["overall"] { name = "**overall**" }
            if row.group == table.reference { name += " (reference)" }
            if !row.judged { name += " (not judged)" }
            let cells = table.metrics.map { metric in row.values[metric].map { String(format: "%.4f", $0) } ?? "—" }
            lines.append("| \(escape(name)) | \(row.count) | " + cells.joined(separator: " | ") + " |")
        }
        return lines
    }

    static func countsText(_ counts: OutcomeCounts) -> String {
        var parts = ["\(counts.passed) passed"]
        if counts.failed > 0 { parts.append("\(counts.failed) failed") }
        if counts.warnings > 0 { parts.append("\(counts.warnings) warning\(counts.warnings == 1 ? "" : "s")") }
        if counts.errors > 0 { parts.append("\(counts.errors) error\(counts.errors == 1 ? "" : "s")") }
        if counts.skipped > 0 { parts.append("\(counts.skipped) skipped") }
        return "\(counts.total) check\(counts.total == 1 ? "" : "s"): " + parts.joined(separator: ", ")
    }

    static func headline(_ status: RunStatus) -> String {
        switch status {
        case .passed: "gate passed"
        case .failed: "gate failed"
        case .error: "gate could not run"
        }
    }


    static func icon(_ status: RunStatus) -> String {
        switch status {
        case .passed: "✅"
        case .failed: "❌"
        case .error: "⛔"
        }
    }

    static func icon(_ outcome: CheckOutcome) -> String {
        switch outcome {
        case .passed: "✅"
        case .failed: "❌"
        case .warning: "⚠️"
        case .skipped: "⏭️"
        case .error: "⛔"
        }
    }

    /// Table cells cannot hold `|` or line breaks; HTML in them would be rendered.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "|": escaped += "\\|"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "&": escaped += "&amp;"
            case "\n", "\r\n", "\r": escaped += "<br>"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    static func code(_ text: String) -> String {
        text.replacingOccurrences(of: "`", with: "'")
    }
}
