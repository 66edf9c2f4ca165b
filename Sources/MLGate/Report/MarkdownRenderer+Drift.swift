extension MarkdownRenderer {
    /// A drift gate's per-column table: drifted columns first, each value beside its
    /// threshold with the comparison that holds.
    static func driftTable(_ table: DriftTableReport) -> [String] {
        guard !table.columns.isEmpty else { return ["", "Drift by column: no column could be compared (see the checks)."] }
        var lines = ["", "Drift by column: \(escape(table.summary))", ""]
        lines.append("| drifted | column | kind | method | value | threshold | values (reference / current) | reason |")
        lines.append("|---|---|---|---|---:|---:|---:|---|")
        for column in table.columnsDriftedFirst {
            var values = "\(column.referenceCount) / \(column.currentCount)"
            if column.referenceMissing > 0 || column.currentMissing > 0 {
                values += " (missing \(column.referenceMissing) / \(column.currentMissing))"
            }
            let cells = [
                column.drifted ? "**✓ yes**" : "✗ no", escape(column.column), column.kind.rawValue,
                "\(column.method.rawValue) \(escape(column.valueName))", NumberFormatting.fixed(column.value),
                escape("\(column.comparison) \(NumberFormatting.fixed(column.threshold))"), values,
                escape(([column.reason] + column.categoryNotes).joined(separator: "; ")),
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines
    }
}
