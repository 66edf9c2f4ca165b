import Foundation
import Testing

@testable import MLGate

/// Dataset-level checks against pandas 3.1 / numpy 2.4 on the same CSVs
/// (Fixtures/contract/dataset/make_golden.py): missing fraction, min, max, mean, sample
/// standard deviation, sum, linear quantiles and distinct counts, to 1e-9 relative.
@Suite("Dataset checks: pandas golden")
struct DatasetChecksGoldenTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var golden: String
        var testDescription: String { file }
    }

    static let cases = [Case(file: "data.csv", golden: "golden.json"), Case(file: "edge.csv", golden: "golden_edge.json")]

    static func check(_ type: any TableCheck.Type, _ values: [String: ConfigValue], name: String) throws -> ConfiguredCheck {
        var values = values
        values["max"] = values["max"] ?? .number(.greatestFiniteMagnitude)
        let parameters = CheckParameters(values: values, location: SourceLocation(file: "test"), checkName: name)
        return ConfiguredCheck(name: name, severity: .error, location: SourceLocation(file: "test"), check: try type.init(parameters: parameters))
    }

    @Test(arguments: cases)
    func statisticsEqualPandas(_ testCase: Case) async throws {
        let folder = Fixtures.url("contract/dataset")
        let golden = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(testCase.golden))) as! [String: Any]
        let columns = golden["columns"] as! [String: [String: Any]]
        var checks: [ConfiguredCheck] = []
        var expected: [String: Double?] = [:]
        var notNumeric: Set<String> = []
        for (column, stats) in columns.sorted(by: { $0.key < $1.key }) {
            let c = ConfigValue.string(column)
            checks.append(try Self.check(MissingFractionCheck.self, ["column": c], name: "\(column) missing"))
            expected["\(column) missing"] = stats["missing_fraction"] as? Double
            checks.append(try Self.check(DistinctCountCheck.self, ["column": c], name: "\(column) distinct"))
            expected["\(column) distinct"] = (stats["distinct_count"] as? NSNumber)?.doubleValue
            if stats["not_numeric"] as? Bool == true {
                notNumeric.insert(column)
                checks.append(try Self.check(ColumnMeanCheck.self, ["column": c], name: "\(column) mean"))
                continue
            }
            for (key, type) in [("min", ColumnMinCheck.self), ("max", ColumnMaxCheck.self), ("mean", ColumnMeanCheck.self), ("std", ColumnStdCheck.self), ("sum", ColumnSumCheck.self)] as [(String, any TableCheck.Type)] {
                checks.append(try Self.check(type, ["column": c], name: "\(column) \(key)"))
                expected["\(column) \(key)"] = stats[key] as? Double
            }
            for (q, value) in (stats["quantiles"] as? [String: Any] ?? [:]) {
                checks.append(try Self.check(ColumnQuantileCheck.self, ["column": c, "quantile": .number(Double(q)!)], name: "\(column) q\(q)"))
                expected["\(column) q\(q)"] = value as? Double
            }
        }
        let input = TableInput(
            path: testCase.file, url: folder.appendingPathComponent(testCase.file), format: .csv, dialect: .csv,
            location: SourceLocation(file: testCase.file))
        let gateResult = await GateRunner.run(GateConfig(name: "data", kind: .data, location: SourceLocation(file: "mlgate.yml"), body: .data(DataGateConfig(input: input, checks: checks))))
        let (results, _) = (gateResult.checks, gateResult.contract)
        #expect(results.first?.outcome == .passed)
        for result in results.dropFirst() {
            let column = String(result.name.split(separator: " ")[0])
            if notNumeric.contains(column), result.name.hasSuffix("mean") {
                #expect(result.outcome == .failed && result.message.contains("not a number"), "\(result.name): \(result.message)")
                continue
            }
            let observed = result.measurements.first { $0.name == "observed" }?.value
            guard let want = expected[result.name] else { Issue.record("no golden for \(result.name)"); continue }
            if let want {
                guard let observed else { Issue.record("\(result.name): no value (\(result.message))"); continue }
                #expect(abs(observed - want) <= 1e-9 * max(1, abs(want)), "\(result.name): mlgate \(observed), pandas \(want)")
            } else {
                // pandas gives NaN: mlgate must not pass it.
                #expect(result.outcome != .passed, "\(result.name) is undefined in pandas but passed: \(result.message)")
            }
        }
    }
}
