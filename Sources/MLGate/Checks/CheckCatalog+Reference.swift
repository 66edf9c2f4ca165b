extension CheckCatalog {
    /// The check catalog as a Markdown table, one row per declaration: docs/config.md
    /// holds it between `<!-- check-catalog -->` markers, and a test keeps it current.
    public static func referenceTable() -> String {
        func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
        var lines = ["| check | gates | keys | what it checks |", "| --- | --- | --- | --- |"]
        for declaration in all {
            let gates = declaration.gates.map { "`\($0.rawValue)`" }.joined(separator: ", ")
            let keys = declaration.parameters.isEmpty ? "—" : declaration.parameters.map { "`\($0.key)`" }.joined(separator: ", ")
            lines.append("| `\(declaration.identifier)` | \(gates) | \(keys) | \(cell(declaration.summary)) |")
        }
        // Each check's keys: a check added to the catalog is documented with them.
        for declaration in all where !declaration.parameters.isEmpty {
            lines += ["", "#### `\(declaration.identifier)`", "", cell(declaration.summary), ""]
            lines += ["| key | value | description |", "| --- | --- | --- |"]
            for key in declaration.parameters {
                let value = key.expectation + (key.isRequired ? ", required" : "")
                lines.append("| `\(key.key)` | \(cell(value)) | \(cell(key.summary)) |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
