/// A Table Schema foreign key: the values of `fields` in each row must appear among the
/// values of `referenceFields` in the referenced table.
///
/// mlgate validates one table at a time, so the reference is the table itself
/// (`"reference": {"resource": "", "fields": …}`, a self-reference such as a parent id):
/// ``SchemaLoader`` refuses a reference to another resource, which needs a data package.
public struct ForeignKey: Sendable, Hashable {
    /// The fields of this table whose values must be found (`fields`).
    public var fields: [String]
    /// The referenced fields (`reference.fields`), as many as `fields`.
    public var referenceFields: [String]

    /// Creates a self-referencing foreign key.
    public init(fields: [String], referenceFields: [String]) {
        self.fields = fields
        self.referenceFields = referenceFields
    }

    /// `parent_id → id`, as reports name the key.
    public var label: String {
        "\(fields.joined(separator: ", ")) → \(referenceFields.joined(separator: ", "))"
    }
}
