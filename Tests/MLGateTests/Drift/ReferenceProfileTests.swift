import Foundation
import Testing
@testable import MLGate

@Suite("Reference profiles")
struct ReferenceProfileTests {
    /// A profile that holds every column's values gives exactly the raw file's results.
    @Test(arguments: DriftGateTests.pairs)
    func anExactProfileGivesTheRawFilesResults(pair: String) async throws {
        let raw = await DriftGateTests.run(pair)
        let profile = try await ReferenceProfile.make(DriftGateTests.input("\(pair)_reference.csv"))
        #expect(profile.columns.allSatisfy { $0.quantiles == nil })
        let folder = try Fixtures.temporaryDirectory()
        let url = folder.appendingPathComponent("reference.profile.json")
        try profile.json().write(to: url)
        let profiled = await DriftGateTests.run(pair) { $0.reference = .profile(path: "reference.profile.json", url: url, location: $0.location) }
        let a = try #require(raw.drift), b = try #require(profiled.drift)
        #expect(a.columns.count == b.columns.count)
        for (x, y) in zip(a.columns, b.columns) {
            #expect(x.method == y.method && x.value == y.value && x.drifted == y.drifted && x.statistic == y.statistic, "\(pair).\(x.column)")
        }
        #expect(profiled.checks.first?.message.contains("profile of drift/\(pair)_reference.csv") == true)
    }

    /// A sketched column (more distinct values than the limit): the KS statistic within
    /// 1/(K−1) + 1/n of the raw data's, the Wasserstein distance within (max − min)/(K−1).
    @Test func aSketchStaysWithinItsDocumentedBounds() async throws {
        var generator = SplitMix64(seed: 42)
        func normal() -> Double {
            let u = max(Double.random(in: 0..<1, using: &generator), 1e-12), v = Double.random(in: 0..<1, using: &generator)
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        }
        var reference = "x\n", current = "x\n"
        var values: [Double] = []
        for _ in 0..<30_000 {
            let value = 50 + 10 * normal()
            values.append(value)
            reference += "\(value)\n"
        }
        var currentValues: [Double] = []
        for _ in 0..<20_000 {
            let value = 51 + 11 * normal()
            currentValues.append(value)
            current += "\(value)\n"
        }
        let folder = try Fixtures.temporaryDirectory()
        try reference.write(to: folder.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8)
        try current.write(to: folder.appendingPathComponent("c.csv"), atomically: true, encoding: .utf8)
        func input(_ name: String) -> TableInput {
            TableInput(path: name, url: folder.appendingPathComponent(name), format: .csv, dialect: .csv, location: SourceLocation(file: name))
        }
        let quantiles = 257
        let profile = try await ReferenceProfile.make(input("r.csv"), valueLimit: 1000, quantileCount: quantiles)
        let column = try #require(profile.columns.first)
        #expect(column.quantiles?.count == quantiles && column.values == nil)
        let sample = try #require(profile.sample("x"))
        let sorted = values.sorted(), sortedCurrent = currentValues.sorted()
        let exactKS = KolmogorovSmirnov.test(sortedReference: sorted, sortedCurrent: sortedCurrent)
        let sketchKS = KolmogorovSmirnov.test(sortedReference: sample.numbers, sortedCurrent: sortedCurrent)
        let ksBound = 1 / Double(quantiles - 1) + 1 / Double(sorted.count)
        #expect(abs(exactKS.statistic - sketchKS.statistic) <= ksBound, "\(exactKS.statistic) vs \(sketchKS.statistic), bound \(ksBound)")
        let exactW = Wasserstein.distance(sortedReference: sorted, sortedCurrent: sortedCurrent)
        let sketchW = Wasserstein.distance(sortedReference: sample.numbers, sortedCurrent: sortedCurrent)
        let wBound = (sorted.last! - sorted.first!) / Double(quantiles - 1)
        #expect(abs(exactW - sketchW) <= wBound, "\(exactW) vs \(sketchW), bound \(wBound)")
        #expect(sample.exactStandardDeviation == Wasserstein.populationStandardDeviation(sorted))
        // Through the gate: the same verdicts, values close.
        var config = DriftGateConfig(reference: .table(input("r.csv")), current: input("c.csv"), location: SourceLocation(file: "x"))
        let raw = await GateRunner.run(GateConfig(name: "d", kind: .drift, location: config.location, body: .drift(config)))
        try profile.json().write(to: folder.appendingPathComponent("r.profile.json"))
        config.reference = .profile(path: "r.profile.json", url: folder.appendingPathComponent("r.profile.json"), location: config.location)
        let profiled = await GateRunner.run(GateConfig(name: "d", kind: .drift, location: config.location, body: .drift(config)))
        let a = try #require(raw.drift?.columns.first), b = try #require(profiled.drift?.columns.first)
        #expect(a.method == .wasserstein && b.method == .wasserstein && a.drifted == b.drifted)
        #expect(abs(a.value - b.value) <= wBound / sample.exactStandardDeviation!)
    }

    @Test(arguments: [
        ("not json", "not an mlgate reference profile"),
        (#"{"format": "something-else", "version": 1, "mlgateVersion": "0", "source": "s", "sourceSha256": "", "rows": 1, "valueLimit": 1, "quantileCount": 2, "columns": []}"#, "format 'something-else' version 1"),
        (#"{"format": "mlgate-reference-profile", "version": 1, "mlgateVersion": "0", "source": "s", "sourceSha256": "", "rows": 1, "valueLimit": 1, "quantileCount": 2, "columns": [{"name": "x", "present": 1, "missing": 0, "allNumbers": true, "allIntegers": false}]}"#, "column 'x' has neither values nor a quantile sketch"),
        // Found by the profile fuzzer: a text column with an empty sketch was expanded.
        (#"{"format": "mlgate-reference-profile", "version": 1, "mlgateVersion": "0", "source": "s", "sourceSha256": "", "rows": 3, "valueLimit": 2, "quantileCount": 3, "columns": [{"name": "c", "present": 3, "missing": 0, "allNumbers": false, "allIntegers": false, "quantiles": [], "categories": {"a": 1, "b": 2}}]}"#, "column 'c' has number values or a quantile sketch but is not numeric"),
        (#"{"format": "mlgate-reference-profile", "version": 1, "mlgateVersion": "0", "source": "s", "sourceSha256": "", "rows": 1, "valueLimit": 2, "quantileCount": 3, "columns": [{"name": "c", "present": 1, "missing": 0, "allNumbers": false, "allIntegers": false, "values": [{"value": 1, "count": 1}]}]}"#, "column 'c' has number values or a quantile sketch but is not numeric"),
    ])
    func malformedProfilesAreLocatedErrors(text: String, message: String) async throws {
        #expect {
            _ = try ReferenceProfile(data: Data(text.utf8), source: "ref.profile.json")
        } throws: { error in
            guard let error = error as? TableReadError else { return false }
            return error.location.file == "ref.profile.json" && error.message.contains(message)
        }
        // In a gate: an error, never a pass.
        let folder = try Fixtures.temporaryDirectory()
        let url = folder.appendingPathComponent("ref.profile.json")
        try Data(text.utf8).write(to: url)
        let result = await DriftGateTests.run("tiny") { $0.reference = .profile(path: "ref.profile.json", url: url, location: $0.location) }
        #expect(result.status == .error)
    }
}
