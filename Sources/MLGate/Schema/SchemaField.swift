/// One field of a ``TableSchema``: its name, type and format, the options that change
/// how its cells read, and its constraints.
public struct SchemaField: Sendable, Hashable {
    /// The name, matched against the table's header label.
    public var name: String
    /// The type (`string` unless the schema says otherwise).
    public var type: FieldType
    /// The format (`default` when `nil`), such as `email` or `%d/%m/%Y`.
    public var format: String?
    /// `decimalChar`, `groupChar`, `bareNumber`, `trueValues`, `falseValues`,
    /// `delimiter` and `itemType`.
    public var options: FieldCastOptions
    /// The field's own `missingValues` (v2), replacing the schema's when present.
    public var missingValues: [String]?
    /// The constraints.
    public var constraints: FieldConstraints
    /// Allowed values (`categories`, v2), as written.
    public var categories: [String]?
    /// Where the field is declared in the schema file.
    public var location: SourceLocation

    /// Creates a field.
    public init(
        name: String, type: FieldType = .string, format: String? = nil, options: FieldCastOptions = FieldCastOptions(),
        missingValues: [String]? = nil, constraints: FieldConstraints = FieldConstraints(), categories: [String]? = nil,
        location: SourceLocation = SourceLocation(file: "schema")
    ) {
        self.name = name
        self.type = type
        self.format = format
        self.options = options
        self.missingValues = missingValues
        self.constraints = constraints
        self.categories = categories
        self.location = location
    }

    /// The type and format as Frictionless writes them in messages: `integer/default`.
    public var typeDescription: String {
        "\(type.rawValue)/\(format ?? "default")"
    }
}
