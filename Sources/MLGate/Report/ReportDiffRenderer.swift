import Foundation

/// Renders a ``ReportDiff``: aligned text for a CI log, Markdown for a merge-request
/// comment or job summary, or JSON (stable, sorted keys) for scripts.
public struct ReportDiffRenderer: Sendable {
    /// The output formats of `mlgate diff`.
    public enum Format: String, Sendable, CaseIterable {
        case text, markdown, json
    }

    /// Creates a renderer.
    public init() {}

    /// The diff in `format`, UTF-8 encoded, ending with a line break.
    public func render(_ diff: ReportDiff, format: Format) -> Data {
        switch format {
        case .text: Data(text(diff).utf8)
        case .markdown: Data((markdown(diff).joined(separator: "\n") + "\n").utf8)
        case .json: json(diff)
        }
    }

    /// One line per changed check, then one per number that moved.
    public func text(_ diff: ReportDiff) -> String {
        var lines = [
            "base: \(diff.base.status.rawValue) (\(MarkdownRenderer.countsText(diff.base.totals)))",
            "head: \(diff.head.status.rawValue) (\(MarkdownRenderer.countsText(diff.head.totals)))",
        ]
        for kind in ReportDiff.Kind.allCases {
            let changes = diff.changes(kind)
            guard !changes.isEmpty else { continue }
            lines.append("")
            lines.append("\(Self.title(kind)) (\(changes.count)):")
            for change in changes {
                lines.append("  \(change.gate) / \(change.check): \(Self.outcomes(change)): \(change.message)")
            }
        }
        let moved = diff.moved
        lines.append("")
        lines.append("moved (\(moved.count) of \(diff.moves.count) numbers):")
        for move in moved {
            lines.append("  \(move.gate) / \(move.check) \(move.quantity): \(NumberFormatting.fixed(move.base)) → \(NumberFormatting.fixed(move.head)) (\(Self.signed(move.delta)))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A heading, the changed checks as a list per kind, and the numbers that moved as a
    /// table (at most `maximumMoves` rows; the rest counted).
    public func markdown(_ diff: ReportDiff, heading: String = "###", maximumMoves: Int = .max) -> [String] {
        var lines = [
            "\(heading) Since the target branch: \(diff.base.status.rawValue) → \(diff.head.status.rawValue)", "",
        ]
        var any = false
        for kind in ReportDiff.Kind.allCases {
            let changes = diff.changes(kind)
            guard !changes.isEmpty else { continue }
            any = true
            lines.append("**\(Self.title(kind).capitalizedFirst)** (\(changes.count)):")
            lines.append("")
            for change in changes {
                lines.append("- \(MarkdownRenderer.escape(change.gate)) / **\(MarkdownRenderer.escape(change.check))** (\(Self.outcomes(change))): \(MarkdownRenderer.escape(change.message))")
            }
            lines.append("")
        }
        if !any {
            lines.append("No check changed its outcome.")
            lines.append("")
        }
        let moved = diff.moved
        guard !moved.isEmpty else {
            lines.append("No number moved (\(diff.moves.count) compared).")
            return lines
        }
        lines.append("| gate | check | number | base | head | change |")
        lines.append("|---|---|---|---:|---:|---:|")
        for move in moved.prefix(maximumMoves) {
            lines.append(
                "| \(MarkdownRenderer.escape(move.gate)) | \(MarkdownRenderer.escape(move.check)) | \(Self.quantityName(move)) | \(NumberFormatting.fixed(move.base)) | \(NumberFormatting.fixed(move.head)) | \(Self.signed(move.delta)) |")
        }
        if moved.count > maximumMoves {
            lines.append("")
            lines.append("… and \(moved.count - maximumMoves) more numbers moved (`mlgate diff` lists them all).")
        }
        return lines
    }

    /// The diff as JSON: `base`, `head`, `changes`, `moves` (every compared number).
    public func json(_ diff: ReportDiff) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        // Every value is a string, number or list of them: encoding cannot fail.
        return (try! encoder.encode(diff)) + Data("\n".utf8)
    }

    static func title(_ kind: ReportDiff.Kind) -> String {
        switch kind {
        case .newlyFailing: "newly failing"
        case .newlyWarning: "newly warning"
        case .newlyPassing: "newly passing"
        case .newlySkipped: "newly skipped"
        case .appeared: "new checks"
        case .disappeared: "checks no longer run"
        }
    }

    static func outcomes(_ change: ReportDiff.CheckChange) -> String {
        switch (change.base, change.head) {
        case (let base?, let head?): "\(base.rawValue) → \(head.rawValue)"
        case (nil, let head?): "new, \(head.rawValue)"
        case (let base?, nil): "was \(base.rawValue)"
        case (nil, nil): ""
        }
    }

    /// `value` of a model check reads "candidate", `baseline` "champion".
    static func quantityName(_ move: ReportDiff.ValueMove) -> String {
        switch (move.kind, move.quantity) {
        case (.model, "value"): "metric"
        case (.model, "baseline"): "champion"
        case (.model, "drop"): "drop vs champion"
        case (.drift, "share"): "drifted share"
        case (.drift, "value"): "score"
        default: move.quantity
        }
    }

    static func signed(_ value: Double) -> String {
        value > 0 ? "+" + NumberFormatting.fixed(value) : NumberFormatting.fixed(value)
    }
}

extension String {
    /// The first character upper-cased.
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
