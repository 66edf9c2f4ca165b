import Foundation
import Testing
@testable import MLGate

/// Issue #21, item 6: the champion loop validates MODEL as `promote` does, a registry
/// whose model folder or lock is a symbolic link is refused, and a rejected name leaves
/// no folder behind.
@Suite("Registry paths")
struct RegistryPathTests {
    @Test func aChampionModelNameCannotLeaveTheRegistry() async throws {
        let folder = try Fixtures.temporaryDirectory()
        let registry = LocalRegistry(root: folder.appendingPathComponent("registry"))
        try FileManager.default.createDirectory(at: registry.root, withIntermediateDirectories: true)
        await #expect {
            _ = try await registry.report(model: "../evil", alias: "champion")
        } throws: { error in
            (error as? PromotionError)?.message.contains("model name '../evil'") == true
        }
    }

    @Test func aLinkedModelFolderOrLockIsRefused() async throws {
        for linked in ["loans", ".lock"] {
            let fixture = try PromotionFixture()
            let root = fixture.folder.appendingPathComponent("registry")
            let outside = fixture.folder.appendingPathComponent("outside")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(at: root.appendingPathComponent(linked), withDestinationURL: outside)
            let attestation = try await fixture.attest(PromotionFixture.report(.passed))
            let promoter = Promoter(
                attestation: (attestation, "attestation.json"), artifact: (fixture.model, "model.bin"), report: nil, key: nil,
                model: "loans", alias: "champion")
            await #expect {
                _ = try await promoter.run(into: LocalRegistry(root: root))
            } throws: { error in
                (error as? PromotionError)?.message.contains("a symbolic link inside the registry") == true
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty, "nothing written through \(linked)")
        }
    }

    @Test func anOverlongModelNameLeavesNoFolder() async throws {
        let fixture = try PromotionFixture()
        let root = fixture.folder.appendingPathComponent("registry")
        let attestation = try await fixture.attest(PromotionFixture.report(.passed))
        let promoter = Promoter(
            attestation: (attestation, "attestation.json"), artifact: (fixture.model, "model.bin"), report: nil, key: nil,
            model: String(repeating: "m", count: 300), alias: "champion")
        await #expect(throws: PromotionError.self) {
            _ = try await promoter.run(into: LocalRegistry(root: root))
        }
        #expect(!FileManager.default.fileExists(atPath: root.path))
    }
}
