import Foundation

/// Makes a `JSONSerialization` object tree writable whatever numbers it holds: JSON has
/// no infinity or NaN, and `JSONSerialization` throws on them. They are written as the
/// strings every other mlgate JSON output uses for them (`"+Inf"`, `"-Inf"`, `"NaN"`).
enum JSONObjectNumbers {
    /// `object` with every non-finite `Double` replaced by its string.
    static func conforming(_ object: Any) -> Any {
        switch object {
        case let number as Double where !number.isFinite:
            return number.isNaN ? "NaN" : (number > 0 ? "+Inf" : "-Inf")
        case let dictionary as [String: Any]:
            return dictionary.mapValues(conforming)
        case let array as [Any]:
            return array.map(conforming)
        default:
            return object
        }
    }

    /// The pretty-printed JSON of `object` (keys sorted), ending with a line break.
    static func data(_ object: [String: Any]) -> Data {
        // Every value is a string, number, bool, null, array or object, and no number is
        // non-finite after `conforming`: serialisation cannot fail.
        let data = (try? JSONSerialization.data(
            withJSONObject: conforming(object), options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return data + Data("\n".utf8)
    }
}
