/// How a table's header lines up with a schema, as Frictionless matches them: which
/// schema field reads each column, and the header problems under `fieldsMatch`.
///
/// `exact` pairs labels and fields by position, the other modes by name. A label
/// without a field is read as an `any` field (one `extra-label`, no error per row); a
/// field without a label is dropped (one `missing-label`). Rows are then checked
/// against the header's width.
struct HeaderMatch: Sendable {
    /// For each column, the schema field (index) that reads it; `nil`: none (`any`).
    var columnFields: [Int?]
    /// Problems with the labels, in the order Frictionless reports them.
    var issues: [ContractIssue]
    /// The header's width: cells beyond it are `extra-cell`.
    var width: Int { columnFields.count }

    /// Matches `labels` to `schema`. A table without a header row (`headerless`) has no
    /// labels to check: its columns are the schema's fields by position.
    init(labels: [String], schema: TableSchema, headerless: Bool = false) {
        if headerless {
            columnFields = labels.indices.map { $0 < schema.fields.count ? $0 : nil }
            issues = []
            return
        }
        let fields = schema.fields
        let names = fields.map(\.name)
        let mode = schema.fieldsMatch
        var issues: [ContractIssue] = []
        func issue(_ code: ContractErrorCode, _ number: Int?, _ name: String?, _ message: String) {
            issues.append(ContractIssue(code: code, line: 1, fieldNumber: number, fieldName: name, message: message))
        }
        var columnFields: [Int?]
        if mode == .exact {
            columnFields = labels.indices.map { $0 < fields.count ? $0 : nil }
        } else {
            columnFields = labels.map { label in names.firstIndex(of: label) }
        }
        let matched = Set(columnFields.compactMap { $0 })
        // 1. Labels without a field.
        if mode != .subset, mode != .partial {
            for (index, label) in labels.enumerated() where columnFields[index] == nil {
                issue(
                    .extraLabel, index + 1, "",
                    mode == .exact
                        ? "label '\(label)' in column \(index + 1) has no field: the schema has \(fields.count)"
                        : "label '\(label)' in column \(index + 1) is not a field of the schema (fieldsMatch \(mode.rawValue))")
            }
        }
        // 2. Nothing matched under partial.
        if mode == .partial, matched.isEmpty {
            issues.append(
                ContractIssue(
                    code: .unmatchedHeader, line: 1,
                    message: "no label matches a field of the schema: fieldsMatch 'partial' needs at least one"))
        }
        // 3. Fields without a label.
        var extra = 0
        let keyFields = Set(schema.primaryKey)
        for (index, field) in fields.enumerated() where !matched.contains(index) {
            if mode == .superset || mode == .partial, !field.constraints.required, !keyFields.contains(field.name) { continue }
            extra += 1
            issue(
                .missingLabel, labels.count + extra, field.name,
                "field '\(field.name)' has no column in the header (fieldsMatch \(mode.rawValue))")
        }
        // Matching by name needs unique labels (Frictionless stops there; mlgate reports
        // each repeat and reads the first column of that name).
        if mode != .exact {
            var first: [String: Int] = [:]
            for (index, label) in labels.enumerated() where !label.isEmpty {
                if let earlier = first[label] {
                    columnFields[index] = nil
                    issue(
                        .duplicateLabel, index + 1, label,
                        "label '\(label)' in column \(index + 1) repeats column \(earlier + 1): fieldsMatch \(mode.rawValue) matches by name and needs unique labels")
                } else {
                    first[label] = index
                }
            }
        }
        // 4. Exact: each label against the field at its position.
        if mode == .exact {
            var seen: [String: [Int]] = [:]
            for (index, label) in labels.enumerated() {
                defer { seen[label, default: []].append(index + 1) }
                guard index < fields.count else { continue }
                let name = fields[index].name
                if label.isEmpty {
                    issue(.blankLabel, index + 1, name, "label in column \(index + 1) is blank: expected '\(name)'")
                } else if let earlier = seen[label] {
                    issue(
                        .duplicateLabel, index + 1, name,
                        "label '\(label)' in column \(index + 1) repeats column \(earlier.map(String.init).joined(separator: ", ")): expected '\(name)'")
                } else if label != name {
                    issue(.incorrectLabel, index + 1, name, "label '\(label)' in column \(index + 1): expected '\(name)'")
                }
            }
        }
        self.columnFields = columnFields
        self.issues = issues
    }
}
