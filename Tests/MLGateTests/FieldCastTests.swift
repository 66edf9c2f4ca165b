import Foundation
import Testing

@testable import MLGate

/// Cell types against frictionless-py on the committed golden cases
/// (Fixtures/contract/cast: make_golden.py wrote cast.json), values to 1e-9 relative.
@Suite("Field types read cells as frictionless does")
struct FieldCastTests {
    nonisolated(unsafe) static let golden: [String: Any] = {
        let data = try! Data(contentsOf: Fixtures.url("contract/cast/cast.json"))
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }()

    struct Case: CustomTestStringConvertible, Sendable {
        var index: Int
        var type: String
        var format: String?
        var cell: String
        var testDescription: String { "\(type)\(format.map { "/\($0)" } ?? "") \(cell.debugDescription)" }
    }

    static let cases: [Case] = (golden["cases"] as! [[String: Any]]).enumerated().map { index, entry in
        Case(index: index, type: entry["type"] as! String, format: entry["format"] as? String, cell: entry["cell"] as! String)
    }

    static func options(_ json: [String: Any]) -> FieldCastOptions {
        var options = FieldCastOptions()
        if let value = json["decimalChar"] as? String { options.decimalChar = value }
        if let value = json["groupChar"] as? String { options.groupChar = value }
        if let value = json["bareNumber"] as? Bool { options.bareNumber = value }
        if let value = json["trueValues"] as? [String] { options.trueValues = value }
        if let value = json["falseValues"] as? [String] { options.falseValues = value }
        if let value = json["delimiter"] as? String { options.listDelimiter = value }
        if let value = json["itemType"] as? String { options.listItemType = FieldType(rawValue: value) }
        return options
    }

    static func close(_ actual: Double, _ expected: Any?) -> Bool {
        if let text = expected as? String {
            switch text {
            case "NaN": return actual.isNaN
            case "Infinity": return actual == .infinity
            case "-Infinity": return actual == -.infinity
            default: return false
            }
        }
        guard let expected = (expected as? NSNumber)?.doubleValue else { return false }
        if actual == expected { return true }
        return abs(actual - expected) <= 1e-9 * max(abs(expected), 1e-300) || abs(actual - expected) <= 1e-9 && expected == 0
    }

    /// Whether the value equals frictionless's, in cast.json's encoding.
    static func matches(_ value: CellValue, _ expected: [String: Any]) -> Bool {
        switch value {
        case let .string(text): return expected["string"] as? String == text
        case let .number(number): return close(number, expected["number"])
        case let .integer(integer): return expected["integer"] as? String == String(integer)
        case let .bigInteger(text): return expected["integer"] as? String == text
        case let .boolean(flag): return (expected["boolean"] as? NSNumber)?.boolValue == flag && expected["boolean"] != nil
        case let .date(days): return (expected["date"] as? NSNumber)?.intValue == days
        case let .time(seconds): return close(seconds, expected["time"])
        case let .datetime(seconds): return close(seconds, expected["datetime"])
        case let .year(year): return (expected["year"] as? NSNumber)?.intValue == year
        case let .yearMonth(year, month): return (expected["yearmonth"] as? [Int]) == [year, month]
        case let .duration(months, seconds):
            guard let pair = expected["duration"] as? [Any], pair.count == 2 else { return false }
            return close(Double(months), pair[0]) && close(seconds, pair[1])
        case let .json(text): return expected["json"] as? String == text
        case let .list(items):
            guard let expectedItems = expected["list"] as? [[String: Any]], expectedItems.count == items.count else { return false }
            return zip(items, expectedItems).allSatisfy { matches($0, $1) }
        case let .geopoint(longitude, latitude):
            guard let pair = expected["geopoint"] as? [Any], pair.count == 2 else { return false }
            return close(longitude, pair[0]) && close(latitude, pair[1])
        }
    }

    @Test("cell reads as frictionless reads it", arguments: cases)
    func cell(_ entry: Case) throws {
        let json = (Self.golden["cases"] as! [[String: Any]])[entry.index]
        if json["skip"] is String {
            // A documented deliberate difference (README.md, "Deliberate differences").
            return
        }
        let type = try #require(FieldType(rawValue: entry.type))
        let caster = try FieldCaster(type: type, format: entry.format, options: Self.options(json["options"] as? [String: Any] ?? [:]))
        let valid = json["valid"] as! Bool
        let value = caster.cast(entry.cell)
        #expect(caster.isValid(entry.cell) == valid, "isValid: frictionless says \(valid)")
        #expect((value != nil) == valid, "cast: frictionless says \(valid), mlgate \(String(describing: value))")
        if valid, let value, let expected = json["value"] as? [String: Any] {
            #expect(Self.matches(value, expected), "value: frictionless \(expected), mlgate \(value)")
        }
    }

    @Test("the golden file covers every type")
    func coverage() {
        let types = Set(Self.cases.map(\.type))
        for type in FieldType.allCases {
            #expect(types.contains(type.rawValue), "no golden case of type \(type.rawValue)")
        }
        #expect(Self.cases.count >= 300)
    }

    @Test("unknown formats and bad patterns are refused with the valid formats")
    func refusedFormats() {
        #expect(throws: FieldCastError.self) { try FieldCaster(type: .string, format: "phone", options: FieldCastOptions()) }
        do {
            _ = try FieldCaster(type: .geopoint, format: "latlon", options: FieldCastOptions())
            Issue.record("geopoint latlon accepted")
        } catch {
            #expect(error.message.contains("default, array, object"))
        }
        #expect(throws: FieldCastError.self) { try FieldCaster(type: .date, format: "%Y-%Q", options: FieldCastOptions()) }
        #expect(throws: FieldCastError.self) { try FieldCaster(type: .date, format: "%Y-%m-%d%", options: FieldCastOptions()) }
        #expect(throws: FieldCastError.self) { try FieldCaster(type: .date, format: "%Y %Y", options: FieldCastOptions()) }
        var options = FieldCastOptions()
        options.listItemType = .object
        #expect(throws: FieldCastError.self) { try FieldCaster(type: .list, format: nil, options: options) }
        #expect((try? FieldCaster(type: .number, format: "currency", options: FieldCastOptions())) != nil)
    }

    @Test("values compare for minimum, maximum and unique")
    func comparisons() throws {
        let integer = try FieldCaster(type: .integer, format: nil, options: FieldCastOptions())
        let big1 = try #require(integer.cast("12345678901234567890"))
        let big2 = try #require(integer.cast("12345678901234567891"))
        #expect(big1 != big2)
        #expect(CellValue.compare(big1, big2) == .orderedAscending)
        #expect(CellValue.compare(.integer(5), big1) == .orderedAscending)
        #expect(CellValue.compare(try #require(integer.cast("-99999999999999999999")), .integer(Int.min)) == .orderedAscending)
        #expect(CellValue.compare(.integer(9_007_199_254_740_993), .number(9_007_199_254_740_992)) == .orderedDescending)
        #expect(CellValue.compare(.number(.nan), .number(1)) == nil)
        #expect(CellValue.compare(.duration(months: 1, seconds: 0), .duration(months: 0, seconds: 86_400)) == nil)
        #expect(CellValue.compare(.duration(months: 0, seconds: 1), .duration(months: 0, seconds: 2)) == .orderedAscending)
        let date = try FieldCaster(type: .date, format: nil, options: FieldCastOptions())
        #expect(CellValue.compare(try #require(date.cast("2020-01-01")), try #require(date.cast("2019-12-31"))) == .orderedDescending)
        #expect(CellValue.compare(.string("a"), .integer(1)) == nil)
        #expect(CellValue.string("ab😀").length == 3)
        let object = try FieldCaster(type: .object, format: nil, options: FieldCastOptions())
        #expect(object.cast(#"{"a": "x,y", "b": [1, 2], "c": {"d": 1}}"#)?.length == 3)
        #expect(object.cast("{}")?.length == 0)
        #expect(CellValue.list([.integer(1), .integer(2)]).length == 2)
        #expect(CellValue.integer(3).length == nil)
    }
}
