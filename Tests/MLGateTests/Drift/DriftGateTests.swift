import Foundation
import Testing
@testable import MLGate

/// The drift gate against Evidently 0.7.23's own Report (DataDriftPreset) on the committed
/// fixtures: the method `auto` picks, the column type, the score and the verdict per
/// column, and the dataset verdict (Fixtures/drift/golden.json, make_golden.py).
@Suite("Drift gate")
struct DriftGateTests {
    static let pairs = ["tiny", "small", "large"]

    static func golden() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.url("drift/golden.json"))) as! [String: Any]
    }

    static func input(_ name: String) -> TableInput {
        TableInput(
            path: "drift/\(name)", url: Fixtures.url("drift/\(name)"), format: .csv, dialect: .csv,
            location: SourceLocation(file: "drift/\(name)"))
    }

    static func run(_ pair: String, _ configure: (inout DriftGateConfig) -> Void = { _ in }) async -> GateResult {
        var config = DriftGateConfig(
            reference: .table(input("\(pair)_reference.csv")), current: input("\(pair)_current.csv"),
            location: SourceLocation(file: "mlgate.yml", line: 3))
        configure(&config)
        return await GateRunner.run(GateConfig(name: "drift", kind: .drift, location: config.location, body: .drift(config)))
    }

    @Test(arguments: pairs)
    func autoAgreesWithEvidentlysReport(pair: String) async throws {
        let expected = try #require((try Self.golden()["pairs"] as? [String: Any])?[pair] as? [String: Any])
        let columns = try #require(expected["columns"] as? [String: Any])
        let result = await Self.run(pair)
        let report = try #require(result.drift)
        #expect(Set(report.columns.map(\.column)) == Set(columns.keys))
        let methods = ["ks": DriftMethod.ks, "chisquare": .chisquare, "z": .ztest, "wasserstein": .wasserstein, "jensenshannon": .jensenshannon]
        for column in report.columns {
            let evidently = try #require((columns[column.column] as? [String: Any])?["evidently"] as? [String: Any])
            let score = try #require(evidently["score"] as? Double)
            #expect(column.method == methods[evidently["stattest"] as! String], "\(pair).\(column.column): \(column.method)")
            #expect(column.kind == (evidently["column_type"] as? String == "num" ? .numeric : .categorical) || column.method != .ks,
                "\(pair).\(column.column)")
            #expect(abs(column.value - score) <= 1e-9 * max(1, abs(score)), "\(pair).\(column.column): \(column.value) vs \(score)")
            #expect(column.drifted == evidently["drifted"] as? Bool, "\(pair).\(column.column)")
            #expect(column.threshold == evidently["threshold"] as? Double)
        }
        let dataset = try #require(expected["evidently_dataset"] as? [String: Any])
        #expect(report.drifted == dataset["dataset_drift"] as? Bool)
        #expect(abs(report.share - (dataset["share_drifted"] as! Double)) < 1e-12)
        let verdict = try #require(result.checks.last)
        #expect(verdict.name == "dataset_drift")
        #expect(verdict.outcome == (report.drifted ? .failed : .passed))
        // One test case per column, between the input and the dataset check.
        #expect(result.checks.map(\.name) == ["input"] + report.columns.map(\.column) + ["dataset_drift"])
    }

    @Test func explicitMethodsAndThresholds() async throws {
        let result = await Self.run("large") {
            $0.columns = [
                DriftColumnConfig(name: "income", method: .ks), DriftColumnConfig(name: "region", method: .linf, threshold: 0.02),
                DriftColumnConfig(name: "age", method: .psi, threshold: 0.2),
            ]
            $0.columnSeverity = .error
        }
        let golden = try #require((try Self.golden()["pairs"] as? [String: Any])?["large"] as? [String: Any])
        let columns = golden["columns"] as! [String: [String: Any]]
        let report = try #require(result.drift)
        let income = report.columns[0], region = report.columns[1], age = report.columns[2]
        let ks = (columns["income"]!["numeric"] as! [String: Any])["ks"] as! [String: Any]
        let auto = ks["auto"] as! [String: Any]
        #expect(abs(income.value - (auto["pvalue"] as! Double)) <= 1e-9, "\(income.value) vs \(auto)")
        #expect(income.method == .ks && income.autoReason == nil)
        let linf = (columns["region"]!["categorical"] as! [String: Any])["linf"] as! [String: Any]
        #expect(abs(region.value - (linf["value"] as! Double)) <= 1e-12)
        #expect(region.drifted == ((linf["value"] as! Double) > 0.02))
        let psi = (columns["age"]!["numeric"] as! [String: Any])["psi_quantile_10"] as! Double
        #expect(abs(age.value - psi) <= 1e-9 * max(1, psi), "\(age.value) vs \(psi)")
        #expect(result.checks.first { $0.name == "income" }?.outcome == (income.drifted ? .failed : .passed))
    }

    @Test func problemsAreLocatedAndNeverPass() async throws {
        let result = await Self.run("small") {
            $0.columns = [DriftColumnConfig(name: "incme", location: SourceLocation(file: "mlgate.yml", line: 9, column: 11)),
                          DriftColumnConfig(name: "region", method: .ks)]
        }
        let missing = try #require(result.checks.first { $0.name == "incme" })
        #expect(missing.outcome == .error)
        #expect(missing.message.contains("has no column 'incme'; did you mean 'income'?"), "\(missing.message)")
        #expect(missing.location?.line == 9)
        let region = try #require(result.checks.first { $0.name == "region" })
        #expect(region.outcome == .error && region.message.contains("ks compares numbers, but 'region' is categorical"))
        #expect(result.status == .error)

        var absent = Self.input("small_reference.csv")
        absent.url = Fixtures.url("drift/nope.csv")
        absent.path = "drift/nope.csv"
        let unreadable = await GateRunner.run(GateConfig(
            name: "drift", kind: .drift, location: SourceLocation(file: "x"),
            body: .drift(DriftGateConfig(reference: .table(absent), current: Self.input("small_current.csv"), location: SourceLocation(file: "x")))))
        #expect(unreadable.status == .error)
        #expect(unreadable.checks.first?.message.contains("drift/nope.csv") == true || unreadable.checks.first?.location?.file == "drift/nope.csv")
    }

    @Test func textColumnsAreSkippedAndForcedTypesHonoured() throws {
        var ids = DriftColumnSample()
        for i in 0..<100 { ids.observe(string: "id\(i)") }
        #expect(DriftColumnKind.infer(ids, forcedCategorical: false, forcedNumeric: false) == .text)
        #expect(DriftColumnKind.infer(ids, forcedCategorical: true, forcedNumeric: false) == .categorical)
        var small = DriftColumnSample()
        for value in ["1", "2", "3", "1", "NA"] { small.observe(string: value) }
        #expect(small.missing == 1 && small.present == 4)
        #expect(DriftColumnKind.infer(small, forcedCategorical: false, forcedNumeric: false) == .numeric, "a missing cell makes pandas read floats")
        var integers = DriftColumnSample()
        for value in ["1", "2", "3", "1"] { integers.observe(string: value) }
        #expect(DriftColumnKind.infer(integers, forcedCategorical: false, forcedNumeric: false) == .categorical)
        #expect(DriftColumnKind.infer(integers, forcedCategorical: false, forcedNumeric: true) == .numeric)
    }

    /// Histogram labels: bin edges with four significant digits in plain notation; values
    /// (categories, distinct values) exact, so that two never share a label.
    @Test(arguments: [
        (16151.27, "16151"), (22.357_14, "22.36"), (48.5, "48.5"), (18, "18"), (0.012_34, "0.01234"), (-2.5, "-2.5"),
        (-0.000_4, "-0.0004"), (1e-6, "1e-06"), (2e16, "2e+16"), (0, "0"),
    ])
    func binEdgeLabels(_ value: Double, _ label: String) {
        #expect(DriftColumnTest.edge(value) == label)
    }

    @Test func valueLabelsAreExact() {
        #expect(DriftColumnTest.format(1234.5) != DriftColumnTest.format(1234.6))
        #expect(DriftColumnTest.format(1234.5) == "1234.5")
        #expect(DriftColumnTest.format(60) == "60")
    }
}

extension DriftColumnSample {
    mutating func observe(string: String) {
        var bytes = Array(string.utf8)
        bytes.withUnsafeMutableBufferPointer { observe(UnsafeBufferPointer($0)) }
    }
}

@Suite("Sorting a column")
struct SortedSampleTests {
    @Test(arguments: [0, 5, 300, 70_000])
    func radixSortEqualsTheStandardSort(count: Int) {
        var generator = SplitMix64(seed: UInt64(count))
        var values = (0..<count).map { _ in Double.random(in: -1e6...1e6, using: &generator) }
        if count > 10 {
            values[0] = -0.0
            values[1] = 0
            values[2] = -Double.greatestFiniteMagnitude
            values[3] = .leastNonzeroMagnitude
            values[4] = 42
            values[5] = 42
        }
        let sorted = SortedSample.ascending(values)
        #expect(sorted == values.sorted())
        let ages = (0..<count).map { _ in Double(Int.random(in: 18...79, using: &generator)) }
        #expect(SortedSample.ascending(ages) == ages.sorted())
    }

    /// The distinct values of two sorted sides together, shared ones, runs and either
    /// side empty included, as a set of their union counts them.
    @Test(arguments: [(0, 0), (0, 7), (7, 0), (1, 1), (500, 300), (20_000, 20_000)])
    func distinctCountOfTwoSides(counts: (Int, Int)) {
        var generator = SplitMix64(seed: UInt64(counts.0 * 31 + counts.1))
        let span = max(1, (counts.0 + counts.1) / 3)
        let a = (0..<counts.0).map { _ in Double(Int.random(in: 0...span, using: &generator)) / 4 }.sorted()
        let b = (0..<counts.1).map { _ in Double(Int.random(in: 0...span, using: &generator)) / 4 }.sorted()
        #expect(DriftColumnTest.distinctCount(a, b) == Set(a + b).count)
        #expect(DriftColumnTest.distinctCount(b, a) == Set(a + b).count)
    }
}
