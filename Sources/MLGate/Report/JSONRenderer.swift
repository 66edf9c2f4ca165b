import Foundation

/// Renders a run as the JSON report: stable (sorted keys), versioned by `formatVersion`,
/// and documented in `docs/reports.md`.
public struct JSONRenderer: Sendable {
    /// Creates a renderer.
    public init() {}

    /// The JSON document, UTF-8 encoded, ending with a line break.
    public func render(_ report: RunReport) throws(ReportRenderError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        do {
            return try encoder.encode(report) + Data("\n".utf8)
        } catch {
            throw ReportRenderError(reason: "JSON encoding failed: \(error)")
        }
    }
}
