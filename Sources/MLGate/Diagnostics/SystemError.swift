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

    /// A JSON decoding error: what was expected, at which key path.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "at the top level" : "at \(keys.hasPrefix(".") ? String(keys.dropFirst()) : keys)"
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "\(path(context)): expected \(name(type))"
        case .valueNotFound(let type, let context):
            return "\(path(context)): expected \(name(type)), found null"
        case .keyNotFound(let key, let context):
            return "\(path(context)): missing key '\(key.stringValue)'"
        case .dataCorrupted(let context):
            if let underlying = context.underlyingError as NSError?, let index = underlying.userInfo["NSJSONSerializationErrorIndex"] as? Int {
                return "not valid JSON (near byte \(index))"
            }
            if context.codingPath.isEmpty { return "not valid JSON" }
            return "\(path(context)): \(context.debugDescription.trimmingCharacters(in: CharacterSet(charactersIn: ".")))"
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

    /// `file:line:column` of a JSON parse error that names its byte offset, else `file`.
    static func locate(_ error: any Error, in data: Data, file: String) -> String {
        let nsError = error as NSError
        let index = (nsError.userInfo["NSJSONSerializationErrorIndex"] as? Int)
            ?? ((nsError.userInfo[NSUnderlyingErrorKey] as? NSError)?.userInfo["NSJSONSerializationErrorIndex"] as? Int)
        guard let index, index >= 0 else { return file }
        var line = 1, column = 1
        for byte in data.prefix(index) {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return "\(file):\(line):\(column)"
    }
}
