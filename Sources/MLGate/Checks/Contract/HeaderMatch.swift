/// How a table's header lines up with a schema: which column holds each field, and the
/// header problems (`blank-label`, `duplicate-label`, `missing-label`, `extra-label`,
/// `incorrect-label`) under the schema's `fieldsMatch`.
struct HeaderMatch: Sendable {
    /// For each schema field, the table column that holds it (`nil`: the table lacks it).
    var columns: [Int?]
    /// Problems with the labels, in the order Frictionless reports them.
    var issues: [ContractIssue]
    /// The number of cells a row should have: beyond it, cells are `extra-cell`.
    var expectedWidth: Int

    init(labels: [String], schema: TableSchema, file: String) {
        let fields = schema.fields.map(\.name)
        var issues: [ContractIssue] = []
        func issue(_ code: ContractErrorCode, _ number: Int, _ name: String?, _ message: String) {
            issues.append(
                ContractIssue(code: code.rawValue, rowNumber: nil, line: 1, fieldNumber: number, fieldName: name, message: message))
        }
        // Labels in themselves.
        var seen: [String: Int] = [:]
        for (index, label) in labels.enumerated() {
            if label.isEmpty {
                issue(.blankLabel, index + 1, label, "label in column \(index + 1) is blank: expected a field name")
            } else if let first = seen[label] {
                issue(
                    .duplicateLabel, index + 1, label,
                    "label '\(label)' in column \(index + 1) repeats column \(first + 1): expected unique labels")
            } else {
                seen[label] = index
            }
        }
        switch schema.fieldsMatch {
        case .exact:
            columns = fields.indices.map { $0 < labels.count ? $0 : nil }
            for index in 0..<max(labels.count, fields.count) {
                if index >= labels.count {
                    issue(.missingLabel, index + 1, fields[index], "field '\(fields[index])' (field \(index + 1)) has no column: the header has \(labels.count) labels")
                } else if index >= fields.count {
                    issue(.extraLabel, index + 1, labels[index], "label '\(labels[index])' in column \(index + 1) is not in the schema, which has \(fields.count) fields")
                } else if !labels[index].isEmpty, labels[index] != fields[index] {
                    issue(.incorrectLabel, index + 1, labels[index], "label '\(labels[index])' in column \(index + 1): expected '\(fields[index])' as the schema orders its fields")
                }
            }
            expectedWidth = fields.count
        case .equal, .subset, .superset, .partial:
            columns = fields.map { seen[$0] }
            let mode = schema.fieldsMatch
            if mode == .equal || mode == .subset {
                for (index, name) in fields.enumerated() where seen[name] == nil {
                    issue(.missingLabel, index + 1, name, "field '\(name)' has no column: fieldsMatch '\(mode.rawValue)' needs every field")
                }
            }
            if mode == .equal || mode == .superset {
                let known = Set(fields)
                for (index, label) in labels.enumerated() where !label.isEmpty && !known.contains(label) {
                    issue(.extraLabel, index + 1, label, "label '\(label)' in column \(index + 1) is not a field: fieldsMatch '\(mode.rawValue)' allows only schema fields")
                }
            }
            if mode == .partial, columns.allSatisfy({ $0 == nil }) {
                for (index, name) in fields.enumerated() {
                    issue(.missingLabel, index + 1, name, "field '\(name)' has no column: fieldsMatch 'partial' needs at least one field")
                }
            }
            expectedWidth = labels.count
        }
        for index in issues.indices {
            issues[index].line = 1
            _ = file
        }
        self.issues = issues
    }
}
