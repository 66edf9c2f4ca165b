// TEMPORARY: stands in for the types branch until it merges. Deleted at merge.
import Foundation
public enum FieldType: String, Sendable, CaseIterable { case string, number, integer, boolean, object, array, list, date, time, datetime, year, yearmonth, duration, geopoint, geojson, any }

public enum CellValue: Sendable, Hashable {
    case string(String), number(Double), integer(Int), boolean(Bool)
    case date(days: Int)
    case time(seconds: Double)
    case datetime(seconds: Double)
    case year(Int), yearMonth(year: Int, month: Int)
    case duration(months: Int, seconds: Double)
    case json(String)
    case list([CellValue])
    case geopoint(longitude: Double, latitude: Double)

    public static func compare(_ a: CellValue, _ b: CellValue) -> ComparisonResult? {
        func order<T: Comparable>(_ x: T, _ y: T) -> ComparisonResult { x < y ? .orderedAscending : x > y ? .orderedDescending : .orderedSame }
        switch (a, b) {
        case (.number(let x), .number(let y)): return order(x, y)
        case (.integer(let x), .integer(let y)): return order(x, y)
        case (.integer(let x), .number(let y)): return order(Double(x), y)
        case (.number(let x), .integer(let y)): return order(x, Double(y))
        case (.string(let x), .string(let y)): return order(x, y)
        case (.date(let x), .date(let y)): return order(x, y)
        default: return nil
        }
    }

    public var length: Int? {
        switch self {
        case .string(let s): return s.unicodeScalars.count
        case .list(let l): return l.count
        default: return nil
        }
    }
}

public struct FieldCastOptions: Sendable, Hashable {
    public var decimalChar = ".", groupChar: String? = nil, bareNumber = true
    public var trueValues = ["true", "True", "TRUE", "1"], falseValues = ["false", "False", "FALSE", "0"]
    public var listDelimiter = ",", listItemType: FieldType? = nil
    public init() {}
}

public struct FieldCastError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

public struct FieldCaster: Sendable {
    let type: FieldType
    let options: FieldCastOptions
    public init(type: FieldType, format: String?, options: FieldCastOptions) throws(FieldCastError) {
        self.type = type
        self.options = options
    }
    public func cast(_ bytes: UnsafeBufferPointer<UInt8>) -> CellValue? {
        switch type {
        case .number: return NumberParser.double(bytes).map(CellValue.number)
        case .integer: return Int(String(decoding: bytes, as: UTF8.self)).map(CellValue.integer)
        case .boolean:
            let s = String(decoding: bytes, as: UTF8.self)
            return options.trueValues.contains(s) ? .boolean(true) : options.falseValues.contains(s) ? .boolean(false) : nil
        default: return .string(String(decoding: bytes, as: UTF8.self))
        }
    }
    public func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { cast(bytes) != nil }
    public func cast(_ text: String) -> CellValue? {
        var text = text
        return text.withUTF8 { cast($0) }
    }
}

public struct TypeInferrer: Sendable {
    var allInt = true, allNumber = true, seen = false
    public init(missingValues: [String] = [""]) {}
    public mutating func observe(_ bytes: UnsafeBufferPointer<UInt8>) {
        seen = true
        if Int(String(decoding: bytes, as: UTF8.self)) == nil { allInt = false }
        if NumberParser.double(bytes) == nil { allNumber = false }
    }
    public func inferred() -> (type: FieldType, format: String?) {
        !seen ? (.any, nil) : allInt ? (.integer, nil) : allNumber ? (.number, nil) : (.string, nil)
    }
}
