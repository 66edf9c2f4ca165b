/// Parses one line of a JSON Lines file: a JSON object (RFC 8259) whose members become
/// the cells of one row.
///
/// It works on the line's bytes and checks everything as it goes: the JSON grammar
/// (numbers without leading zeros, `+`, a bare `.5`, `NaN` or `Infinity`), the escapes in
/// strings (`\uXXXX` surrogates must pair up), and UTF-8. Nesting is followed with an
/// explicit stack rather than recursion, and is limited to `maximumDepth` levels, so no
/// input can exhaust the call stack.
///
/// Cells are text: a string's decoded value; a number's literal exactly as written
/// (`1e-3`, `0.10`); `true`/`false`; `nil` for `null`; and an object or array member as
/// its exact source text (whitespace included).
///
/// Errors are `TableReadError`s located at the offending byte (1-based line and column,
/// columns counted in Unicode scalars): `encoding-error` for bytes that are not UTF-8,
/// `source-error` for anything else.
struct JSONLineParser {
    /// The deepest nesting of objects and arrays accepted, counting the line's own object.
    static let maximumDepth = 512

    /// One member of the line's object, in text order: its key and its cell.
    typealias Member = (key: String, value: String?)

    private let bytes: [UInt8]
    private var index = 0
    private let file: String
    private let line: Int
    /// How errors name the end of the bytes: "the end of the line", or "the end of the
    /// file" for a last line with no line break.
    private let endOfInput: String

    /// A parser for `bytes`, the content of line `line` of `file` without its line break;
    /// `isLastLine` when no line break followed it.
    init(bytes: [UInt8], file: String, line: Int, isLastLine: Bool) {
        self.bytes = bytes
        self.file = file
        self.line = line
        self.endOfInput = isLastLine ? "the end of the file" : "the end of the line"
    }

    /// The object's members in the order written (a repeated key appears each time it is
    /// written), or `nil` for a line holding only whitespace.
    mutating func parseObject() throws(TableReadError) -> [Member]? {
        skipWhitespace()
        guard index < bytes.count else { return nil }
        guard current == JSONByte.openBrace else { throw notAnObject() }
        index += 1

        var members: [Member] = []
        // One entry per open container, outermost (the line's object) first: true for an
        // object, false for an array.
        var containers: [Bool] = [true]
        var justOpened = true
        var memberKey = ""
        var nestedStart = 0

        while let isObject = containers.last {
            skipWhitespace()
            let close = isObject ? JSONByte.closeBrace : JSONByte.closeBracket
            var afterComma = false
            let closing: Bool
            if justOpened {
                closing = current == close
            } else if current == JSONByte.comma {
                index += 1
                skipWhitespace()
                afterComma = true
                closing = false
            } else if current == close {
                closing = true
            } else {
                throw unexpected(
                    isObject ? "',' or '}' after a value in an object" : "',' or ']' after a value in an array")
            }
            justOpened = false
            if closing {
                index += 1
                containers.removeLast()
                if containers.count == 1 {
                    members.append((memberKey, String(decoding: bytes[nestedStart..<index], as: UTF8.self)))
                }
                continue
            }

            let depth = containers.count
            if isObject {
                guard current == JSONByte.quote else {
                    throw unexpected(
                        afterComma
                            ? "a key (a string in double quotes) after ',' in an object"
                            : "a key (a string in double quotes) or '}'")
                }
                let key = try string(decode: depth == 1)
                skipWhitespace()
                guard current == JSONByte.colon else { throw unexpected("':' after a key in an object") }
                index += 1
                skipWhitespace()
                if let key { memberKey = key }
            }

            switch current {
            case JSONByte.openBrace, JSONByte.openBracket:
                guard depth < Self.maximumDepth else {
                    throw error(
                        "nesting deeper than \(Self.maximumDepth) levels: expected at most \(Self.maximumDepth) nested objects and arrays",
                        at: index)
                }
                if depth == 1 { nestedStart = index }
                containers.append(current == JSONByte.openBrace)
                index += 1
                justOpened = true
            case JSONByte.quote:
                let value = try string(decode: depth == 1)
                if depth == 1 { members.append((memberKey, value)) }
            default:
                let expected =
                    isObject
                    ? "a value after ':' in an object"
                    : afterComma ? "a value after ',' in an array" : "a value or ']'"
                let value = try scalar(expected: expected, keep: depth == 1)
                if depth == 1 { members.append((memberKey, value)) }
            }
        }

        skipWhitespace()
        guard index == bytes.count else { throw unexpected("the end of the line after the object") }
        return members
    }

    // MARK: - Values

    /// The byte at `index`, or 0 past the end (0 matches nothing the grammar looks for;
    /// errors check `index` itself to tell a real NUL from the end).
    private var current: UInt8 {
        index < bytes.count ? bytes[index] : 0
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// A string starting at the opening quote at `index`; its decoded value when `decode`,
    /// otherwise it is only checked and `nil` is returned.
    private mutating func string(decode: Bool) throws(TableReadError) -> String? {
        let opening = index
        index += 1
        var runStart = index
        var decoded: [UInt8] = []
        var escaped = false
        while true {
            guard index < bytes.count else {
                throw error(
                    "string opened here is never closed: expected a closing '\"' before \(endOfInput)", at: opening)
            }
            let byte = bytes[index]
            if byte == JSONByte.quote {
                let end = index
                index += 1
                guard decode else { return nil }
                if !escaped { return String(decoding: bytes[runStart..<end], as: UTF8.self) }
                decoded.append(contentsOf: bytes[runStart..<end])
                return String(decoding: decoded, as: UTF8.self)
            } else if byte == JSONByte.backslash {
                if decode { decoded.append(contentsOf: bytes[runStart..<index]) }
                try escape(into: &decoded, decode: decode)
                escaped = true
                runStart = index
            } else if byte < 0x20 {
                let code = Self.hex4(UInt32(byte))
                throw error(
                    #"unescaped control character U+\#(code) in a string: expected it written as an escape such as '\u\#(code)'"#,
                    at: index)
            } else if byte < 0x80 {
                index += 1
            } else {
                guard let length = scalarLength(at: index) else { throw encodingError(at: index) }
                index += length
            }
        }
    }

    /// An escape starting at the backslash at `index`; appends what it stands for to
    /// `decoded` when `decode`.
    private mutating func escape(into decoded: inout [UInt8], decode: Bool) throws(TableReadError) {
        let backslash = index
        index += 1
        let simple: UInt8
        switch current {
        case JSONByte.quote, JSONByte.backslash, JSONByte.slash: simple = current
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"):
            index += 1
            var value = try hexDigits()
            if (0xD800...0xDBFF).contains(value) {
                guard current == JSONByte.backslash, index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u")
                else { throw unpairedSurrogate(at: backslash) }
                index += 2
                let low = try hexDigits()
                guard (0xDC00...0xDFFF).contains(low) else { throw unpairedSurrogate(at: backslash) }
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(value) {
                throw unpairedSurrogate(at: backslash)
            }
            if decode, let scalar = Unicode.Scalar(value) {
                decoded.append(contentsOf: UTF8.encode(scalar)!)
            }
            return
        default:
            throw unexpected(#"one of '"', '\', '/', 'b', 'f', 'n', 'r', 't' or 'u' after '\' in a string"#)
        }
        if decode { decoded.append(simple) }
        index += 1
    }

    /// The four hexadecimal digits of a `\u` escape starting at `index`.
    private mutating func hexDigits() throws(TableReadError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            let digit: UInt8
            switch current {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = current - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = current - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = current - UInt8(ascii: "A") + 10
            default: throw unexpected(#"four hexadecimal digits after '\u'"#)
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private func unpairedSurrogate(at backslash: Int) -> TableReadError {
        let escape = String(decoding: bytes[backslash..<backslash + 6], as: UTF8.self)
        return error(
            #"unpaired surrogate '\#(escape)' in a string: expected a high surrogate (\uD800-\uDBFF) followed by a low surrogate (\uDC00-\uDFFF)"#,
            at: backslash)
    }

    /// A number or `true`/`false`/`null` at `index`. Returns its cell (the literal text;
    /// `nil` for `null`) when `keep`.
    private mutating func scalar(expected: String, keep: Bool) throws(TableReadError) -> String? {
        let start = index
        if current == JSONByte.minus || Self.isDigit(current) {
            try number()
        } else if Self.isLetter(current) {
            while Self.isLetter(current) { index += 1 }
            let word = bytes[start..<index]
            if word.elementsEqual("null".utf8) { return nil }
            guard word.elementsEqual("true".utf8) || word.elementsEqual("false".utf8) else {
                throw error("expected \(expected), found \(Self.quoteWord(word))", at: start)
            }
        } else {
            throw unexpected(expected)
        }
        return keep ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
    }

    /// A number at `index`, by RFC 8259's grammar:
    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private mutating func number() throws(TableReadError) {
        if current == JSONByte.minus {
            index += 1
            guard Self.isDigit(current) else { throw unexpected("a digit after '-' in a number") }
        }
        if current == UInt8(ascii: "0") {
            index += 1
            if Self.isDigit(current) {
                throw unexpected(
                    "'.', 'e' or the end of the number after '0'", problem: "leading zeros are not allowed in a number")
            }
        } else {
            while Self.isDigit(current) { index += 1 }
        }
        if current == JSONByte.dot {
            index += 1
            guard Self.isDigit(current) else { throw unexpected("a digit after '.' in a number") }
            while Self.isDigit(current) { index += 1 }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == JSONByte.minus { index += 1 }
            guard Self.isDigit(current) else { throw unexpected("a digit in the exponent of a number") }
            while Self.isDigit(current) { index += 1 }
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    private static func quoteWord(_ word: ArraySlice<UInt8>) -> String {
        let text = String(decoding: word.prefix(24), as: UTF8.self)
        return "'\(text)\(word.count > 24 ? "…" : "")'"
    }

    // MARK: - UTF-8

    /// The length of the well-formed UTF-8 sequence starting at `position` (Unicode's
    /// table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF), or `nil`.
    private func scalarLength(at position: Int) -> Int? {
        func continuation(_ offset: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            position + offset < bytes.count && range.contains(bytes[position + offset])
        }
        switch bytes[position] {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return continuation(1) ? 2 : nil
        case 0xE0: return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : nil
        case 0xE1...0xEC, 0xEE...0xEF: return continuation(1) && continuation(2) ? 3 : nil
        case 0xED: return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : nil
        case 0xF0: return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : nil
        case 0xF1...0xF3: return continuation(1) && continuation(2) && continuation(3) ? 4 : nil
        case 0xF4: return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : nil
        default: return nil
        }
    }

    // MARK: - Errors

    /// The column of the byte at `position`: 1 plus the scalars before it. Everything
    /// before an error has been checked to be UTF-8, so counting lead bytes is exact.
    private func column(of position: Int) -> Int {
        var column = 1
        for byte in bytes[..<min(position, bytes.count)] where byte & 0xC0 != 0x80 { column += 1 }
        return column
    }

    private func error(_ message: String, at position: Int, code: String = "source-error") -> TableReadError {
        TableReadError(
            code: code, message: message, location: SourceLocation(file: file, line: line, column: column(of: position)))
    }

    private func encodingError(at position: Int) -> TableReadError {
        error("invalid UTF-8 byte sequence: expected UTF-8 text", at: position, code: "encoding-error")
    }

    /// `[problem: ]expected <expected>, found <what is at index>`, located at `index`; an
    /// `encoding-error` instead when what is there is not UTF-8.
    private func unexpected(_ expected: String, problem: String? = nil) -> TableReadError {
        let found: String
        if index >= bytes.count {
            found = endOfInput
        } else {
            let byte = bytes[index]
            if (0x21...0x7E).contains(byte) {
                found = "'\(Character(Unicode.Scalar(byte)))'"
            } else if byte < 0x80 {
                found = "U+\(Self.hex4(UInt32(byte)))"
            } else if let length = scalarLength(at: index) {
                let scalar = String(decoding: bytes[index..<index + length], as: UTF8.self).unicodeScalars.first!
                switch scalar.properties.generalCategory {
                case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator, .privateUse,
                    .unassigned, .nonspacingMark, .enclosingMark, .spacingMark:
                    found = "U+\(Self.hex4(scalar.value))"
                default:
                    found = "'\(scalar)'"
                }
            } else {
                return encodingError(at: index)
            }
        }
        let expectation = "expected \(expected), found \(found)"
        return error(problem.map { "\($0): \(expectation)" } ?? expectation, at: index)
    }

    private func notAnObject() -> TableReadError {
        let found: String
        switch current {
        case JSONByte.openBracket: found = "an array"
        case JSONByte.quote: found = "a string"
        case JSONByte.minus, UInt8(ascii: "0")...UInt8(ascii: "9"): found = "a number"
        case _ where Self.isLetter(current):
            var end = index
            while end < bytes.count, Self.isLetter(bytes[end]) { end += 1 }
            let word = bytes[index..<end]
            if word.elementsEqual("true".utf8) || word.elementsEqual("false".utf8) {
                found = "a boolean"
            } else if word.elementsEqual("null".utf8) {
                found = "null"
            } else {
                found = Self.quoteWord(word)
            }
        default:
            return unexpected("a JSON object on each line")
        }
        return error("expected a JSON object on each line, found \(found)", at: index)
    }

    /// At least four upper-case hexadecimal digits, as in `U+000A`.
    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

/// The ASCII bytes the JSON grammar is made of.
enum JSONByte {
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let slash = UInt8(ascii: "/")
    static let colon = UInt8(ascii: ":")
    static let comma = UInt8(ascii: ",")
    static let minus = UInt8(ascii: "-")
    static let dot = UInt8(ascii: ".")
}
