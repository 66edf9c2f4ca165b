import Foundation

/// Decodes a file's bytes as UTF-8 text, or says where they stop being UTF-8: the byte
/// offset, and the line and column of the first bad byte (for configs, schemas, dialects).
enum UTF8Text {
    /// The text of `data`; `what` names the file in the error ("the config file").
    static func decode(_ data: Data, file: String, what: String) throws(DiagnosticError) -> String {
        if let text = String(validating: data, as: UTF8.self) { return text }
        let bytes = [UInt8](data)
        var offset = 0, line = 1, column = 1
        var iterator = bytes.makeIterator()
        var decoder = Unicode.UTF8()
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset += UTF8.width(scalar)
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .emptyInput, .error:
                break decoding
            }
        }
        let found = offset < bytes.count ? String(format: " (0x%02X)", bytes[offset]) : ""
        throw DiagnosticError(
            "\(what) is not valid UTF-8 text: byte \(offset)\(found) is not part of a UTF-8 character; save it as UTF-8",
            at: SourceLocation(file: file, line: line, column: column))
    }
}
