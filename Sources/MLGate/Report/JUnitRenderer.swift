import CLibXML2
import Foundation

/// Renders a run as JUnit XML through libxml2's `xmlTextWriter`, in the shape GitLab's
/// test report, GitHub's JUnit reporters and Jenkins read:
///
/// - `<testsuites>` with the totals;
/// - one `<testsuite>` per gate (`name`, `tests`, `failures`, `errors`, `skipped`,
///   `time`, `timestamp`) whose `<properties>` carry every check's numbers;
/// - one `<testcase>` per check (`classname` `mlgate.<gate>`, `name`, `time`, and the
///   config `file`/`line` that declared it), holding `<failure>`, `<error>` or
///   `<skipped>`, and the check's message in `<system-out>`.
///
/// A warning (a failed check of severity `warn`) is a passing test case whose output
/// starts with `warning:`, so it shows without failing the pipeline. GitLab drops the
/// output of passing tests and most reporters count them as successes, so with
/// ``WarningStyle/failures`` every warned check is also written as a `<failure>` of a
/// separate `<gate>.warnings` suite (classname `mlgate.<gate>.warnings`), which a
/// JUnit-only consumer shows. A skipped check's reason is both the `<skipped>`
/// element's `message` and its text (GitLab shows the text). Times are fixed decimals;
/// characters XML 1.0 forbids are replaced before they reach libxml2.
///
/// This is the only place in mlgate that touches libxml2's C types.
public struct JUnitRenderer: Sendable {
    /// How warned checks are written.
    public enum WarningStyle: String, Sendable, CaseIterable, Hashable {
        /// A passing test case whose `<system-out>` starts with `warning:` (the default).
        case output
        /// As `output`, and also as a failing test case of a `<gate>.warnings` suite.
        case failures
    }

    /// How warned checks are written.
    public var warnings: WarningStyle

    /// Creates a renderer.
    public init(warnings: WarningStyle = .output) {
        self.warnings = warnings
    }

    /// The XML document, UTF-8 encoded.
    public func render(_ report: RunReport) throws(ReportRenderError) -> Data {
        let writer = try XMLTextWriter()
        try writer.startDocument()
        try writer.start("testsuites")
        let totals = report.totals
        let warned = warnings == .failures ? totals.warnings : 0
        try writer.attribute("name", "mlgate")
        try writer.attribute("tests", String(totals.total + warned))
        try writer.attribute("failures", String(totals.failed + warned))
        try writer.attribute("errors", String(totals.errors))
        try writer.attribute("time", NumberFormatting.seconds(report.duration))
        for gate in report.gates {
            try render(gate, writer: writer)
            if warnings == .failures { try renderWarnings(gate, writer: writer) }
        }
        try writer.end()
        return try writer.finish()
    }

    /// The `<gate>.warnings` suite: one failing case per warned check; nothing when the
    /// gate has no warning.
    private func renderWarnings(_ gate: GateResult, writer: XMLTextWriter) throws(ReportRenderError) {
        let warned = gate.checks.filter { $0.outcome == .warning }
        guard !warned.isEmpty else { return }
        try writer.start("testsuite")
        try writer.attribute("name", "\(gate.name).warnings")
        try writer.attribute("tests", String(warned.count))
        try writer.attribute("failures", String(warned.count))
        try writer.attribute("errors", "0")
        try writer.attribute("skipped", "0")
        try writer.attribute("time", NumberFormatting.seconds(warned.reduce(0) { $0 + $1.duration }))
        try writer.attribute("timestamp", NumberFormatting.timestamp(gate.startedAt))
        for check in warned {
            try writer.start("testcase")
            try caseAttributes(check, classname: "mlgate.\(gate.name).warnings", writer: writer)
            try problem("failure", check, body: "warning: " + Self.body(check), writer: writer)
            try writer.end()
        }
        try writer.end()
    }

    private func render(_ gate: GateResult, writer: XMLTextWriter) throws(ReportRenderError) {
        let counts = gate.counts
        try writer.start("testsuite")
        try writer.attribute("name", gate.name)
        try writer.attribute("tests", String(counts.total))
        try writer.attribute("failures", String(counts.failed))
        try writer.attribute("errors", String(counts.errors))
        try writer.attribute("skipped", String(counts.skipped))
        try writer.attribute("time", NumberFormatting.seconds(gate.duration))
        try writer.attribute("timestamp", NumberFormatting.timestamp(gate.startedAt))

        try writer.start("properties")
        try property("mlgate.kind", gate.kind.rawValue, writer: writer)
        try property("mlgate.status", gate.status.rawValue, writer: writer)
        for check in gate.checks {
            try property("\(check.name).outcome", check.outcome.rawValue, writer: writer)
            if let detection = check.detection { try property("\(check.name).detection", detection, writer: writer) }
            for measurement in check.measurements {
                try property(
                    "\(check.name).\(measurement.name)", NumberFormatting.value(measurement.value), writer: writer)
            }
        }
        try writer.end()

        for check in gate.checks {
            try render(check, gate: gate, writer: writer)
        }
        try writer.end()
    }

    private func property(_ name: String, _ value: String, writer: XMLTextWriter) throws(ReportRenderError) {
        try writer.start("property")
        try writer.attribute("name", name)
        try writer.attribute("value", value)
        try writer.end()
    }

    private func render(_ check: CheckResult, gate: GateResult, writer: XMLTextWriter) throws(ReportRenderError) {
        try writer.start("testcase")
        try caseAttributes(check, classname: "mlgate.\(gate.name)", writer: writer)
        let body = Self.body(check)
        switch check.outcome {
        case .passed:
            try writer.element("system-out", text: check.message)
        case .warning:
            try writer.element("system-out", text: "warning: " + body)
        case .skipped:
            try writer.start("skipped")
            try writer.attribute("message", check.message)
            try writer.text(check.message)
            try writer.end()
        case .failed:
            try problem("failure", check, body: body, writer: writer)
        case .error:
            try problem("error", check, body: body, writer: writer)
        }
        try writer.end()
    }

    /// A test case's attributes: name, classname, time and the config line.
    private func caseAttributes(_ check: CheckResult, classname: String, writer: XMLTextWriter) throws(ReportRenderError) {
        try writer.attribute("name", check.name)
        try writer.attribute("classname", classname)
        try writer.attribute("time", NumberFormatting.seconds(check.duration))
        if let location = check.location {
            try writer.attribute("file", location.file)
            if let line = location.line { try writer.attribute("line", String(line)) }
        }
    }

    /// The message and the details, one after the other.
    private static func body(_ check: CheckResult) -> String {
        [check.message, check.details].compactMap { $0 }.joined(separator: "\n")
    }

    /// `<failure>` or `<error>`: the message as an attribute, the full text as the body.
    private func problem(_ element: String, _ check: CheckResult, body: String, writer: XMLTextWriter)
        throws(ReportRenderError)
    {
        try writer.start(element)
        try writer.attribute("message", check.message)
        try writer.attribute("type", check.check)
        try writer.text(body)
        try writer.end()
    }
}

/// A report that could not be rendered.
public struct ReportRenderError: Error, Sendable, CustomStringConvertible {
    /// What failed.
    public var reason: String

    public var description: String { "error: cannot render report: \(reason)" }
}

/// A thin owner of an `xmlTextWriter` writing to memory. Every string is cleaned by
/// ``XMLText/clean(_:)`` before libxml2 sees it.
private final class XMLTextWriter {
    private let buffer: xmlBufferPtr
    private let writer: xmlTextWriterPtr
    private var finished = false

    init() throws(ReportRenderError) {
        guard let buffer = xmlBufferCreate() else { throw ReportRenderError(reason: "xmlBufferCreate failed") }
        guard let writer = xmlNewTextWriterMemory(buffer, 0) else {
            xmlBufferFree(buffer)
            throw ReportRenderError(reason: "xmlNewTextWriterMemory failed")
        }
        self.buffer = buffer
        self.writer = writer
        xmlTextWriterSetIndent(writer, 1)
        _ = "  ".withXMLChars { xmlTextWriterSetIndentString(writer, $0) }
    }

    deinit {
        if !finished { xmlFreeTextWriter(writer) }
        xmlBufferFree(buffer)
    }

    private func check(_ result: Int32, _ operation: String) throws(ReportRenderError) {
        if result < 0 { throw ReportRenderError(reason: "libxml2 \(operation) failed") }
    }

    func startDocument() throws(ReportRenderError) {
        try check(xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil), "xmlTextWriterStartDocument")
    }

    func start(_ name: String) throws(ReportRenderError) {
        try check(name.withXMLChars { xmlTextWriterStartElement(writer, $0) }, "xmlTextWriterStartElement")
    }

    func end() throws(ReportRenderError) {
        try check(xmlTextWriterEndElement(writer), "xmlTextWriterEndElement")
    }

    func attribute(_ name: String, _ value: String) throws(ReportRenderError) {
        let result = name.withXMLChars { name in
            XMLText.clean(value).withXMLChars { value in xmlTextWriterWriteAttribute(writer, name, value) }
        }
        try check(result, "xmlTextWriterWriteAttribute")
    }

    func text(_ value: String) throws(ReportRenderError) {
        try check(XMLText.clean(value).withXMLChars { xmlTextWriterWriteString(writer, $0) }, "xmlTextWriterWriteString")
    }

    func element(_ name: String, text value: String) throws(ReportRenderError) {
        try start(name)
        try text(value)
        try end()
    }

    /// Ends the document and returns its bytes.
    func finish() throws(ReportRenderError) -> Data {
        try check(xmlTextWriterEndDocument(writer), "xmlTextWriterEndDocument")
        xmlFreeTextWriter(writer)  // flushes into the buffer
        finished = true
        guard let content = xmlBufferContent(buffer) else { throw ReportRenderError(reason: "empty XML buffer") }
        var data = Data(bytes: content, count: Int(xmlBufferLength(buffer)))
        if data.last != UInt8(ascii: "\n") { data.append(UInt8(ascii: "\n")) }
        return data
    }
}

extension String {
    /// Calls `body` with the string as a NUL-terminated `xmlChar` (UTF-8) pointer.
    fileprivate func withXMLChars<Result>(_ body: (UnsafePointer<xmlChar>) -> Result) -> Result {
        withCString { pointer in
            pointer.withMemoryRebound(to: xmlChar.self, capacity: utf8.count + 1, body)
        }
    }
}
