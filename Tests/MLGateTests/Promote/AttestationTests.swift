import Foundation
import Testing
@testable import MLGate

@Suite("Gate attestations")
struct AttestationTests {
    /// RFC 8032, section 7.1, test 1: the signature of the empty message.
    @Test func ed25519KeysReadFromPEMSignAsRFC8032Says() throws {
        let seed = Data(hex: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
        let pem = PEM.encode(PEM.privatePrefix + seed, label: "PRIVATE KEY")
        let key = try SigningKey(pem: pem, source: "rfc8032.pem")
        #expect(key.publicKey.key.rawRepresentation == Data(hex: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"))
        let signature = try key.signature(for: Data())
        #expect(signature == Data(hex: "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"))
        // PEM round trips.
        #expect(try SigningKey(pem: key.pem, source: "again").publicKey == key.publicKey)
        #expect(try VerificationKey(pem: key.publicKey.pem, source: "public") == key.publicKey)
    }

    @Test(arguments: [
        ("", "expected a PEM document starting with '-----BEGIN PRIVATE KEY-----'"),
        ("-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----\n", "not valid base64"),
        ("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n", "not an Ed25519 private key"),
    ])
    func malformedKeysAreNamed(pem: String, message: String) {
        #expect {
            _ = try SigningKey(pem: pem, source: "key.pem")
        } throws: { error in
            guard let error = error as? PromotionError else { return false }
            return error.code == .malformed && error.message.hasPrefix("key.pem: ") && error.message.contains(message)
        }
    }

    /// The DSSE specification's example of the pre-authentication encoding.
    @Test func preAuthenticationEncodingMatchesTheDSSESpecification() {
        let encoded = DSSEEnvelope.preAuthenticationEncoding(type: "http://example.com/HelloWorld", body: Data("hello world".utf8))
        #expect(String(decoding: encoded, as: UTF8.self) == "DSSEv1 29 http://example.com/HelloWorld 11 hello world")
    }

    @Test func fileAndFolderDigests() throws {
        let folder = try Fixtures.temporaryDirectory()
        let file = folder.appendingPathComponent("abc.txt")
        try Data("abc".utf8).write(to: file)
        #expect(try ArtifactDigest.of(file).sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")

        let model = folder.appendingPathComponent("model")
        try FileManager.default.createDirectory(at: model.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data("abc".utf8).write(to: model.appendingPathComponent("b.txt"))
        try Data("".utf8).write(to: model.appendingPathComponent("sub/a.txt"))
        // The manifest, as `sha256sum` over the sorted relative paths prints it.
        let manifest = """
            ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  b.txt
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  sub/a.txt

            """
        let digest = try ArtifactDigest.of(model)
        #expect(digest.isDirectory)
        #expect(digest.sha256 == ArtifactDigest.sha256(of: Data(manifest.utf8)))
        try Data("x".utf8).write(to: model.appendingPathComponent("sub/new.txt"))
        #expect(try ArtifactDigest.of(model) != digest)
    }

    @Test func aPassingSignedAttestationVerifies() async throws {
        let fixture = try PromotionFixture()
        let key = SigningKey()
        let url = try await fixture.attest(PromotionFixture.report(.passed), key: key)
        let attestation = try GateAttestation(contentsOf: url, source: "attestation.json")
        #expect(attestation.envelope?.signatures.first?.keyid == key.publicKey.keyID)
        let subjects = attestation.statement.subject
        #expect(subjects.map(\.name) == ["model.bin"])
        #expect(subjects[0].sha256 == ArtifactDigest.sha256(of: Data("weights v1".utf8)))
        #expect(attestation.statement.predicate.config.digest["sha256"] == ArtifactDigest.sha256(of: Data("version: 1\ngates: []\n".utf8)))

        let verified = try AttestationVerifier(key: key.publicKey).verify(
            attestation, source: "attestation.json", artifact: fixture.model, artifactPath: "model.bin")
        #expect(verified.signature == .verified(keyID: key.publicKey.keyID))
        let unchecked = try AttestationVerifier(key: nil).verify(
            attestation, source: "attestation.json", artifact: fixture.model, artifactPath: "model.bin")
        #expect(unchecked.signature == .notChecked)
    }

    /// Each reason to refuse, alone; and all of them gathered into one error.
    @Test func refusalsNameEveryReason() async throws {
        let fixture = try PromotionFixture()
        let key = SigningKey()
        let failed = try await fixture.attest(PromotionFixture.report(.failed), name: "failed.json")
        let signed = try await fixture.attest(PromotionFixture.report(.passed), key: key, name: "signed.json")
        let other = fixture.folder.appendingPathComponent("other.bin")
        try Data("weights v2".utf8).write(to: other)

        func refusal(_ url: URL, artifact: URL, key: VerificationKey?) throws -> PromotionError? {
            do {
                _ = try AttestationVerifier(key: key).verify(
                    try GateAttestation(contentsOf: url, source: url.lastPathComponent), source: url.lastPathComponent,
                    artifact: artifact, artifactPath: artifact.lastPathComponent)
                return nil
            } catch {
                return error
            }
        }
        let gate = try #require(try refusal(failed, artifact: fixture.model, key: nil))
        #expect(gate.code == .gateNotPassed && gate.message.contains("model/roc_auc (failed)") && gate.isRefusal)

        let changed = try #require(try refusal(signed, artifact: other, key: nil))
        #expect(changed.code == .digestMismatch && changed.message.contains("other.bin: sha256:") && changed.message.contains("model.bin sha256:"))

        let wrongKey = try #require(try refusal(signed, artifact: fixture.model, key: SigningKey().publicKey))
        #expect(wrongKey.code == .signatureInvalid && wrongKey.message.contains(key.publicKey.keyID))

        let unsigned = try #require(try refusal(failed, artifact: fixture.model, key: key.publicKey))
        #expect(unsigned.code == .signatureInvalid)

        let all = try #require(try refusal(failed, artifact: other, key: key.publicKey))
        #expect(all.message.split(separator: "\n").count == 3, "\(all.message)")
    }

    /// Whatever the file holds, reading it ends in a located error, never a crash.
    @Test(arguments: [
        ("not json", "not a JSON object"),
        ("[1, 2]", "not a JSON object"),
        (#"{"payloadType": "application/vnd.in-toto+json", "payload": "%%%", "signatures": []}"#, "not valid base64"),
        (#"{"payloadType": "text/plain", "payload": "e30=", "signatures": []}"#, "payload type 'text/plain'"),
        (#"{"payloadType": "application/vnd.in-toto+json", "signatures": []}"#, "not a DSSE envelope: missing key 'payload'"),
        (#"{"_type": "https://in-toto.io/Statement/v0.1", "subject": [], "predicateType": "x", "predicate": {}}"#, "not an in-toto statement"),
        (#"{"_type": "https://example.com/Statement", "subject": [], "predicateType": "https://mlgate.dev/attestation/gate-result/v1", "predicate": {"status": "passed", "mlgateVersion": "0", "config": {"path": "c", "digest": {}}, "startedAt": "2026-01-01T00:00:00Z", "totals": {"total": 0, "passed": 0, "failed": 0, "warnings": 0, "skipped": 0, "errors": 0}, "gates": []}}"#, "statement type 'https://example.com/Statement'"),
        (#"{"_type": "https://in-toto.io/Statement/v1", "subject": [], "predicateType": "https://slsa.dev/provenance/v1", "predicate": {"status": "passed", "mlgateVersion": "0", "config": {"path": "c", "digest": {}}, "startedAt": "2026-01-01T00:00:00Z", "totals": {"total": 0, "passed": 0, "failed": 0, "warnings": 0, "skipped": 0, "errors": 0}, "gates": []}}"#, "predicate type 'https://slsa.dev/provenance/v1'"),
        (#"{"_type": "https://in-toto.io/Statement/v1", "subject": [], "predicateType": "https://mlgate.dev/attestation/gate-result/v1", "predicate": {"status": "great"}}"#, "at 'predicate.status'"),
    ])
    func malformedAttestationsAreReported(text: String, message: String) {
        #expect {
            _ = try GateAttestation(data: Data(text.utf8), source: "att.json")
        } throws: { error in
            guard let error = error as? PromotionError else { return false }
            return error.code == .malformed && error.message.hasPrefix("att.json: ") && error.message.contains(message)
        }
    }
}

extension Data {
    init(hex: String) {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        self.init(bytes)
    }
}
