/// `geopoint` cells (frictionless/fields/geopoint.py): longitude and latitude read as
/// `Decimal`, then -180 ≤ lon ≤ 180 and -90 ≤ lat ≤ 90 (NaN fails: Decimal NaN does not
/// compare).
enum GeopointCast {
    enum Format: Sendable { case `default`, array, object }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, format: Format) -> (longitude: Double, latitude: Double)? {
        let pair: (Double, Double)?
        switch format {
        case .default:
            // lon, lat = cell.split(","), each stripped, then Decimal(…)
            var comma = -1
            for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: ",") {
                if comma >= 0 { return nil }
                comma = index
            }
            guard comma >= 0,
                  let lon = NumberCast.decimal(UnsafeBufferPointer(rebasing: bytes[0..<comma])),
                  let lat = NumberCast.decimal(UnsafeBufferPointer(rebasing: bytes[(comma + 1)...])) else { return nil }
            pair = (lon, lat)
        case .array:
            // lon, lat = json.loads(cell): any iterable of two (a list, a two-character
            // string, an object with two keys).
            guard let value = JSONValue.parse(bytes) else { return nil }
            switch value {
            case let .array(items) where items.count == 2:
                guard let lon = decimal(items[0]), let lat = decimal(items[1]) else { return nil }
                pair = (lon, lat)
            case let .string(text) where text.unicodeScalars.count == 2:
                let scalars = Array(text.unicodeScalars)
                guard let lon = decimal(.string(String(scalars[0]))), let lat = decimal(.string(String(scalars[1]))) else { return nil }
                pair = (lon, lat)
            case let .object(members) where members.count == 2:
                guard let lon = decimal(.string(members[0].key)), let lat = decimal(.string(members[1].key)) else { return nil }
                pair = (lon, lat)
            default:
                return nil
            }
        case .object:
            guard let value = JSONValue.parse(bytes), case let .object(members) = value, members.count == 2,
                  let lonValue = members.first(where: { $0.key == "lon" })?.value,
                  let latValue = members.first(where: { $0.key == "lat" })?.value,
                  let lon = decimal(lonValue), let lat = decimal(latValue) else { return nil }
            pair = (lon, lat)
        }
        guard let (lon, lat) = pair, !lon.isNaN, !lat.isNaN, lon >= -180, lon <= 180, lat >= -90, lat <= 90 else { return nil }
        return (lon, lat)
    }

    /// `Decimal(item)` of a JSON value: numbers, booleans (1/0) and numeric strings.
    private static func decimal(_ value: JSONValue) -> Double? {
        switch value {
        case let .integer(text): return Double(text)
        case let .float(number): return number
        case let .bool(flag): return flag ? 1 : 0
        case let .string(text):
            var text = text
            return text.withUTF8 { NumberCast.decimal($0) }
        default: return nil
        }
    }
}
