import Foundation
@testable import MLGate

/// A temporary project: a config, a model artifact, and attestations of runs over them.
struct PromotionFixture {
    let folder: URL
    let config: MLGateConfig
    let model: URL

    init() throws {
        folder = try Fixtures.temporaryDirectory()
        let configURL = folder.appendingPathComponent("mlgate.yml")
        try Data("version: 1\ngates: []\n".utf8).write(to: configURL)
        model = folder.appendingPathComponent("model.bin")
        try Data("weights v1".utf8).write(to: model)
        config = MLGateConfig(
            file: configURL.path, directory: folder, version: 1, reports: ReportPaths(), gates: [],
            artifacts: ["model.bin"])
    }

    /// A run whose one model check ended `outcome`.
    static func report(_ outcome: CheckOutcome, value: Double = 0.81) -> RunReport {
        let check = CheckResult(
            name: "roc_auc", check: "metric", outcome: outcome, message: "roc_auc \(value)",
            measurements: [Measurement("value", value), Measurement("min", 0.7)])
        return RunReport(
            config: "mlgate.yml", startedAt: Date(timeIntervalSince1970: 1_790_000_000), duration: 0.5,
            gates: [GateResult(name: "model", kind: .model, startedAt: Date(timeIntervalSince1970: 1_790_000_000), duration: 0.5, checks: [check])])
    }

    /// Writes the attestation of `report` (signed with `key`) and returns its file.
    func attest(_ report: RunReport, key: SigningKey? = nil, name: String = "attestation.json", jsonReport: Data? = nil)
        async throws -> URL
    {
        let builder = AttestationBuilder(
            config: config, artifacts: config.artifacts.map { .init(name: $0, url: config.resolve($0)) })
        let statement = try await builder.statement(for: report, jsonReport: jsonReport.map { ("report.json", $0) })
        let url = folder.appendingPathComponent(name)
        try GateAttestation.file(for: statement, signedWith: key).write(to: url)
        return url
    }

    /// The JSON report of `report`.
    static func json(_ report: RunReport) throws -> Data { try JSONRenderer().render(report) }
}
