import Foundation
import Yams

/// A Frictionless Table Dialect file (JSON or YAML): the v1 form with its CSV properties
/// at the top, or the v2 form with them under `csv`.
///
/// Read as a YAML node tree (never expanded into values), so that an alias bomb costs
/// nothing: a dialect is a flat mapping of scalars, and anything else is refused with
/// its line and column.
public enum DialectFile {
    /// Reads the dialect at `url` on top of `base` (the format's default).
    public static func load(url: URL, displayPath: String, base: CSVDialect = .csv) throws(DiagnosticError) -> CSVDialect {
        let location = SourceLocation(file: displayPath)
        let data: Data
        do {
            data = try DocumentFile.read(url)
        } catch {
            let exists = FileManager.default.fileExists(atPath: url.path)
            throw DiagnosticError(
                exists ? "cannot read the dialect file: \(SystemError.describe(error))" : "dialect file not found (expected at \(url.path))",
                at: location)
        }
        guard data.count <= InputLimits.documentBytes else {
            throw DiagnosticError(
                "the dialect file has \(data.count) bytes, more than mlgate's limit of \(InputLimits.documentBytes) (docs/limits.md)", at: location)
        }
        let text = try UTF8Text.decode(data, file: displayPath, what: "the dialect file")
        return try parse(text, displayPath: displayPath, base: base)
    }

    /// Reads dialect text (JSON or YAML) on top of `base`; `displayPath` names it in errors.
    public static func parse(_ text: String, displayPath: String, base: CSVDialect = .csv) throws(DiagnosticError) -> CSVDialect {
        let location = SourceLocation(file: displayPath)
        try YAMLExpansion.check(text, file: displayPath, document: "the dialect file")
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw DiagnosticError("the dialect file is empty: expected a mapping of dialect properties (delimiter, quoteChar, header, …)", at: location)
            }
            root = node
        } catch let error as DiagnosticError {
            throw error
        } catch {
            throw DiagnosticError([ConfigLoader.yamlDiagnostic(error, file: displayPath, document: "the dialect file")])
        }
        func at(_ node: Node) -> SourceLocation {
            node.mark.map { SourceLocation(file: displayPath, line: $0.line, column: $0.column) } ?? location
        }
        guard let mapping = root.mapping else {
            throw DiagnosticError("expected a mapping of dialect properties (delimiter, quoteChar, header, …)", at: at(root))
        }
        // Each property's value, and its key (where a problem is located: an alias's
        // node carries the place of its anchor).
        var properties: [String: (key: Node, value: Node)] = [:]
        func take(_ mapping: Node.Mapping) {
            for (key, value) in mapping {
                if let name = key.string { properties[name] = (key, value) }
            }
        }
        take(mapping)
        if let csv = properties["csv"]?.value.mapping { take(csv) }
        var problems: [Diagnostic] = []
        func scalar(_ key: String, _ expected: String) -> Node.Scalar? {
            guard let (keyNode, value) = properties[key] else { return nil }
            guard let scalar = value.scalar else {
                problems.append(Diagnostic(.error, "expected \(expected) for '\(key)', found a \(value.mapping != nil ? "mapping" : "list")", at: at(keyNode)))
                return nil
            }
            return scalar
        }
        func string(_ key: String) -> String? {
            scalar(key, "a string")?.string
        }
        func boolean(_ key: String) -> Bool? {
            guard let value = scalar(key, "true or false") else { return nil }
            if let flag = Bool.construct(from: value) { return flag }
            problems.append(Diagnostic(.error, "expected true or false for '\(key)', found \(value.string)", at: at(properties[key]!.key)))
            return nil
        }
        // `headerRows`: a list of row numbers (frictionless's form), one of which mlgate reads.
        func rows(_ key: String) -> [Int]? {
            guard let (keyNode, value) = properties[key] else { return nil }
            guard let sequence = value.sequence else {
                problems.append(Diagnostic(.error, "expected a list of row numbers for '\(key)' (such as [3])", at: at(keyNode)))
                return nil
            }
            var numbers: [Int] = []
            for item in sequence {
                guard let number = item.scalar.flatMap({ Int($0.string) }) else {
                    problems.append(Diagnostic(.error, "expected a row number in '\(key)', found \(item.scalar?.string ?? "a collection")", at: at(item)))
                    return nil
                }
                numbers.append(number)
            }
            return numbers
        }
        let descriptor = CSVDialect.Descriptor(
            delimiter: string("delimiter"), lineTerminator: string("lineTerminator"), quoteChar: string("quoteChar"),
            doubleQuote: boolean("doubleQuote"), escapeChar: string("escapeChar"),
            skipInitialSpace: boolean("skipInitialSpace"), header: boolean("header"), commentChar: string("commentChar"),
            encoding: string("encoding"), headerRows: rows("headerRows"))
        if !problems.isEmpty { throw DiagnosticError(problems) }
        do {
            return try CSVDialect(frictionless: descriptor, base: base)
        } catch {
            throw DiagnosticError("\(error)", at: location)
        }
    }
}
