import Foundation

/// Foundation's errors in words for a CI log: never the raw `NSCocoaErrorDomain` or
/// `DecodingError` dump, but what was wrong and, for JSON, where (its key path, and the
/// line and column when Foundation gives the byte offset).
enum SystemError {
    /// A file-system or decoding error as one sentence.
    static func describe(_ error: any Error) -> String {
        switch error {
        case let decoding as DecodingError:
            return describe(decoding)
        case let cocoa as CocoaError:
            if let underlying = cocoa.underlying as? POSIXError { return String(cString: strerror(underlying.code.rawValue)) }
            switch cocoa.code {
            case .fileReadNoSuchFile, .fileNoSuchFile: return "no such file"
            case .fileReadNoPermission, .fileWriteNoPermission: return "permission denied"
            case .fileReadCorruptFile: return "the file is not in the expected format"
            case .fileReadInapplicableStringEncoding: return "the file is not valid UTF-8 text"
            case .fileReadTooLarge: return "the file is too large"
            default: return cocoa.localizedDescription
            }
        case let posix as POSIXError:
            return String(cString: strerror(posix.code.rawValue))
        default:
            return (error as NSError).localizedDescription
        }
    }

    /// A JSON decoding error: what was expected, at which key path (`'a.b.0'`).
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        func at(_ context: DecodingError.Context) -> String {
            context.codingPath.isEmpty ? "at the top level" : "at '\(path(context.codingPath))'"
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "\(at(context)): expected \(name(type))"
        case .valueNotFound(let type, let context):
            return "\(at(context)): expected \(name(type)), found null"
        case .keyNotFound(let key, let context):
            return "missing key '\(path(context.codingPath + [key]))'"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "not valid JSON" + (jsonErrorOffset(error).map { " (near byte \($0))" } ?? "") }
            return "\(at(context)): \(context.debugDescription.trimmingCharacters(in: CharacterSet(charactersIn: ".")))"
        @unknown default:
            return "not the expected JSON"
        }
    }

    private static func name(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is [Any].Type: "a list"
        default: String(describing: type).hasPrefix("Array") ? "a list" : "an object"
        }
    }

    /// The byte offset a JSON parse error names: Foundation's error index, or the
    /// "around character N" of its debug description (swift-corelibs-foundation).
    static func jsonErrorOffset(_ error: any Error) -> Int? {
        var nsError = error as NSError
        if case .dataCorrupted(let context)? = error as? DecodingError, let underlying = context.underlyingError {
            nsError = underlying as NSError
        }
        if let index = nsError.userInfo["NSJSONSerializationErrorIndex"] as? Int { return index }
        guard let text = nsError.userInfo[NSDebugDescriptionErrorKey] as? String,
            let range = text.range(of: "character ")
        else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }

    /// `" at line L, column C"` for a JSON parse error that names its byte offset in
    /// `data`, else `""`.
    static func jsonPosition(_ error: any Error, in data: Data) -> String {
        guard let index = jsonErrorOffset(error), index >= 0 else { return "" }
        var line = 1, column = 1
        for byte in data.prefix(index) {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return " at line \(line), column \(column)"
    }
}
