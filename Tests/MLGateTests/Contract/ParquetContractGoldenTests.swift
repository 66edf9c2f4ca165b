import Foundation
import Testing

@testable import MLGate

/// The data contract on Parquet files against `frictionless validate` with its parquet
/// extra (frictionless-py 5.21.0 reading through pyarrow 26 and pandas), on every case
/// under Fixtures/contract/parquet (made by its make_golden.py): the same error codes,
/// rows, field numbers and field names, in the same order.
///
/// Where mlgate differs on purpose, the case is listed in ``deviations`` with the reason
/// (docs/parquet.md says the same), and the test checks that the difference is still there.
@Suite("Contract: frictionless golden on Parquet")
struct ParquetContractGoldenTests {
    static let root = Fixtures.url("contract/parquet")

    /// Cases where mlgate deliberately answers differently, and why.
    static let deviations: [String: String] = [
        "nullable-integers":
            "pandas reads an integer column with nulls as floats with NaN, which frictionless calls type errors; mlgate reads a null as a missing cell, as frictionless does for the CSV pandas writes from the same data",
        "required-nulls":
            "frictionless reports a null of an integer column as 'required' once and as a NaN type error after that (pandas' floats); mlgate reports every null of a required field as 'required'",
    ]

    /// What mlgate answers instead in those cases.
    static let mlgateAnswers: [String: [ContractGoldenTests.Row]] = [
        "nullable-integers": [.init(code: "blank-row", row: 3)],
        "required-nulls": [
            .init(code: "constraint-error", row: 3, field: 1, name: "id"),
            .init(code: "constraint-error", row: 4, field: 2, name: "name"),
            .init(code: "constraint-error", row: 5, field: 1, name: "id"),
        ],
    ]

    static let cases: [ContractGoldenTests.Case] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter { name in
            FileManager.default.fileExists(atPath: root.appendingPathComponent(name).appendingPathComponent("data.parquet").path)
        }.sorted().map(ContractGoldenTests.Case.init)
    }()

    @Test func everyCaseIsThere() {
        #expect(Self.cases.count >= 16)
        #expect(Set(Self.deviations.keys) == Set(Self.mlgateAnswers.keys))
        for name in Self.deviations.keys {
            #expect(Self.cases.contains { $0.name == name }, "deviation listed for a case that does not exist: \(name)")
        }
    }

    @Test(arguments: cases)
    func sameErrorsAsFrictionless(_ testCase: ContractGoldenTests.Case) async throws {
        let folder = Self.root.appendingPathComponent(testCase.name)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        let expected = try JSONSerialization.jsonObject(
            with: Data(contentsOf: folder.appendingPathComponent("expected.json"))) as! [String: Any]
        let want = (expected["errors"] as! [[String: Any]]).map { error in
            ContractGoldenTests.Row(
                code: error["type"] as! String, row: error["rowNumber"] as? Int, field: error["fieldNumber"] as? Int,
                name: (error["fieldName"] as? String).flatMap { $0.isEmpty ? nil : $0 })
        }
        let got = try await ContractGoldenTests.validate(folder: folder, files: files)
        if let reason = Self.deviations[testCase.name] {
            #expect(got != want, "listed as a deviation (\(reason)) but now matches frictionless: remove it from the list")
            #expect(got == Self.mlgateAnswers[testCase.name], "mlgate's own answer changed: \(got)")
        } else {
            #expect(got == want, "frictionless: \(want)\nmlgate:      \(got)")
        }
    }
}
