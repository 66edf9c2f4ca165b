import Foundation

/// One gate's result as JSON, as `mlgate validate --format json` and `mlgate drift
/// --format json` print it: the verdict, the gate's detail (its contract report or its
/// drift table) and its checks, keys sorted.
public struct GateJSONRenderer: Sendable {
    /// Creates a renderer.
    public init() {}

    private struct Document: Encodable {
        var status: RunStatus
        var contract: ContractReport?
        var drift: DriftTableReport?
        var checks: [CheckResult]
    }

    /// The JSON document, ending with a line break.
    public func text(_ result: GateResult) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        let document = Document(status: result.status, contract: result.contract, drift: result.drift, checks: result.checks)
        // Every field is a plain value whose encoding cannot fail (non-finite numbers are strings).
        let data = try! encoder.encode(document)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
