/// How a table's header labels are matched to a schema's fields (Table Schema v2
/// `fieldsMatch`).
public enum FieldsMatch: String, Sendable, Hashable, CaseIterable {
    /// Labels and fields correspond one to one, in order (the default).
    case exact
    /// The same names, in any order.
    case equal
    /// Every field has a label; the table may have more columns.
    case subset
    /// Every label is a field; the schema may have more fields.
    case superset
    /// At least one label is a field.
    case partial
}
