/// A Table Schema field type.
///
/// The raw value is the name the Table Schema standard (and frictionless-py) gives the
/// type in a field's `type` property.
public enum FieldType: String, Sendable, CaseIterable {
    case string, number, integer, boolean, object, array, list, date, time, datetime, year, yearmonth, duration, geopoint, geojson, any

    /// The formats a field of this type accepts besides `default`; `nil` when any
    /// `strptime` pattern is a format too (date, time, datetime).
    ///
    /// frictionless-py: each field's `metadata_profile_patch` (frictionless/fields/*.py).
    public var namedFormats: [String]? {
        switch self {
        case .string: return ["default", "email", "uri", "binary", "uuid", "wkt"]
        case .geopoint: return ["default", "array", "object"]
        case .geojson: return ["default", "topojson"]
        case .date, .time, .datetime: return nil
        default: return ["default"]
        }
    }

    /// The item types a `list` field accepts (frictionless/fields/list.py `ITEM_TYPES`).
    public static let listItemTypes: [FieldType] = [.string, .integer, .boolean, .number, .datetime, .date, .time]
}
