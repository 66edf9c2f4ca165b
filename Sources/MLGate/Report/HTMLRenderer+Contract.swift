extension HTMLRenderer {
    /// A data gate's contract: counts per code, field and constraint, then the first
    /// problems located.
    static func contractFigures(_ contract: ContractReport) -> String {
        var html = "<h3>Contract</h3>\n"
        let total = contract.counts.reduce(0) { $0 + $1.count }
        html += "<p>\(escape(contract.schema)): \(contract.rows) rows, "
        html += contract.valid ? "no problem.</p>\n" : "\(total) problem\(total == 1 ? "" : "s").</p>\n"
        guard !contract.valid else { return html }
        html += "<div class=\"scroll\"><table class=\"contract\">\n<caption>Problems by Frictionless error code</caption>\n"
        html += "<thead><tr><th scope=\"col\">Code</th><th scope=\"col\">Field</th><th scope=\"col\">Constraint</th>"
        html += "<th scope=\"col\" class=\"num\">Count</th></tr></thead>\n<tbody>\n"
        for count in contract.counts {
            html += "<tr><td>\(escape(count.code.rawValue))</td><td>\(escape(count.field ?? ""))</td>"
            html += "<td>\(escape(count.constraint ?? ""))</td><td class=\"num\">\(count.count)</td></tr>\n"
        }
        html += "</tbody>\n</table></div>\n"
        guard !contract.samples.isEmpty else { return html }
        html += "<div class=\"scroll\"><table class=\"contract-samples\">\n"
        html += "<caption>The first \(contract.samples.count) problems (the header is row 1)</caption>\n"
        html += "<thead><tr><th scope=\"col\" class=\"num\">Row</th><th scope=\"col\" class=\"num\">Line</th>"
        html += "<th scope=\"col\">Field</th><th scope=\"col\">Cell</th><th scope=\"col\">Code</th>"
        html += "<th scope=\"col\">Problem</th></tr></thead>\n<tbody>\n"
        for issue in contract.samples {
            html += "<tr><td class=\"num\">\(issue.rowNumber.map(String.init) ?? "header")</td>"
            html += "<td class=\"num\">\(issue.line.map(String.init) ?? "")</td>"
            html += "<td>\(escape(issue.fieldName ?? ""))</td><td><code>\(escape(issue.cell ?? ""))</code></td>"
            html += "<td>\(escape(issue.code.rawValue))</td><td>\(escape(issue.message))</td></tr>\n"
        }
        html += "</tbody>\n</table></div>\n"
        return html
    }
}
