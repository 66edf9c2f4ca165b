import Foundation
import Testing
@testable import MLGate

/// Issue #21, item 1 (and the artifact half of item 4): artifacts are hashed and stored
/// by content. A symbolic link inside a folder artifact is refused, an empty folder is
/// part of the digest, a file artifact named through a link is stored as its bytes, and
/// a device such as /dev/zero is refused at once.
@Suite("Artifacts by content")
struct ArtifactContentTests {
    @Test func aSymbolicLinkInsideAFolderArtifactIsRefused() throws {
        let folder = try Fixtures.temporaryDirectory().appendingPathComponent("model")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("weights".utf8).write(to: folder.appendingPathComponent("weights.bin"))
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("x").path, withDestinationPath: "/etc/passwd")
        #expect {
            _ = try ArtifactDigest.of(folder, displayPath: "model")
        } throws: { error in
            let error = error as? PromotionError
            return error?.code == .usage && error?.message.contains("model/x: a symbolic link (to /etc/passwd)") == true
        }
    }

    @Test func anEmptyFolderChangesTheDigestAndFilesKeepTheirs() throws {
        let folder = try Fixtures.temporaryDirectory().appendingPathComponent("model")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data("a".utf8).write(to: folder.appendingPathComponent("sub/a.txt"))
        let before = try ArtifactDigest.of(folder)
        // The manifest of files alone is what `find -type f | sort | xargs sha256sum` prints.
        let manifest = "\(ArtifactDigest.sha256(of: Data("a".utf8)))  sub/a.txt\n"
        #expect(before.sha256 == ArtifactDigest.sha256(of: Data(manifest.utf8)))
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("empty"), withIntermediateDirectories: true)
        let after = try ArtifactDigest.of(folder)
        #expect(after != before, "an added empty folder changes the digest")
    }

    @Test func aDeviceIsRefusedAtOnce() throws {
        #expect {
            _ = try ArtifactDigest.of(URL(fileURLWithPath: "/dev/zero"), displayPath: "/dev/zero")
        } throws: { error in
            (error as? PromotionError)?.message.contains("/dev/zero: not a regular file or a folder") == true
        }
    }

    @Test func verifyAndCheckRefuseDevZeroAsAnArtifact() throws {
        let directory = try Fixtures.temporaryDirectory()
        let config = Fixtures.url("configs/passing.yml").path
        let check = try ToolRun(["check", "-c", config, "--no-reports", "--attest", "att.json", "--artifact", "/dev/zero"], in: directory)
        #expect(check.status == 2, "\(check.stdout)\n\(check.stderr)")
        #expect(check.stderr.contains("/dev/zero: not a regular file or a folder"), "\(check.stderr)")
    }

    @Test func aFileArtifactNamedThroughALinkIsStoredAsItsBytes() async throws {
        let fixture = try PromotionFixture()
        let link = fixture.folder.appendingPathComponent("model-link.bin")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: fixture.model)
        let attestation = try await fixture.attest(PromotionFixture.report(.passed))
        let registry = LocalRegistry(root: fixture.folder.appendingPathComponent("registry"))
        let promoter = Promoter(
            attestation: (attestation, "attestation.json"), artifact: (link, "model.bin"), report: nil, key: nil, model: "loans",
            alias: "champion")
        let (version, _) = try await promoter.run(into: registry)
        let stored = URL(fileURLWithPath: version.location).appendingPathComponent("model-link.bin")
        let attributes = try FileManager.default.attributesOfItem(atPath: stored.path)
        #expect(attributes[.type] as? FileAttributeType == .typeRegular, "stored by content, not as a link")
        // Editing the source afterwards does not change the registered bytes.
        try Data("weights v2".utf8).write(to: fixture.model)
        #expect(try Data(contentsOf: stored) == Data("weights v1".utf8))
    }
}
