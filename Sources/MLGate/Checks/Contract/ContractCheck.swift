/// The checks a data contract adds to a data gate, as ``ContractResults`` names them:
/// one result per header, row shape, field type, field constraint and key.
public enum ContractCheck: String, Sendable, CaseIterable {
    case header = "schema.header"
    case rows = "schema.rows"
    case type = "schema.type"
    case constraint = "schema.constraint"
    case unique = "schema.unique"
    case primaryKey = "schema.primaryKey"
    case uniqueKeys = "schema.uniqueKeys"
    case foreignKeys = "schema.foreignKeys"

    /// What the check's result says.
    var summary: String {
        switch self {
        case .header: "`schema: header`: the header's labels match the schema's fields (blank, duplicate, missing, extra or wrong labels fail)."
        case .rows: "`schema: rows`: every row is read whole, with one cell per field, and none is blank."
        case .type: "`FIELD: type`: every value of the field is of its type and format."
        case .constraint: "`FIELD: CONSTRAINT`: every value meets the constraint (`required`, `minimum`, `pattern`, `enum`, …)."
        case .unique: "`FIELD: unique`: no value of a field with the `unique` constraint repeats."
        case .primaryKey: "`primaryKey: …`: the primary key's values are present and unique."
        case .uniqueKeys: "`uniqueKeys: …`: each unique key's values are unique."
        case .foreignKeys: "`foreignKeys: … → …`: each row's foreign key, unless missing, is a value of the referenced fields in some row of the table."
        }
    }

    /// A schema, the result's name, a table it passes and one it fails (with why).
    private var example: (schema: String, result: String, passing: String, failing: String, reason: String) {
        let id = #"{"name": "id", "type": "integer"}"#
        switch self {
        case .header:
            return (#"{"fields": [\#(id)]}"#, "schema: header", "id\n1\n", "key\n1\n", "the header does not match the schema")
        case .rows:
            return (#"{"fields": [\#(id), {"name": "b"}]}"#, "schema: rows", "id,b\n1,x\n", "id,b\n1,x,y\n", "extra-cell")
        case .type:
            return (#"{"fields": [\#(id)]}"#, "id: type", "id\n1\n", "id\nx\n", "type-error")
        case .constraint:
            return (
                #"{"fields": [{"name": "age", "type": "integer", "constraints": {"minimum": 0}}]}"#, "age: minimum",
                "age\n0\n", "age\n-1\n", "constraint-error")
        case .unique:
            return (
                #"{"fields": [{"name": "id", "type": "integer", "constraints": {"unique": true}}]}"#, "id: unique",
                "id\n1\n2\n", "id\n1\n1\n", "unique-error")
        case .primaryKey:
            return (#"{"fields": [\#(id)], "primaryKey": ["id"]}"#, "primaryKey: id", "id\n1\n2\n", "id\n1\n1\n", "primary-key")
        case .uniqueKeys:
            return (
                #"{"fields": [\#(id), {"name": "b"}], "uniqueKeys": [["id", "b"]]}"#, "uniqueKeys: id, b",
                "id,b\n1,x\n1,y\n", "id,b\n1,x\n1,x\n", "unique-error")
        case .foreignKeys:
            return (
                #"{"fields": [\#(id), {"name": "parent", "type": "integer"}], "foreignKeys": [{"fields": "parent", "reference": {"resource": "", "fields": "id"}}]}"#,
                "foreignKeys: parent → id", "id,parent\n1,\n2,1\n3,4\n4,1\n", "id,parent\n1,\n2,5\n", "foreign-key")
        }
    }

    /// The check's declaration.
    public var declaration: CheckDeclaration {
        let (schema, result, passing, failing, reason) = example
        func run(_ csv: String, _ outcome: CheckOutcome, _ reason: String?) -> CheckExample {
            CheckExample(
                .data, gate: "input: data.csv\nschema: schema.json", files: ["data.csv": csv, "schema.json": schema],
                result: result, outcome: outcome, reason: reason)
        }
        return CheckDeclaration(
            rawValue, gates: [.data], summary: summary, parameters: ContractConfig.keys,
            examples: [run(passing, .passed, nil), run(failing, .failed, reason)])
    }
}
