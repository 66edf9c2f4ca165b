import Foundation
import Testing
@testable import MLGate

@Suite("Local registry and promotion")
struct LocalRegistryTests {
    private func promoter(_ fixture: PromotionFixture, attestation: URL, artifact: URL, alias: String? = "champion", key: VerificationKey? = nil)
        -> Promoter
    {
        Promoter(
            attestation: (attestation, attestation.lastPathComponent), artifact: (artifact, artifact.lastPathComponent),
            report: nil, key: key, model: "loans", alias: alias)
    }

    @Test func promotionRegistersVersionsAndMovesAliases() async throws {
        let fixture = try PromotionFixture()
        let report = PromotionFixture.report(.passed)
        let json = try PromotionFixture.json(report)
        try json.write(to: fixture.folder.appendingPathComponent("report.json"))
        let attestation = try await fixture.attest(report, jsonReport: json)
        let registry = LocalRegistry(root: fixture.folder.appendingPathComponent("registry"))

        let (first, evidence) = try await promoter(fixture, attestation: attestation, artifact: fixture.model).run(into: registry)
        #expect(first.version == "1" && first.created && first.alias == "champion")
        #expect(evidence.report == json, "the attested report beside the attestation is stored")
        let stored = registry.root.appendingPathComponent("loans/1")
        #expect(try Data(contentsOf: stored.appendingPathComponent("model.bin")) == Data("weights v1".utf8))
        #expect(try Data(contentsOf: stored.appendingPathComponent("attestation.json")) == Data(contentsOf: attestation))

        // The same artifact again: no new version, the alias stays.
        let (again, _) = try await promoter(fixture, attestation: attestation, artifact: fixture.model, alias: "staging").run(into: registry)
        #expect(again.version == "1" && !again.created)

        // A new model, gated again: version 2 becomes the champion.
        try Data("weights v2".utf8).write(to: fixture.model)
        let second = try await fixture.attest(report, name: "second.json")
        let (next, _) = try await promoter(fixture, attestation: second, artifact: fixture.model).run(into: registry)
        #expect(next.version == "2" && next.created)
        let index = try registry.index()
        #expect(index.models["loans"]?.aliases == ["champion": 2, "staging": 1])
        #expect(index.models["loans"]?.versions.map(\.version) == [1, 2])
        #expect(index.models["loans"]?.versions.map(\.hasReport) == [true, false])

        let champion = try await registry.report(model: "loans", alias: "staging")
        #expect(champion.version == "1" && champion.data == json)
    }

    @Test func nothingReachesTheRegistryWithoutAPass() async throws {
        let fixture = try PromotionFixture()
        let registry = LocalRegistry(root: fixture.folder.appendingPathComponent("registry"))
        let failed = try await fixture.attest(PromotionFixture.report(.failed))
        await #expect(throws: PromotionError.self) {
            _ = try await promoter(fixture, attestation: failed, artifact: fixture.model).run(into: registry)
        }
        let passed = try await fixture.attest(PromotionFixture.report(.passed), name: "passed.json")
        try Data("weights v1, retrained after the gate".utf8).write(to: fixture.model)
        await #expect(throws: PromotionError.self) {
            _ = try await promoter(fixture, attestation: passed, artifact: fixture.model).run(into: registry)
        }
        #expect(!FileManager.default.fileExists(atPath: registry.root.path), "a refused promotion must not touch the registry")
    }

    @Test func aReportThatIsNotTheAttestedOneIsRefused() async throws {
        let fixture = try PromotionFixture()
        let report = PromotionFixture.report(.passed)
        let attestation = try await fixture.attest(report, jsonReport: try PromotionFixture.json(report))
        let forged = fixture.folder.appendingPathComponent("forged.json")
        try PromotionFixture.json(PromotionFixture.report(.passed, value: 0.99)).write(to: forged)
        var promotion = promoter(fixture, attestation: attestation, artifact: fixture.model)
        promotion.report = (forged, "forged.json")
        #expect {
            _ = try promotion.evidence()
        } throws: { error in
            (error as? PromotionError)?.code == .digestMismatch && "\(error)".contains("forged.json: sha256:")
        }
    }

    /// Sixteen promotions of sixteen artifacts at once: every one gets its own version,
    /// the index lists them all, and every version folder holds its own artifact.
    @Test func concurrentPromotionsLoseNothing() async throws {
        let fixture = try PromotionFixture()
        let registry = LocalRegistry(root: fixture.folder.appendingPathComponent("registry"))
        var jobs: [(URL, URL)] = []
        for number in 0..<16 {
            let folder = fixture.folder.appendingPathComponent("job\(number)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let model = folder.appendingPathComponent("model.bin")
            try Data("weights \(number)".utf8).write(to: model)
            let config = MLGateConfig(
                file: fixture.config.file, directory: folder, version: 1, reports: ReportPaths(), gates: [],
                artifacts: ["model.bin"])
            let statement = try await AttestationBuilder(config: config, artifacts: [.init(name: "model.bin", url: model)])
                .statement(for: PromotionFixture.report(.passed), jsonReport: nil)
            let attestation = folder.appendingPathComponent("attestation.json")
            try GateAttestation.file(for: statement, signedWith: nil).write(to: attestation)
            jobs.append((attestation, model))
        }
        let versions = try await withThrowingTaskGroup(of: String.self) { group in
            for (attestation, model) in jobs {
                group.addTask { try await promoter(fixture, attestation: attestation, artifact: model).run(into: registry).0.version }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(Set(versions) == Set((1...16).map(String.init)))
        let index = try registry.index()
        let entries = try #require(index.models["loans"]).versions
        #expect(entries.count == 16)
        for entry in entries {
            let stored = registry.root.appendingPathComponent("loans/\(entry.version)/model.bin")
            #expect(try ArtifactDigest.of(stored).sha256 == entry.sha256)
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: registry.root.appendingPathComponent("loans").path)
            .filter { $0.hasPrefix(".staging") }
        #expect(leftovers.isEmpty)
    }

    @Test(arguments: [
        ("dir:", "expected a folder after 'dir:'"),
        ("s3://bucket", "unknown registry 's3://bucket': expected dir:PATH"),
        ("mlflow:ftp://host", "expected an http(s) URL after 'mlflow:'"),
    ])
    func registryNamesAreChecked(text: String, message: String) {
        #expect {
            _ = try RegistryLocation(parsing: text, relativeTo: URL(fileURLWithPath: "/"))
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test func aliasReferencesParse() throws {
        let reference = try RegistryAliasReference(parsing: "mlflow:http://127.0.0.1:5000#loans@champion", relativeTo: URL(fileURLWithPath: "/"))
        #expect(reference.registry == RegistryLocation(MLflowRegistry.kind, URL(string: "http://127.0.0.1:5000")!))
        #expect(reference.model == "loans" && reference.alias == "champion")
        let local = try RegistryAliasReference(parsing: "dir:reg#m@prod", relativeTo: URL(fileURLWithPath: "/work"))
        #expect(local.registry == RegistryLocation(LocalRegistry.kind, URL(fileURLWithPath: "/work/reg")))
        for bad in ["dir:reg", "dir:reg#loans", "dir:reg#@champion", "dir:reg#loans@"] {
            #expect(throws: PromotionError.self) { _ = try RegistryAliasReference(parsing: bad, relativeTo: URL(fileURLWithPath: "/")) }
        }
    }

    @Test func unknownModelsAndAliasesListTheChoices() async throws {
        let fixture = try PromotionFixture()
        let registry = LocalRegistry(root: fixture.folder.appendingPathComponent("registry"))
        _ = try await promoter(fixture, attestation: try await fixture.attest(PromotionFixture.report(.passed)), artifact: fixture.model)
            .run(into: registry)
        await #expect { _ = try await registry.report(model: "lons", alias: "champion") } throws: { "\($0)".contains("(models: loans)") }
        await #expect { _ = try await registry.report(model: "loans", alias: "prod") } throws: { "\($0)".contains("(aliases: champion)") }
        await #expect { _ = try await registry.report(model: "loans", alias: "champion") } throws: { "\($0)".contains("has no stored report") }
    }
}
