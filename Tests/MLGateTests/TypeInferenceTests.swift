import Foundation
import Testing

@testable import MLGate

/// Type inference against frictionless-py's `Detector.detect_schema` on the committed
/// golden columns (Fixtures/contract/cast/cast.json, "inference").
@Suite("Type inference equals frictionless")
struct TypeInferenceTests {
    struct Column: CustomTestStringConvertible, Sendable {
        var cells: [String]
        var missingValues: [String]
        var type: String
        var format: String?
        var testDescription: String {
            let shown = cells.prefix(6).map(\.debugDescription).joined(separator: ", ")
            return "[\(shown)\(cells.count > 6 ? ", … (\(cells.count))" : "")] → \(type)"
        }
    }

    static let columns: [Column] = (FieldCastTests.golden["inference"] as! [[String: Any]]).map { entry in
        Column(
            cells: entry["cells"] as! [String], missingValues: entry["missingValues"] as! [String],
            type: entry["type"] as! String, format: entry["format"] as? String)
    }

    @Test("column infers as frictionless infers it", arguments: columns)
    func column(_ column: Column) {
        var inferrer = TypeInferrer(missingValues: column.missingValues)
        for cell in column.cells { inferrer.observe(cell) }
        let inferred = inferrer.inferred()
        #expect(inferred.type.rawValue == column.type)
        #expect(inferred.format == column.format)
    }

    @Test("candidates are frictionless's, in order")
    func candidateOrder() {
        #expect(TypeInferrer.candidates.map(\.rawValue) == [
            "yearmonth", "geopoint", "duration", "geojson", "object", "array", "datetime", "time", "date",
            "integer", "number", "boolean", "year", "string",
        ])
    }
}
