/// Turns a contract's tally into check results: one per header, row shape, field type,
/// field constraint and key, so that each is its own JUnit test case and a failure
/// names exactly what broke.
enum ContractResults {
    /// The codes of rows that could not be read whole, or are blank, or have extra or
    /// missing cells: the `schema.rows` check.
    static let rowShapeCodes: [ContractErrorCode] = [.encodingError, .sourceError, .blankRow, .extraCell, .missingCell]

    static func checks(
        tally: ContractTally, validator: ContractValidator, config: ContractConfig, input: TableInput, duration: Double
    ) -> [CheckResult] {
        let schema = validator.schema
        let rows = validator.rows
        var results: [CheckResult] = []
        func add(name: String, check: String, keys: [ContractTally.Key], passMessage: String, what: String) {
            let found = keys.map { (key: $0, count: tally.counts[$0] ?? 0) }.filter { $0.count > 0 }
            let total = found.reduce(0) { $0 + $1.count }
            let samples = found.flatMap { tally.samples(for: $0.key) }.sorted {
                ($0.rowNumber ?? 0, $0.fieldNumber ?? 0) < ($1.rowNumber ?? 0, $1.fieldNumber ?? 0)
            }
            let outcome = CheckOutcome(passed: total == 0, severity: config.severity)
            var message = passMessage
            if total > 0 {
                let codes = found.map { "\($0.count) \($0.key.code.rawValue)" }.joined(separator: ", ")
                message = "\(what): \(codes)"
                if let first = samples.first { message += "; first: \(describe(first))" }
            }
            let details = samples.isEmpty ? nil : samples.map { describe($0) }.joined(separator: "\n")
            let location = samples.first.map { SourceLocation(file: input.path, line: $0.line, column: $0.column) }
            results.append(
                CheckResult(
                    name: name, check: check, severity: config.severity, outcome: outcome, message: message, details: details,
                    measurements: [Measurement("observed", Double(total)), Measurement("rows", Double(rows))],
                    duration: results.isEmpty ? duration : 0, location: total > 0 ? location : config.location))
        }
        let headerKeys = tally.counts.keys.filter { $0.code.isHeaderError }
        add(
            name: "schema: header", check: "schema.header", keys: headerKeys.sorted(),
            passMessage: "\(validator.labels.count) labels match the schema's \(schema.fields.count) fields (fieldsMatch \(schema.fieldsMatch.rawValue))",
            what: "the header does not match the schema")
        let shapeKeys = tally.counts.keys.filter { Self.rowShapeCodes.contains($0.code) }
        add(
            name: "schema: rows", check: "schema.rows", keys: shapeKeys.sorted(),
            passMessage: "\(rows) rows, each with one cell per field and none blank",
            what: "rows that could not be read whole, or with blank, extra or missing cells")
        for field in schema.fields {
            add(
                name: "\(field.name): type", check: "schema.type", keys: [.init(code: .typeError, field: field.name)],
                passMessage: "every value of '\(field.name)' is \(field.typeDescription)",
                what: "'\(field.name)' values that are not \(field.typeDescription)")
            let c = field.constraints
            var declared: [(String, String)] = []
            if c.required { declared.append(("required", "required")) }
            if let v = c.minLength { declared.append(("minLength", "minLength \(v)")) }
            if let v = c.maxLength { declared.append(("maxLength", "maxLength \(v)")) }
            if let v = c.minimum { declared.append(("minimum", "minimum \(v)")) }
            if let v = c.maximum { declared.append(("maximum", "maximum \(v)")) }
            if let v = c.exclusiveMinimum { declared.append(("exclusiveMinimum", "exclusiveMinimum \(v)")) }
            if let v = c.exclusiveMaximum { declared.append(("exclusiveMaximum", "exclusiveMaximum \(v)")) }
            if let v = c.pattern { declared.append(("pattern", "pattern '\(v)'")) }
            if let v = c.enumeration ?? field.categories { declared.append(("enum", "enum (\(v.count) value\(v.count == 1 ? "" : "s"))")) }
            for (constraint, text) in declared {
                add(
                    name: "\(field.name): \(constraint)", check: "schema.constraint",
                    keys: [.init(code: .constraintError, field: field.name, constraint: constraint)],
                    passMessage: "every value of '\(field.name)' meets \(text)",
                    what: "'\(field.name)' values that break \(text)")
            }
            if c.unique {
                add(
                    name: "\(field.name): unique", check: "schema.unique", keys: [.init(code: .uniqueError, field: field.name)],
                    passMessage: "no two rows share a value of '\(field.name)'", what: "repeated values of '\(field.name)'")
            }
        }
        if !schema.primaryKey.isEmpty {
            let label = schema.primaryKey.joined(separator: ", ")
            add(
                name: "primaryKey: \(label)", check: "schema.primaryKey", keys: [.init(code: .primaryKey, field: label)],
                passMessage: "no two rows share the primary key (\(label))", what: "rows repeating the primary key (\(label))")
        }
        for key in schema.uniqueKeys {
            let label = key.joined(separator: ", ")
            add(
                name: "uniqueKeys: \(label)", check: "schema.uniqueKeys", keys: [.init(code: .uniqueError, field: label)],
                passMessage: "no two rows share (\(label))", what: "rows repeating (\(label))")
        }
        for key in schema.foreignKeys {
            let fields = key.fields.joined(separator: ", "), referenced = key.referenceFields.joined(separator: ", ")
            add(
                name: "foreignKeys: \(key.label)", check: "schema.foreignKeys", keys: [.init(code: .foreignKey, field: key.label)],
                passMessage: "every (\(fields)) is a (\(referenced)) of a row of the table",
                what: "rows whose (\(fields)) is not a (\(referenced)) of any row")
        }
        return results
    }

    /// `row 5, field 'age' (2): '150' breaks maximum 120 [constraint-error]`.
    static func describe(_ issue: ContractIssue) -> String {
        var place: [String] = []
        if let row = issue.rowNumber { place.append("row \(row)") } else { place.append("header") }
        if let line = issue.line, issue.rowNumber != nil { place.append("line \(line)") }
        if let column = issue.column { place.append("column \(column)") }
        return "\(place.joined(separator: ", ")): \(issue.message) [\(issue.code.rawValue)]"
    }
}
