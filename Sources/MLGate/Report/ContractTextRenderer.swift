/// A data gate's contract result as text, as `mlgate validate` prints it: the verdict,
/// the count of problems per code, field and constraint, then the located samples, and
/// the inferred schema when an inferred contract did not hold.
public struct ContractTextRenderer: Sendable {
    /// The table as named on the command line, for locations (`loans.csv:12`).
    public var data: String

    /// Creates a renderer for the result on `data`.
    public init(data: String) {
        self.data = data
    }

    /// The text, ending with a line break (empty when the gate has no contract report).
    public func text(_ result: GateResult) -> String {
        if let error = result.checks.first(where: { $0.outcome == .error }) {
            return "error: \(error.name): \(error.message)\n"
        }
        guard let contract = result.contract else { return "" }
        var out = ""
        let problems = contract.counts.reduce(0) { $0 + $1.count }
        out += contract.valid
            ? "valid: \(data), \(contract.rows) rows against \(contract.schema)\n"
            : "invalid: \(data), \(contract.rows) rows against \(contract.schema): \(problems) problem\(problems == 1 ? "" : "s")\n"
        if let detection = result.checks.first(where: { $0.check == "input" })?.detection {
            out += "read with: \(detection)\n"
        }
        if !contract.counts.isEmpty {
            out += "\n"
            for count in contract.counts {
                let what = [count.field.map { "'\($0)'" }, count.constraint].compactMap { $0 }.joined(separator: " ")
                out += "  \(Self.leftPadded(String(count.count), 9))  \(count.code)\(what.isEmpty ? "" : "  \(what)")\n"
            }
        }
        if !contract.samples.isEmpty {
            out += "\nfirst \(contract.samples.count) problem\(contract.samples.count == 1 ? "" : "s"):\n"
            for issue in contract.samples {
                let place = issue.rowNumber.map { "\(data):\(issue.line ?? 0)\(issue.column.map { ":\($0)" } ?? ""): row \($0)" } ?? "\(data):1: header"
                out += "  \(place): \(issue.code): \(issue.message)\n"
            }
        }
        if let schema = contract.inferredSchema, !contract.valid {
            out += "\ninferred schema (from the first rows; pass --schema to check against your own):\n\(schema)"
        }
        return out
    }

    private static func leftPadded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}
