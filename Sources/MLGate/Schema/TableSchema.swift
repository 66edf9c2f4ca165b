/// A Frictionless Table Schema (v1 or v2): the fields a table must have, how each reads,
/// and the constraints on its values and keys.
///
/// Loaded by ``SchemaLoader`` from JSON or YAML, inferred by ``SchemaInference``, and
/// checked row by row by ``ContractValidator``.
public struct TableSchema: Sendable, Hashable {
    /// The fields, in the order the schema lists them.
    public var fields: [SchemaField]
    /// The cells that stand for "no value" in every field without its own list
    /// (`missingValues`; `[""]` by default).
    public var missingValues: [String]
    /// The fields whose values together identify a row (`primaryKey`; empty when none).
    public var primaryKey: [String]
    /// Further combinations of fields whose values must be unique together
    /// (`uniqueKeys`, Table Schema v2).
    public var uniqueKeys: [[String]]
    /// Fields whose values must appear in other fields of the same table
    /// (`foreignKeys` with a self-reference).
    public var foreignKeys: [ForeignKey]
    /// How the table's labels are matched to the fields (`fieldsMatch`, v2).
    public var fieldsMatch: FieldsMatch
    /// Where the schema came from, for messages.
    public var location: SourceLocation

    /// Creates a schema.
    public init(
        fields: [SchemaField], missingValues: [String] = [""], primaryKey: [String] = [], uniqueKeys: [[String]] = [],
        foreignKeys: [ForeignKey] = [], fieldsMatch: FieldsMatch = .exact, location: SourceLocation = SourceLocation(file: "schema")
    ) {
        self.fields = fields
        self.missingValues = missingValues
        self.primaryKey = primaryKey
        self.uniqueKeys = uniqueKeys
        self.foreignKeys = foreignKeys
        self.fieldsMatch = fieldsMatch
        self.location = location
    }

    /// The field with this name.
    public func field(named name: String) -> SchemaField? {
        fields.first { $0.name == name }
    }
}
