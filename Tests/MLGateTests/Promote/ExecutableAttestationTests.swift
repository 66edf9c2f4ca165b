import Foundation
import Testing

@testable import MLGate

/// The promote job must run the very mlgate that gated: the attestation records the
/// executable's SHA-256 and `mlgate promote --require-same-mlgate` checks it.
@Suite("Attestation: the mlgate executable")
struct ExecutableAttestationTests {
    /// A stand-in executable file and the attestation of a passing run by it.
    private func attested(_ fixture: PromotionFixture, executable: URL) async throws -> URL {
        let builder = AttestationBuilder(
            config: fixture.config, artifacts: fixture.config.artifacts.map { .init(name: $0, url: fixture.config.resolve($0)) },
            executable: executable)
        let statement = try await builder.statement(for: PromotionFixture.report(.passed), jsonReport: nil)
        let url = fixture.folder.appendingPathComponent("attestation.json")
        try GateAttestation.file(for: statement, signedWith: nil).write(to: url)
        return url
    }

    private func promoter(_ fixture: PromotionFixture, attestation: URL, executable: (url: URL, version: String)?) -> Promoter {
        Promoter(
            attestation: (attestation, "attestation.json"), artifact: (fixture.model, "model.bin"), report: nil, key: nil,
            model: "loans", alias: "champion", executable: executable)
    }

    @Test func theExecutablesDigestIsRecorded() async throws {
        let fixture = try PromotionFixture()
        let binary = fixture.folder.appendingPathComponent("mlgate")
        try Data("a binary".utf8).write(to: binary)
        let attestation = try await attested(fixture, executable: binary)
        let parsed = try GateAttestation(contentsOf: attestation, source: "attestation.json")
        let recorded = try #require(parsed.statement.predicate.executable)
        #expect(recorded.path == binary.path)
        #expect(recorded.digest == ["sha256": ArtifactDigest.sha256(of: Data("a binary".utf8))])
        // In the JSON, beside the version.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: attestation)) as? [String: Any])
        let text = String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self)
        #expect(text.contains("executable"))
    }

    @Test func theSameExecutableIsAccepted() async throws {
        let fixture = try PromotionFixture()
        let binary = fixture.folder.appendingPathComponent("mlgate")
        try Data("a binary".utf8).write(to: binary)
        let attestation = try await attested(fixture, executable: binary)
        let same = (binary, MLGateVersion.current)
        _ = try promoter(fixture, attestation: attestation, executable: same).evidence()
    }

    @Test func anotherBinaryOrVersionIsRefused() async throws {
        let fixture = try PromotionFixture()
        let binary = fixture.folder.appendingPathComponent("mlgate")
        try Data("a binary".utf8).write(to: binary)
        let attestation = try await attested(fixture, executable: binary)

        let rebuilt = fixture.folder.appendingPathComponent("rebuilt")
        try Data("a binary, rebuilt".utf8).write(to: rebuilt)
        #expect {
            _ = try promoter(fixture, attestation: attestation, executable: (rebuilt, MLGateVersion.current)).evidence()
        } throws: { error in
            guard let error = error as? PromotionError else { return false }
            return error.code == .digestMismatch && error.isRefusal && error.message.contains("not the mlgate that gated")
                && error.message.contains("sha256:\(ArtifactDigest.sha256(of: Data("a binary".utf8)))")
        }
        #expect {
            _ = try promoter(fixture, attestation: attestation, executable: (binary, "9.9.9")).evidence()
        } throws: { error in
            (error as? PromotionError)?.message.contains("version 9.9.9, but the gate ran mlgate \(MLGateVersion.current)") == true
        }
    }

    @Test func anAttestationThatRecordsNoExecutableIsRefusedWhenOneIsRequired() async throws {
        let fixture = try PromotionFixture()
        let attestation = try await fixture.attest(PromotionFixture.report(.passed))
        let binary = fixture.folder.appendingPathComponent("mlgate")
        try Data("a binary".utf8).write(to: binary)
        // Without the requirement, as before.
        _ = try promoter(fixture, attestation: attestation, executable: nil).evidence()
        #expect {
            _ = try promoter(fixture, attestation: attestation, executable: (binary, MLGateVersion.current)).evidence()
        } throws: { error in
            (error as? PromotionError)?.message.contains("records no mlgate executable") == true
        }
    }

    @Test func theRunningExecutableIsFound() throws {
        let current = try #require(MLGateExecutable.current())
        #expect(FileManager.default.isExecutableFile(atPath: current.path))
    }

    /// The command line, end to end: check --attest records the mlgate binary that ran;
    /// promote --require-same-mlgate accepts it, and refuses a copy that differs.
    @Test func theCommandRecordsAndRequiresItsOwnBinary() async throws {
        let fixture = try PromotionFixture()
        let tool = Fixtures.tool
        try FileManager.default.copyItem(at: Fixtures.url("data/people.csv"), to: fixture.folder.appendingPathComponent("people.csv"))
        try Data("""
            version: 1
            gates:
              - name: people
                kind: data
                input: people.csv
                checks:
                  - check: row_count
                    min: 1

            """.utf8).write(to: fixture.folder.appendingPathComponent("gate.yml"))
        let check = try ToolRun(
            ["check", "-c", "gate.yml", "--artifact", "model.bin", "--attest", "attestation.json", "--no-reports"], in: fixture.folder)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let parsed = try GateAttestation(contentsOf: fixture.folder.appendingPathComponent("attestation.json"), source: "a")
        #expect(parsed.statement.predicate.executable?.digest["sha256"] == (try ArtifactDigest.of(tool).sha256))
        let registry = fixture.folder.appendingPathComponent("registry").path
        let promote = ["promote", "--attestation", "attestation.json", "--artifact", "model.bin", "--to", "dir:\(registry)",
                       "--model", "loans", "--require-same-mlgate"]
        let same = try ToolRun(promote, in: fixture.folder)
        #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
        // A copy of the tool with one byte more is another binary.
        let copy = fixture.folder.appendingPathComponent("mlgate-copy")
        var bytes = try Data(contentsOf: tool)
        bytes.append(0)
        try bytes.write(to: copy)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: copy.path)
        let other = try ToolRun(promote, in: fixture.folder, tool: copy)
        #expect(other.status == 1, "\(other.stdout)\(other.stderr)")
        #expect(other.stderr.contains("not the mlgate that gated"))
    }
}

@Suite("Signing keys from the environment")
struct KeySourceFormTests {
    @Test func aPEMItsBase64AndAFileVariableGiveTheSameKey() throws {
        let key = SigningKey()
        let base64 = Data(key.pem.utf8).base64EncodedString()
        let oneLine = base64.unicodeScalars.allSatisfy { !CharacterSet.whitespacesAndNewlines.contains($0) }
        #expect(oneLine, "one line, as GitLab masks it")
        let file = try Fixtures.temporaryDirectory().appendingPathComponent("MLGATE_SIGNING_KEY")
        try Data(key.pem.utf8).write(to: file)
        for value in [key.pem, base64, base64 + "\n", file.path] {
            let read = try #require(try KeySource.signingKey(file: nil, environment: ["MLGATE_SIGNING_KEY": value]))
            #expect(read.publicKey == key.publicKey)
        }
        // The verification key reads the same forms.
        let publicBase64 = Data(key.publicKey.pem.utf8).base64EncodedString()
        #expect(try KeySource.verificationKey(file: nil, environment: ["MLGATE_VERIFY_KEY": publicBase64]) == key.publicKey)
    }

    @Test(arguments: ["not a key", "bm90IGEga2V5", "/no/such/file"])
    func anythingElseIsRefusedWithoutQuotingTheSecret(value: String) {
        #expect {
            _ = try KeySource.signingKey(file: nil, environment: ["MLGATE_SIGNING_KEY": value])
        } throws: { error in
            guard let error = error as? PromotionError else { return false }
            return error.code == .malformed && error.message.hasPrefix("$MLGATE_SIGNING_KEY: expected a PEM document")
                && !error.message.contains(value)
        }
    }
}
