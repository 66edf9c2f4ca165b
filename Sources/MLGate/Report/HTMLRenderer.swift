import Foundation

/// Renders a run as one self-contained HTML5 page: the verdict, the config and totals,
/// then one section per gate with its checks (failing first), a fairness gate's
/// per-group table with bar charts of the selection and true positive rates, a binary
/// model gate's ROC and precision–recall curves, and a drift gate's per-column table with
/// a histogram of each column's reference and current distributions.
///
/// The page loads nothing: the styles are inline and the charts are inline SVG, with no
/// JavaScript, so it can be archived as a CI artifact and opened offline. Every piece of
/// text is escaped, characters HTML forbids become U+FFFD, and SVG coordinates are
/// written with two fixed decimals. The markup is also well-formed XML (void elements
/// are closed, only numeric character references besides `&amp;`, `&lt;`, `&gt;` and
/// `&quot;`), so XML tools can read it too.
public struct HTMLRenderer: Sendable {
    /// Creates a renderer.
    public init() {}

    /// The page, UTF-8 encoded.
    public func render(_ report: RunReport) -> Data {
        Data(text(report).utf8)
    }

    /// The page's text.
    public func text(_ report: RunReport) -> String {
        var html = ""
        let headline = "mlgate: " + MarkdownRenderer.headline(report.status)
        html += "<!DOCTYPE html>\n"
        html += "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
        html += "<title>\(Self.escape(headline)) — \(Self.escape(report.config))</title>\n"
        html += "<style>\n\(Self.styleSheet)</style>\n</head>\n<body>\n<main>\n"
        html += Self.header(report, headline: headline)
        html += Self.overview(report)
        for (index, gate) in report.gates.enumerated() {
            html += Self.section(gate, id: "gate-\(index + 1)")
        }
        html += "<footer>Written by mlgate \(Self.escape(report.mlgateVersion))"
        if report.mlgateVersion != MLGateVersion.current {
            html += ", rendered by mlgate \(Self.escape(MLGateVersion.current))"
        }
        html += ". This page loads nothing from the network.</footer>\n"
        html += "</main>\n</body>\n</html>\n"
        return html
    }
}

// MARK: - Page parts

extension HTMLRenderer {
    /// The verdict banner, the run's facts and the totals.
    static func header(_ report: RunReport, headline: String) -> String {
        let status = report.status.rawValue
        var html = "<header class=\"verdict status-\(status)\">\n"
        html += "<h1>\(Self.escape(headline))</h1>\n"
        html += "<p>\(Self.escape(MarkdownRenderer.countsText(report.totals)))</p>\n</header>\n"
        let timestamp = NumberFormatting.timestamp(report.startedAt)
        html += "<dl class=\"meta\">\n"
        html += "<dt>Config</dt><dd><code>\(Self.escape(report.config))</code></dd>\n"
        html += "<dt>Started</dt><dd><time datetime=\"\(timestamp)Z\">"
            + timestamp.replacingOccurrences(of: "T", with: " ") + " UTC</time></dd>\n"
        html += "<dt>Duration</dt><dd>\(NumberFormatting.seconds(report.duration)) s</dd>\n"
        html += "<dt>mlgate</dt><dd>\(Self.escape(report.mlgateVersion))</dd>\n"
        html += "</dl>\n"
        let totals = report.totals
        html += "<ul class=\"totals\" aria-label=\"Checks by outcome\">\n"
        for (label, outcome, count) in [
            ("checks", "total", totals.total), ("passed", "passed", totals.passed), ("failed", "failed", totals.failed),
            ("warnings", "warning", totals.warnings), ("errors", "error", totals.errors),
            ("skipped", "skipped", totals.skipped),
        ] {
            html += "<li class=\"outcome-\(outcome)\"><span class=\"count\">\(count)</span> \(label)</li>\n"
        }
        html += "</ul>\n"
        return html
    }

    /// A table of the gates, each linking to its section.
    static func overview(_ report: RunReport) -> String {
        guard !report.gates.isEmpty else { return "<p>No gates ran.</p>\n" }
        var html = "<table class=\"overview\">\n<caption>Gates, in config order</caption>\n<thead><tr>"
        html += "<th scope=\"col\">Gate</th><th scope=\"col\">Kind</th><th scope=\"col\">Status</th>"
        html += "<th scope=\"col\">Checks</th><th scope=\"col\" class=\"num\">Duration (s)</th></tr></thead>\n<tbody>\n"
        for (index, gate) in report.gates.enumerated() {
            html += "<tr><th scope=\"row\"><a href=\"#gate-\(index + 1)\">\(Self.escape(gate.name))</a></th>"
            html += "<td>\(gate.kind.rawValue)</td><td>\(Self.badge(gate.status))</td>"
            html += "<td>\(Self.escape(MarkdownRenderer.countsText(gate.counts)))</td>"
            html += "<td class=\"num\">\(NumberFormatting.seconds(gate.duration))</td></tr>\n"
        }
        html += "</tbody>\n</table>\n"
        return html
    }

    /// One gate: its heading, its checks (failing first) and its figures.
    static func section(_ gate: GateResult, id: String) -> String {
        var html = "<section class=\"gate\" id=\"\(id)\" aria-labelledby=\"\(id)-title\">\n"
        html += "<h2 id=\"\(id)-title\">\(Self.badge(gate.status)) \(Self.escape(gate.name)) "
            + "<span class=\"kind\">\(gate.kind.rawValue) gate</span></h2>\n"
        html += "<p class=\"gate-meta\">\(Self.escape(MarkdownRenderer.countsText(gate.counts))) · "
            + "\(NumberFormatting.seconds(gate.duration)) s</p>\n"
        html += checkTable(gate)
        html += figures(gate, id: id)
        html += "</section>\n"
        return html
    }

    /// The checks of a gate, failing first: error, failed, warning, skipped, passed;
    /// config order within each outcome.
    static func checkTable(_ gate: GateResult) -> String {
        guard !gate.checks.isEmpty else { return "<p>This gate has no checks.</p>\n" }
        var html = "<table class=\"checks\">\n<caption>Checks of \(Self.escape(gate.name)), failing first</caption>\n"
        html += "<thead><tr><th scope=\"col\">Outcome</th><th scope=\"col\">Check</th>"
        html += "<th scope=\"col\">Result</th><th scope=\"col\">Measurements</th></tr></thead>\n<tbody>\n"
        for check in orderedChecks(gate.checks) {
            let outcome = check.outcome.rawValue
            html += "<tr class=\"outcome-\(outcome)\"><td>\(Self.badge(check.outcome))</td>"
            var facts = [check.check]
            if check.severity == .warn { facts.append("severity warn") }
            if let location = check.location { facts.append(location.description) }
            html += "<th scope=\"row\">\(Self.escape(check.name))"
                + "<span class=\"sub\">\(Self.escape(facts.joined(separator: " · ")))</span></th>"
            html += "<td><div class=\"message\">\(Self.escape(check.message))</div>"
            if let details = check.details, !details.isEmpty {
                let open = check.outcome == .passed || check.outcome == .skipped ? "" : " open=\"open\""
                html += "<details\(open)><summary>Details</summary><pre>\(Self.escape(details))</pre></details>"
            }
            html += "</td><td>"
            if !check.measurements.isEmpty {
                html += "<ul class=\"measurements\">"
                for measurement in check.measurements {
                    html += "<li><span class=\"name\">\(Self.escape(measurement.name))</span> "
                        + "\(measurementValue(measurement.value))</li>"
                }
                html += "</ul>"
            }
            html += "</td></tr>\n"
        }
        html += "</tbody>\n</table>\n"
        return html
    }

    /// A measured value, short: as it is when four decimals or fewer hold it (or it is too
    /// small for four decimals), else with four decimals and the exact value as a tooltip.
    static func measurementValue(_ value: Double) -> String {
        let exact = Self.escape(NumberFormatting.value(value))
        guard value.isFinite, abs(value) >= 0.0001, abs(value) < 1e15, (value * 10_000).rounded() / 10_000 != value
        else { return exact }
        return "<span title=\"\(exact)\">\(fixed(value, 4))</span>"
    }

    /// The checks in the order the report shows them.
    static func orderedChecks(_ checks: [CheckResult]) -> [CheckResult] {
        checks.problemsFirst()
    }

    /// What a gate shows beyond its checks: one section per kind of ``GateDetail``.
    ///
    /// This is the extension point for pictures, and the one place that reads a gate's
    /// detail: a fairness gate's per-group table and rate charts
    /// (HTMLRenderer+Fairness.swift), a binary model gate's curves (HTMLRenderer+Model.swift),
    /// a drift gate's table and histograms (HTMLRenderer+Drift.swift), a data gate's
    /// contract (HTMLRenderer+Contract.swift); the charts share HTMLRenderer+Charts.swift.
    /// A new kind of detail gets a case here and a function that renders it.
    static func figures(_ gate: GateResult, id: String) -> String {
        switch gate.detail {
        case .groups(let table)?: groupFigures(table, id: id)
        case .curves(let curves)?: curves.isEmpty ? "" : curveFigures(curves, id: id)
        case .drift(let table)?: driftFigures(table, id: id)
        case .contract(let contract)?: contractFigures(contract)
        case nil: ""
        }
    }

    // MARK: Text and numbers

    private static func badge(_ status: RunStatus) -> String {
        let text =
            switch status {
            case .passed: "passed"
            case .failed: "failed"
            case .error: "could not run"
            }
        return "<span class=\"badge status-\(status.rawValue)\">\(text)</span>"
    }

    private static func badge(_ outcome: CheckOutcome) -> String {
        "<span class=\"badge outcome-\(outcome.rawValue)\">\(outcome.rawValue)</span>"
    }

    /// `text` escaped for HTML text and attribute values.
    static func escape(_ text: String) -> String { HTMLText.escape(text) }

    /// `text`, or its first `room − 1` characters and "…" when it is longer than `room`.
    static func shortened(_ text: String, to room: Int) -> String {
        text.count > room ? String(text.prefix(max(room - 1, 1))) + "…" : text
    }

    /// An SVG coordinate: two fixed decimals, never exponent notation, never `-0.00`.
    static func coordinate(_ value: Double) -> String {
        let rounded = ((value.isFinite ? value : 0) * 100).rounded() / 100
        return String(format: "%.2f", rounded == 0 ? 0 : rounded)
    }

    /// A number with fixed decimals.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }
}
