import Foundation

/// The report formats mlgate writes to files.
public enum ReportFormat: String, Sendable, CaseIterable, Hashable {
    /// JUnit XML.
    case junit
    /// The JSON report.
    case json
    /// The Markdown summary.
    case markdown
    /// OpenMetrics text (GitLab's metrics report).
    case openmetrics
    /// The self-contained HTML page.
    case html
    /// GitLab's Code Quality report (JSON).
    case codequality

    /// Renders a run in this format, with every URL's credentials masked
    /// (``CredentialRedaction``).
    public func render(_ report: RunReport, options: ReportOptions = ReportOptions()) throws(ReportRenderError) -> Data {
        let data: Data = switch self {
        case .junit: try JUnitRenderer(warnings: options.junitWarnings).render(report)
        case .json: try JSONRenderer().render(report)
        case .markdown: MarkdownRenderer().render(report)
        case .openmetrics: OpenMetricsRenderer().render(report)
        case .html: HTMLRenderer().render(report)
        case .codequality: try CodeQualityRenderer(root: options.root).render(report)
        }
        guard let text = String(data: data, encoding: .utf8) else { return data }
        let redacted = CredentialRedaction.redact(text)
        return redacted == text ? data : Data(redacted.utf8)
    }
}

/// How the reports are written, where a format has a choice.
public struct ReportOptions: Sendable, Hashable {
    /// How JUnit writes warned checks.
    public var junitWarnings: JUnitRenderer.WarningStyle
    /// The folder the Code Quality report's paths are relative to (the repository root).
    public var root: String?

    /// Creates options; the defaults are the formats' defaults.
    public init(junitWarnings: JUnitRenderer.WarningStyle = .output, root: String? = nil) {
        self.junitWarnings = junitWarnings
        self.root = root
    }
}

/// Renders every requested report first, then writes each atomically: a rendering
/// failure writes nothing, and no reader ever sees half a report.
public enum ReportWriter {
    /// A report that could not be produced.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// Rendering failed.
        case render(ReportFormat, ReportRenderError)
        /// Writing failed.
        case write(ReportWriteError)

        public var description: String {
            switch self {
            case .render(let format, let error): "\(error) (\(format.rawValue))"
            case .write(let error): "\(error)"
            }
        }
    }

    /// Writes `report` to each target; returns the files written, in format order.
    @discardableResult
    public static func write(
        _ report: RunReport, to targets: [ReportFormat: URL], options: ReportOptions = ReportOptions()
    ) throws(Failure) -> [URL] {
        var rendered: [(URL, Data)] = []
        for format in ReportFormat.allCases {
            guard let url = targets[format] else { continue }
            do {
                rendered.append((url, try format.render(report, options: options)))
            } catch {
                throw .render(format, error)
            }
        }
        for (url, data) in rendered {
            do {
                try AtomicFileWriter.write(data, to: url)
            } catch {
                throw .write(error)
            }
        }
        return rendered.map(\.0)
    }
}
