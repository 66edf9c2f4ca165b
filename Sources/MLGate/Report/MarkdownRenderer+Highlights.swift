/// The pieces the Markdown summary and the merge-request comment share, in the order a
/// reviewer reads them: the verdict, what failed, what warned, the model against its
/// champion, the fairness and drift headlines, and the passing checks collapsed.
extension MarkdownRenderer {
    /// `## ✅ mlgate: gate passed` and the counts line.
    static func verdictLines(_ report: RunReport, heading: String = "##") -> [String] {
        [
            "\(heading) \(icon(report.status)) mlgate: \(headline(report.status))", "",
            "`\(code(report.config))` · \(report.gates.count) gate\(report.gates.count == 1 ? "" : "s") · "
                + countsText(report.totals) + " · \(NumberFormatting.seconds(report.duration)) s",
        ]
    }

    /// One bullet per check that ended `outcomes`, each with its numbers (the message:
    /// observed against threshold), under a heading; nothing when there is none.
    static func problemLines(_ report: RunReport, _ outcomes: Set<CheckOutcome>, title: String, heading: String = "###") -> [String] {
        let problems = report.gates.flatMap { gate in
            gate.checks.problemsFirst().filter { outcomes.contains($0.outcome) }.map { (gate, $0) }
        }
        guard !problems.isEmpty else { return [] }
        var lines = ["", "\(heading) \(title) (\(problems.count))", ""]
        for (gate, check) in problems {
            lines.append("- \(icon(check.outcome)) \(escape(gate.name)) / **\(escape(check.name))**: \(escape(check.message))")
        }
        return lines
    }

    /// Failures (and checks that could not run), then warnings.
    static func problemSections(_ report: RunReport, heading: String = "###") -> [[String]] {
        [
            problemLines(report, [.error, .failed], title: "Failures", heading: heading),
            problemLines(report, [.warning], title: "Warnings", heading: heading),
        ]
    }

    /// Each model gate's metrics as a table: the candidate's value, the champion's, the
    /// change, and the bootstrap interval of the drop where the gate computed one.
    static func modelComparison(_ report: RunReport, heading: String = "###") -> [String] {
        var lines: [String] = []
        for gate in report.gates where gate.kind == .model {
            let metrics = gate.checks.filter { check in check.measurements.contains { $0.name == "value" } }
            guard !metrics.isEmpty else { continue }
            let hasChampion = metrics.contains { check in check.measurements.contains { $0.name == "baseline" } }
            lines += ["", "\(heading) Model\(hasChampion ? " vs champion" : ""): \(escape(gate.name))", ""]
            lines.append("| | metric | model | champion | change | interval of the drop | threshold |")
            lines.append("|---|---|---:|---:|---:|---|---|")
            for check in metrics {
                func number(_ name: String) -> Double? { check.measurements.first { $0.name == name }?.value }
                let value = number("value")!
                let champion = number("baseline")
                let change = champion.map { ReportDiffRenderer.signed(value - $0) } ?? "—"
                var interval = "—"
                if let low = number("drop_ci_low"), let high = number("drop_ci_high") {
                    let confidence = number("confidence").map { "\(NumberFormatting.value($0 * 100))% " } ?? ""
                    interval = "\(confidence)\(NumberFormatting.fixed(low)) … \(NumberFormatting.fixed(high))"
                }
                var thresholds: [String] = []
                if let min = number("min") { thresholds.append("≥ \(NumberFormatting.value(min))") }
                if let max = number("max") { thresholds.append("≤ \(NumberFormatting.value(max))") }
                if let maxDrop = number("max_drop") { thresholds.append("drop ≤ \(NumberFormatting.value(maxDrop))") }
                if let maxRelative = number("max_relative_drop") { thresholds.append("relative drop ≤ \(NumberFormatting.value(maxRelative))") }
                lines.append(
                    "| \(icon(check.outcome)) | \(escape(check.name)) | \(NumberFormatting.fixed(value)) | "
                        + "\(champion.map(NumberFormatting.fixed) ?? "—") | \(change) | \(interval) | \(thresholds.joined(separator: ", ")) |")
            }
        }
        return lines
    }

    /// One line per fairness gate (its worst check: the pair of groups furthest apart)
    /// and per drift gate (its drifted columns with their scores).
    static func headlines(_ report: RunReport, heading: String = "###") -> [String] {
        var lines: [String] = []
        for gate in report.gates {
            switch gate.detail {
            case .groups(let table)?:
                let judged = gate.checks.filter { $0.check != "input" && $0.outcome != .skipped }
                guard let worst = judged.problemsFirst().first else { continue }
                lines.append(
                    "- \(icon(worst.outcome)) **\(escape(gate.name))** (\(escape(table.features.joined(separator: " × ")))), worst: "
                        + escape(worst.message))
            case .drift(let table)?:
                let drifted = table.columns.filter(\.drifted)
                let columns = drifted.map { column in
                    "\(escape(column.column)) (\(column.method.rawValue) \(escape(column.valueName)) \(NumberFormatting.fixed(column.value)) "
                        + "\(escape(column.comparison)) \(NumberFormatting.fixed(column.threshold)))"
                }
                lines.append(
                    "- \(icon(gate.status)) **\(escape(gate.name))**: \(drifted.count) of \(table.columns.count) columns drifted"
                        + (columns.isEmpty ? "" : ": " + columns.joined(separator: ", "))
                        + (table.drifted ? " — **dataset drift**" : ""))
            default: continue
            }
        }
        return lines.isEmpty ? [] : ["", "\(heading) Fairness and drift", ""] + lines
    }

    /// The passing (and skipped) checks of every gate, collapsed: a reviewer opens them
    /// when wanted.
    static func passingDetails(_ report: RunReport) -> [String] {
        let passing = report.gates.flatMap { gate in gate.checks.filter { $0.outcome == .passed || $0.outcome == .skipped }.map { (gate, $0) } }
        guard !passing.isEmpty else { return [] }
        var lines = ["", "<details><summary>\(passing.count) passing or skipped check\(passing.count == 1 ? "" : "s")</summary>", ""]
        lines.append("| | gate | check | result |")
        lines.append("|---|---|---|---|")
        for (gate, check) in passing {
            lines.append("| \(icon(check.outcome)) | \(escape(gate.name)) | \(escape(check.name)) | \(escape(check.message)) |")
        }
        return lines
    }

    /// Closes ``passingDetails(_:)``.
    static let detailsClosing = ["", "</details>"]
}
