import Foundation

/// A cell's typed value, for constraints (minimum/maximum/enum/unique) and keys.
///
/// Each case is the value frictionless-py's field reader returns, normalised so that
/// values that Python compares equal compare equal here.
public enum CellValue: Sendable, Hashable {
    /// A `string` (any format) or `any` cell, as written.
    case string(String)
    /// A `number` cell (Python `Decimal`; NaN and infinities included).
    case number(Double)
    /// An `integer` cell that fits `Int`.
    case integer(Int)
    /// An `integer` cell beyond `Int` (Python ints are unbounded): its canonical decimal
    /// text, `-` then digits without leading zeros. Kept exact so that `unique` and
    /// `minimum`/`maximum` stay correct.
    case bigInteger(String)
    /// A `boolean` cell.
    case boolean(Bool)
    /// A `date` cell: days since 1970-01-01.
    case date(days: Int)
    /// A `time` cell: seconds since midnight, minus the UTC offset when a zone is given
    /// (so it can be negative or reach 86 400 and more, as Python compares aware times).
    case time(seconds: Double)
    /// A `datetime` cell: seconds since the epoch, UTC-normalised (naive = UTC).
    case datetime(seconds: Double)
    /// A `year` cell.
    case year(Int)
    /// A `yearmonth` cell.
    case yearMonth(year: Int, month: Int)
    /// A `duration` cell: whole months (years × 12 + months) and seconds.
    case duration(months: Int, seconds: Double)
    /// An `object`, `array` or `geojson` cell: canonical JSON text (keys sorted by code
    /// point, no spaces, numbers as Python writes them, non-ASCII kept).
    case json(String)
    /// A `list` cell: its items.
    indirect case list([CellValue])
    /// A `geopoint` cell.
    case geopoint(longitude: Double, latitude: Double)

    /// Ordering for minimum/maximum; nil when the two are not comparable (different
    /// kinds, NaN, durations with months against durations with seconds, JSON, lists,
    /// geopoints).
    public static func compare(_ a: CellValue, _ b: CellValue) -> ComparisonResult? {
        switch (a, b) {
        case let (.string(x), .string(y)):
            return order(x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars) ? -1 : (x.unicodeScalars.elementsEqual(y.unicodeScalars) ? 0 : 1))
        case let (.integer(x), .integer(y)): return order(x < y ? -1 : (x == y ? 0 : 1))
        case (.integer, .bigInteger), (.bigInteger, .integer), (.bigInteger, .bigInteger):
            return order(BigIntegerText.compare(a.integerText!, b.integerText!))
        case (.number, .number), (.number, .integer), (.integer, .number), (.number, .bigInteger), (.bigInteger, .number):
            guard let x = a.approximateDouble, let y = b.approximateDouble, !x.isNaN, !y.isNaN else { return nil }
            if case let .integer(i) = a, case let .number(d) = b { return compareExact(i, d).map { order($0) } }
            if case let .number(d) = a, case let .integer(i) = b { return compareExact(i, d).map { order(-$0) } }
            return order(x < y ? -1 : (x == y ? 0 : 1))
        case let (.boolean(x), .boolean(y)): return order(x == y ? 0 : (x ? 1 : -1))
        case let (.date(x), .date(y)): return order(x < y ? -1 : (x == y ? 0 : 1))
        case let (.time(x), .time(y)), let (.datetime(x), .datetime(y)):
            return order(x < y ? -1 : (x == y ? 0 : 1))
        case let (.year(x), .year(y)): return order(x < y ? -1 : (x == y ? 0 : 1))
        case let (.yearMonth(y1, m1), .yearMonth(y2, m2)):
            return order(y1 != y2 ? (y1 < y2 ? -1 : 1) : (m1 < m2 ? -1 : (m1 == m2 ? 0 : 1)))
        case let (.duration(m1, s1), .duration(m2, s2)):
            if m1 == m2 && s1 == s2 { return .orderedSame }
            if m1 == m2 { return order(s1 < s2 ? -1 : 1) }
            if s1 == 0 && s2 == 0 { return order(m1 < m2 ? -1 : 1) }
            return nil
        default:
            return nil
        }
    }

    /// Length for minLength/maxLength: Unicode scalars (characters as Python counts)
    /// of a string; element count of an array/object/list; nil otherwise.
    public var length: Int? {
        switch self {
        case let .string(text): return text.unicodeScalars.count
        case let .json(text): return JSONValue.topLevelCount(canonical: text)
        case let .list(items): return items.count
        default: return nil
        }
    }

    private static func order(_ sign: Int) -> ComparisonResult {
        sign < 0 ? .orderedAscending : (sign == 0 ? .orderedSame : .orderedDescending)
    }

    /// Sign of `i - d`, exact (an `Int` beyond 2^53 is not rounded).
    private static func compareExact(_ i: Int, _ d: Double) -> Int? {
        if d.isNaN { return nil }
        if d >= 9.223372036854775808e18 { return -1 }
        if d < -9.223372036854775808e18 { return 1 }
        let whole = d.rounded(.down)
        let wi = Int(whole)
        if i != wi { return i < wi ? -1 : 1 }
        return d == whole ? 0 : -1
    }

    private var integerText: String? {
        switch self {
        case let .integer(i): return String(i)
        case let .bigInteger(text): return text
        default: return nil
        }
    }

    private var approximateDouble: Double? {
        switch self {
        case let .integer(i): return Double(i)
        case let .number(d): return d
        case let .bigInteger(text): return Double(text)
        default: return nil
        }
    }
}

/// Exact comparison of canonical decimal integer texts.
enum BigIntegerText {
    /// Sign of `a - b` for canonical texts (`-` then digits, no leading zeros).
    static func compare(_ a: String, _ b: String) -> Int {
        let an = a.hasPrefix("-"), bn = b.hasPrefix("-")
        if an != bn { return an ? -1 : 1 }
        let da = an ? Array(a.utf8.dropFirst()) : Array(a.utf8)
        let db = bn ? Array(b.utf8.dropFirst()) : Array(b.utf8)
        var magnitude = 0
        if da.count != db.count {
            magnitude = da.count < db.count ? -1 : 1
        } else if da != db {
            magnitude = da.lexicographicallyPrecedes(db) ? -1 : 1
        }
        return an ? -magnitude : magnitude
    }
}

extension CellValue {
    /// The integer, if this is one.
    var integerValue: Int? { if case .integer(let value) = self { value } else { nil } }
}
