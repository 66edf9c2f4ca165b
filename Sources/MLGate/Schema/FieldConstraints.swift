/// The constraints of one field, as the schema writes them. Bounds and `enum` values
/// are kept as text and read with the field's own type when validation starts, so that
/// `minimum: "2020-01-01"` on a date is a date.
public struct FieldConstraints: Sendable, Hashable {
    /// Every row needs a value (not a missing value).
    public var required = false
    /// No two rows share a value.
    public var unique = false
    /// Inclusive lower bound.
    public var minimum: String?
    /// Inclusive upper bound.
    public var maximum: String?
    /// Exclusive lower bound.
    public var exclusiveMinimum: String?
    /// Exclusive upper bound.
    public var exclusiveMaximum: String?
    /// Fewest characters (strings) or items (arrays, objects, lists).
    public var minLength: Int?
    /// Most characters or items.
    public var maxLength: Int?
    /// An XML Schema regular expression the whole cell must match.
    public var pattern: String?
    /// The values allowed.
    public var enumeration: [String]?
    /// Where each constraint is written, for errors about it.
    public var locations: [String: SourceLocation] = [:]

    /// No constraints.
    public init() {}

    /// The constraint names Table Schema defines, in the order checks report them.
    public static let names = [
        "required", "unique", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
        "pattern", "enum",
    ]

    /// Whether any constraint is set.
    public var isEmpty: Bool {
        !required && !unique && minimum == nil && maximum == nil && exclusiveMinimum == nil && exclusiveMaximum == nil
            && minLength == nil && maxLength == nil && pattern == nil && enumeration == nil
    }
}
