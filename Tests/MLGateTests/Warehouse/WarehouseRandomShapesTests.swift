import Foundation
import Testing

@testable import MLGate

/// Durations, geopoints, lists, JSON objects and base64 strings drawn at random around
/// their plain shapes' edges (``ContractPushdownPlan/PlainShape``): designators in and out
/// of order, fractions and long numbers; coordinates at and past ±180 and ±90; list items
/// with signs, spaces and empty ones, and item counts on both sides of a list's
/// `minLength` and `maxLength` (integers, and text items split by a two-character
/// delimiter, its halves and runs of it); objects with nested values, escapes and trailing
/// commas; arrays of zero to three elements around an array's `minLength` and
/// `maxLength`, their strings holding commas; base64 with and without padding, of lengths on both sides of a field's
/// `minLength` and `maxLength`, and in and out of another's `enum` and `pattern` (a binary
/// field's value is its text). One random cell a row, the others plain: the report must
/// be the file mode's, whatever the server clears.
@Suite struct WarehouseRandomShapesTests {
    static let schema = #"""
        {
          "fields": [
            {"name": "id", "type": "integer"},
            {"name": "dur", "type": "duration"},
            {"name": "geo", "type": "geopoint"},
            {"name": "ints", "type": "list", "itemType": "integer", "constraints": {"minLength": 2, "maxLength": 3}},
            {"name": "tags", "type": "list", "delimiter": "; ", "constraints": {"minLength": 1, "maxLength": 2}},
            {"name": "obj", "type": "object"},
            {"name": "arr", "type": "array", "constraints": {"minLength": 1, "maxLength": 2}},
            {"name": "blob", "type": "string", "format": "binary", "constraints": {"minLength": 5, "maxLength": 11}},
            {"name": "token", "type": "string", "format": "binary", "constraints": {"enum": ["aGVsbG8=", "d29ybGQ="], "pattern": "[a-z].*"}}
          ],
          "primaryKey": ["id"]
        }
        """#

    /// `rows` rows, each with one random cell, seeded.
    static func csv(rows: Int, seed: UInt64) -> String {
        var random = SplitMix64(seed: seed)
        func draw(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(random.next() % UInt64(range.count)) }
        func pick(_ choices: [String]) -> String { choices[draw(0...(choices.count - 1))] }
        func number(digits: Int) -> String { String((0..<digits).map { _ in Character(String(draw(0...9))) }) }
        func duration() -> String {
            var text = pick(["", "", "", "-", "+"]) + pick(["P", "P", "P", "p"])
            for designator in (draw(0...5) == 0 ? ["M", "Y", "D"] : ["Y", "M", "W", "D"]) where draw(0...2) == 0 {
                text += number(digits: draw(1...8)) + pick(["", "", "", ".5", ",25"]) + designator
            }
            if draw(0...1) == 0 {
                text += "T"
                for designator in ["H", "M", "S"] where draw(0...2) == 0 { text += number(digits: draw(1...7)) + designator }
            }
            return text + pick(["", "", "", "", " "])
        }
        func coordinate(_ limit: Int) -> String {
            let whole = draw(0...(limit + 2))
            let fraction = draw(0...2) == 0 ? "" : "." + number(digits: draw(1...14))
            return pick(["", "-", "", "+"]) + String(whole) + fraction
        }
        func item() -> String { pick(["", "-", "+", " "]) + number(digits: draw(0...20)) + pick(["", "", "", ".5", " "]) }
        func tags() -> String {
            // Items of any text, the two-character delimiter, its halves and runs of it.
            (0..<draw(0...4)).map { _ in pick(["a", "b c", "", ";", " "]) }.joined(separator: pick(["; ", "; ", ";", " ; ", "; ; "]))
        }
        func scalar() -> String {
            pick(["1", "-0.5", "01", "1e5", "true", "fals", "null", #""a b""#, #""x\"y""#, #""é""#, "[1]", #"{"b":1}"#, "NaN", #""""#])
        }
        func object() -> String {
            let members = (0..<draw(0...3)).map { _ in pick([#""k""#, #""a b""#, "k", #""[""#]) + pick([":", " : ", ":"]) + scalar() }
            return pick(["{", "{", " {"]) + members.joined(separator: pick([",", ", ", ",,"])) + pick(["}", "}", ",}", ""])
        }
        func array() -> String {
            // Element counts on both sides of the lengths; strings holding commas and
            // brackets' look-alikes, numbers with fractions, nested and broken forms.
            let elements = (0..<draw(0...3)).map { _ in pick([scalar(), #""a, b""#, "10", "0.25", #""1,2""#, "[]"]) }
            return pick(["[", "[", "[", " [", "[ "]) + elements.joined(separator: pick([",", ", ", " , ", ",,"])) + pick(["]", "]", "]", ",]", "] "])
        }
        func base64() -> String {
            let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
            return String((0..<draw(0...12)).map { _ in alphabet[draw(0...63)] }) + pick(["", "", "=", "==", "===", "-", " "])
        }
        return WarehouseContractTests.oneRandomCellARow(
            header: ["dur", "geo", "ints", "tags", "obj", "arr", "blob", "token"],
            plain: ["P1D", "13.4, 52.5", "1,2,3", "a; b", #"{"a": 1}"#, #"[1, "a, b"]"#, "aGVsbG8=", "d29ybGQ="],
            rows: rows
        ) { column in
            switch column {
            case 0: duration()
            case 1: coordinate(180) + pick([",", ", ", ",  ", " ,", ",,"]) + coordinate(90)
            case 2: (0..<draw(1...4)).map { _ in item() }.joined(separator: pick([",", ",", ";"]))
            case 3: tags()
            case 4: object()
            case 5: array()
            case 6: base64()
            default: pick(["aGVsbG8=", "d29ybGQ=", "aGVsbG8", "QUJD", "AAAA", "d29ybGQ= "] + [base64()])
            }
        }
    }

    @Test(arguments: [1, 2])
    func randomCellsGiveTheFileModesReport(seed: UInt64) async throws {
        let (fromFile, _, judged) = try await WarehouseContractTests.runBoth(
            csv: Self.csv(rows: 3000, seed: seed), schema: Self.schema, table: "contract_shapes_\(seed)")
        guard case .contract(let report)? = fromFile.gates[0].detail else { Issue.record("no contract report"); return }
        #expect(Set(report.counts.compactMap(\.field)).isSuperset(of: ["dur", "geo", "ints", "tags", "obj", "arr", "blob", "token"]), "\(report.counts)")
        // The lists' item counts and the array's element count are decided too (their
        // minLength and maxLength errors are counted).
        for field in ["ints", "tags", "arr"] {
            #expect(report.counts.contains { $0.field == field && $0.code == .constraintError }, "\(field): \(report.counts)")
        }
        // The binary fields' lengths, pattern and `enum` are decided too (their errors are counted).
        #expect(Set(report.counts.filter { $0.field == "blob" || $0.field == "token" }.map(\.code)).isSuperset(of: [.constraintError, .typeError]))
        #expect((300...2700).contains(judged), "\(judged) rows judged")
    }
}
