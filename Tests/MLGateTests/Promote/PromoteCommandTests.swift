import Foundation
import Testing
@testable import MLGate

/// `mlgate check --attest`, `verify`, `promote` and the champion loop, as a CI job runs them.
@Suite("mlgate verify and promote")
struct PromoteCommandTests {
    /// A copy of the bundled example in a temporary folder.
    private func example() throws -> URL {
        let directory = try Fixtures.temporaryDirectory()
        let source = Fixtures.repositoryRoot.appendingPathComponent("Examples/loans")
        for item in ["loans.csv", "predictions.csv", "champion_predictions.csv", "recent_applications.csv", "loans.schema.json", "mlgate.yml", "model"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(item), to: directory.appendingPathComponent(item))
        }
        return directory
    }

    @Test func gateAttestPromoteAndJudgeTheNextCandidateAgainstTheChampion() throws {
        let directory = try example()
        let keygen = try ToolRun(["keygen", "-o", "keys/signing.pem"], in: directory)
        #expect(keygen.status == 2, "keygen does not create folders: \(keygen.stderr)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("keys"), withIntermediateDirectories: true)
        #expect(try ToolRun(["keygen", "-o", "keys/signing.pem"], in: directory).status == 0)
        #expect(try ToolRun(["keygen", "-o", "keys/signing.pem"], in: directory).status == 2, "refuses to overwrite")

        let check = try ToolRun(["check", "--quiet", "--signing-key", "keys/signing.pem"], in: directory)
        #expect(check.status == 0, "\(check.stdout)\n\(check.stderr)")
        let attestation = "reports/attestation.json"
        let envelope = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent(attestation))) as? [String: Any]
        #expect(envelope?["payloadType"] as? String == "application/vnd.in-toto+json")

        let verify = try ToolRun(["verify", attestation, "--artifact", "model/model.json", "--key", "keys/signing.pub.pem"], in: directory)
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("signature: verified"))

        let promote = try ToolRun(
            ["promote", "--attestation", attestation, "--artifact", "model/model.json", "--to", "dir:registry",
             "--model", "loans", "--alias", "champion", "--key", "keys/signing.pub.pem"], in: directory)
        #expect(promote.status == 0, "\(promote.stderr)")
        #expect(promote.stdout.contains("registered as version 1"))
        #expect(promote.stdout.contains("report: reports/report.json"))

        // The next merge request is judged against what the registry's champion scored.
        let config = try String(contentsOf: directory.appendingPathComponent("mlgate.yml"), encoding: .utf8)
            .replacingOccurrences(of: "      predictions: champion_predictions.csv", with: "      registry: dir:registry#loans@champion")
            .replacingOccurrences(of: "        confidence: 0.95\n", with: "")
        try config.write(to: directory.appendingPathComponent("next.yml"), atomically: true, encoding: .utf8)
        let next = try ToolRun(["check", "-c", "next.yml", "--no-reports"], in: directory)
        #expect(next.status == 0, "\(next.stdout)\n\(next.stderr)")
        #expect(next.stdout.contains("dir:\(directory.path)/registry#loans@champion: version 1"), "\(next.stdout)")
        #expect(next.stdout.contains("roc_auc 0.8112 ≥ 0.7000; drop 0 vs baseline 0.8112"), "the same model against itself: \(next.stdout)")
    }

    @Test func refusalsExit1AndProblemsExit2() throws {
        let directory = try example()
        // A gate that fails: its attestation is written, and it cannot be promoted.
        let strict = try String(contentsOf: directory.appendingPathComponent("mlgate.yml"), encoding: .utf8)
            .replacingOccurrences(of: "        min: 0.7\n", with: "        min: 0.99\n")
        try strict.write(to: directory.appendingPathComponent("strict.yml"), atomically: true, encoding: .utf8)
        #expect(try ToolRun(["check", "-c", "strict.yml", "--quiet", "--attest", "failed.json"], in: directory).status == 1)
        let refused = try ToolRun(
            ["promote", "--attestation", "failed.json", "--artifact", "model/model.json", "--to", "dir:registry", "--model", "loans"],
            in: directory)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("the gate failed: model/roc_auc (failed)"), "\(refused.stderr)")
        #expect(refused.stderr.contains("nothing was promoted"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("registry").path))

        #expect(try ToolRun(["check", "--quiet"], in: directory).status == 0)
        try Data("{}".utf8).write(to: directory.appendingPathComponent("model/model.json"))
        let changed = try ToolRun(["verify", "reports/attestation.json", "--artifact", "model/model.json"], in: directory)
        #expect(changed.status == 1)
        #expect(changed.stderr.contains("it changed after the gate"))

        // No attestation, no promotion: a refusal.
        let missing = try ToolRun(
            ["promote", "--attestation", "missing.json", "--artifact", "model/model.json", "--to", "dir:registry", "--model", "loans"],
            in: directory)
        #expect(missing.status == 1 && missing.stderr.contains("missing.json: no attestation"), "\(missing.stderr)")
        #expect(try ToolRun(["verify", "missing.json", "--artifact", "model/model.json"], in: directory).status == 1)

        for arguments in [
            ["verify", "loans.csv", "--artifact", "model/model.json"],
            ["promote", "--attestation", "reports/attestation.json", "--artifact", "model/model.json", "--to", "s3:x", "--model", "m"],
            ["promote", "--attestation", "reports/attestation.json", "--artifact", "model/model.json", "--to", "dir:r", "--model", "../m"],
            ["promote", "--attestation", "reports/attestation.json", "--artifact", "model/model.json", "--to", "dir:r", "--model", "m", "--key", "loans.csv"],
        ] {
            let run = try ToolRun(arguments, in: directory)
            #expect(run.status == 2, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains("error: "), "\(arguments)")
        }
    }
}
