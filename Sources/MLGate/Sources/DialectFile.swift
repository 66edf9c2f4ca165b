import Foundation
import Yams

/// A Frictionless Table Dialect file (JSON or YAML): the v1 form with its CSV properties
/// at the top, or the v2 form with them under `csv`.
public enum DialectFile {
    /// Reads the dialect at `url` on top of `base` (the format's default).
    public static func load(url: URL, displayPath: String, base: CSVDialect = .csv) throws(DiagnosticError) -> CSVDialect {
        let location = SourceLocation(file: displayPath)
        let object: [String: Any]
        do {
            let text = try String(contentsOf: url, encoding: .utf8)
            guard let loaded = try Yams.load(yaml: text) as? [String: Any] else {
                throw DiagnosticError("expected a mapping of dialect properties (delimiter, quoteChar, header, …)", at: location)
            }
            object = loaded
        } catch let error as DiagnosticError {
            throw error
        } catch {
            throw DiagnosticError("cannot read the dialect: \(error)", at: location)
        }
        var properties = object
        if let csv = object["csv"] as? [String: Any] { properties.merge(csv) { $1 } }
        var problems: [Diagnostic] = []
        func string(_ key: String) -> String? {
            guard let value = properties[key] else { return nil }
            if let text = value as? String { return text }
            problems.append(Diagnostic(.error, "expected a string for '\(key)', found \(value)", at: location))
            return nil
        }
        func boolean(_ key: String) -> Bool? {
            guard let value = properties[key] else { return nil }
            if let flag = value as? Bool { return flag }
            problems.append(Diagnostic(.error, "expected true or false for '\(key)', found \(value)", at: location))
            return nil
        }
        let descriptor = CSVDialect.Descriptor(
            delimiter: string("delimiter"), lineTerminator: string("lineTerminator"), quoteChar: string("quoteChar"),
            doubleQuote: boolean("doubleQuote"), escapeChar: string("escapeChar"),
            skipInitialSpace: boolean("skipInitialSpace"), header: boolean("header"), commentChar: string("commentChar"))
        if !problems.isEmpty { throw DiagnosticError(problems) }
        do {
            return try CSVDialect(frictionless: descriptor, base: base)
        } catch {
            throw DiagnosticError("\(error)", at: location)
        }
    }
}
