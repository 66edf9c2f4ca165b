extension MarkdownRenderer {
    /// A data gate's contract: problems counted per code, field and constraint, then the
    /// first ones located (row numbers as Frictionless numbers them).
    static func contractTables(_ contract: ContractReport) -> [String] {
        guard !contract.valid else {
            return ["", "Contract (\(escape(contract.schema))): \(contract.rows) rows, no problem."]
        }
        let total = contract.counts.reduce(0) { $0 + $1.count }
        var lines = ["", "Contract (\(escape(contract.schema))): \(total) problem\(total == 1 ? "" : "s") in \(contract.rows) rows", ""]
        lines.append("| code | field | constraint | count |")
        lines.append("|---|---|---|---:|")
        for count in contract.counts {
            lines.append("| \(count.code.rawValue) | \(escape(count.field ?? "")) | \(count.constraint ?? "") | \(count.count) |")
        }
        guard !contract.samples.isEmpty else { return lines }
        lines += ["", "First \(contract.samples.count) problem\(contract.samples.count == 1 ? "" : "s"):", ""]
        lines.append("| row | line | field | cell | code | problem |")
        lines.append("|---:|---:|---|---|---|---|")
        for issue in contract.samples {
            let cell: String = issue.cell.map { "`" + escape($0).replacingOccurrences(of: "`", with: "'") + "`" } ?? ""
            let cells: [String] = [
                issue.rowNumber.map(String.init) ?? "header", issue.line.map(String.init) ?? "",
                escape(issue.fieldName ?? ""), cell, issue.code.rawValue, escape(issue.message),
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines
    }
}
