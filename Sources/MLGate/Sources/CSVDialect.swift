/// How a delimited file is written: the Frictionless CSV dialect
/// (<https://specs.frictionlessdata.io/csv-dialect/>), read with the semantics of
/// Python's `csv` module, which frictionless uses.
///
/// - `delimiter`, `quoteChar`, `escapeChar`: single ASCII characters, distinct from one
///   another and from CR and LF. `quoteChar` `nil` means no quoting at all (Python's
///   `QUOTE_NONE`): quotes are ordinary characters.
/// - `doubleQuote`: inside a quoted field, a doubled quote stands for one quote. When
///   false, a quote ends the quoted part of the field (text after it is kept).
/// - `escapeChar`: the character after it is taken literally, in or out of quotes (a
///   delimiter, a quote, the escape itself, a line break).
/// - `skipInitialSpace`: spaces right after a delimiter (and at the start of a line)
///   are dropped.
/// - `header`: when false, the first record is data and the columns are named `field1`,
///   `field2`, … after the first record's width (as frictionless names them), and rows
///   are numbered from 1.
/// - `commentChar`: a record whose first cell starts with it is skipped (as frictionless
///   does, after parsing the record, so a comment may hold quotes and span lines). It
///   still counts in row numbers: frictionless numbers rows by their position among
///   all records of the file.
/// - `lineTerminator`: accepted and ignored when reading, as by Python's `csv.reader`:
///   CRLF, LF and a lone CR always end a record.
///
/// - `encoding`: the file's character encoding (frictionless's resource `encoding`);
///   a file that is not UTF-8 is decoded into UTF-8 as it is read.
/// - `headerRow`: the record that holds the labels (frictionless's `headerRows`, one
///   row); the records above it are skipped but keep their row numbers.
///
/// What the config or command line does not give (``pinned``) is detected from a sample
/// of the file before it is read, as frictionless detects it (``DialectDetector``).
///
/// The default dialect (comma, double quote, `doubleQuote`, no escape, no initial-space
/// skipping, no comments) is read by a tuned fast path; the others by a character-level
/// port of CPython's `Modules/_csv.c` reader.
public struct CSVDialect: Sendable, Hashable {
    /// The byte between fields (`,` by default).
    public var delimiter: UInt8
    /// The byte that quotes a field (`"`); `nil`: fields are never quoted.
    public var quoteChar: UInt8?
    /// Whether a doubled quote inside a quoted field stands for one quote.
    public var doubleQuote: Bool
    /// The byte that makes the next character literal; `nil`: none.
    public var escapeChar: UInt8?
    /// Whether the first record names the columns.
    public var header: Bool
    /// Whether spaces right after a delimiter are dropped.
    public var skipInitialSpace: Bool
    /// Records whose first cell starts with this text are skipped; `nil`: none.
    public var commentChar: String?
    /// How records are written; accepted and ignored when reading (any of CRLF, LF, CR
    /// ends a record, as with Python's `csv.reader`).
    public var lineTerminator: String
    /// The file's character encoding.
    public var encoding: TextEncoding = .utf8
    /// The 1-based record holding the labels: the first record at or below it that is
    /// neither blank nor a comment (1 by default: the first such record of the file).
    public var headerRow: Int = 1
    /// The properties the config or command line gave; the others are detected.
    public var pinned: Set<Property> = []

    /// A property that is either given or detected.
    public enum Property: String, Sendable, Hashable, CaseIterable {
        case delimiter, quoteChar, escapeChar, skipInitialSpace, encoding
        /// `header` or `headerRows`: which record, if any, holds the labels.
        case header
    }

    /// RFC 4180: comma, double quote.
    public static let csv = CSVDialect(delimiter: UInt8(ascii: ","), quoteChar: UInt8(ascii: "\""))
    /// Tab-separated.
    public static let tsv = CSVDialect(delimiter: UInt8(ascii: "\t"), quoteChar: UInt8(ascii: "\""))

    /// Creates a dialect; the defaults are Frictionless's.
    public init(
        delimiter: UInt8 = UInt8(ascii: ","), quoteChar: UInt8? = UInt8(ascii: "\""), doubleQuote: Bool = true,
        escapeChar: UInt8? = nil, header: Bool = true, skipInitialSpace: Bool = false, commentChar: String? = nil,
        lineTerminator: String = "\r\n"
    ) {
        self.delimiter = delimiter
        self.quoteChar = quoteChar
        self.doubleQuote = doubleQuote
        self.escapeChar = escapeChar
        self.header = header
        self.skipInitialSpace = skipInitialSpace
        self.commentChar = commentChar
        self.lineTerminator = lineTerminator
    }

    /// Whether records split as RFC 4180 says (a quote, doubled quotes, no escape, spaces
    /// kept): the tokenizer's fast path.
    var splitsAsRFC4180: Bool {
        quoteChar != nil && doubleQuote && escapeChar == nil && !skipInitialSpace
    }

    /// Whether a file can be split at a line feed and its halves read apart: records
    /// split as RFC 4180 says, the first record is the header (no preamble above it:
    /// the second half numbers its rows from the first half's count), no record is
    /// skipped, and the bytes are UTF-8 (a decoded file is read on one core).
    var isSplittable: Bool {
        splitsAsRFC4180 && header && headerRow == 1 && commentChar == nil && encoding == .utf8
    }

    /// The column names frictionless gives a table without header labels.
    static func generatedColumnNames(_ count: Int) -> [String] {
        (0..<count).map { "field\($0 + 1)" }
    }
}

// MARK: - From a Frictionless dialect descriptor

extension CSVDialect {
    /// A Frictionless CSV dialect descriptor's properties, typed. `nil`: not given (the
    /// default applies). `quoteChar` `""` means no quoting, as in frictionless.
    public struct Descriptor: Sendable, Hashable {
        public var delimiter: String?
        public var lineTerminator: String?
        public var quoteChar: String?
        public var doubleQuote: Bool?
        public var escapeChar: String?
        public var skipInitialSpace: Bool?
        public var header: Bool?
        public var commentChar: String?
        /// The file's encoding, by name (frictionless's resource `encoding`).
        public var encoding: String?
        /// The rows holding the labels (frictionless's `headerRows`); mlgate reads one.
        public var headerRows: [Int]?

        public init(
            delimiter: String? = nil, lineTerminator: String? = nil, quoteChar: String? = nil,
            doubleQuote: Bool? = nil, escapeChar: String? = nil, skipInitialSpace: Bool? = nil,
            header: Bool? = nil, commentChar: String? = nil, encoding: String? = nil, headerRows: [Int]? = nil
        ) {
            self.encoding = encoding
            self.headerRows = headerRows
            self.delimiter = delimiter
            self.lineTerminator = lineTerminator
            self.quoteChar = quoteChar
            self.doubleQuote = doubleQuote
            self.escapeChar = escapeChar
            self.skipInitialSpace = skipInitialSpace
            self.header = header
            self.commentChar = commentChar
        }
    }

    /// Why a dialect descriptor cannot be used: the property and what was expected.
    public struct DescriptorError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The descriptor property at fault (`delimiter`, `quoteChar`, …).
        public var property: String
        /// What is wrong and which values are valid.
        public var message: String
        public var description: String { "'\(property)': \(message)" }
    }

    /// The dialect a Frictionless CSV dialect descriptor describes, mapped as
    /// frictionless maps it onto Python's `csv` module: `doubleQuote: false` takes effect
    /// only with an `escapeChar` (frictionless otherwise keeps `doubleQuote` on), and a
    /// `quoteChar` of `""` turns quoting off. `base` gives the defaults (`.tsv` for a
    /// `.tsv` file).
    ///
    /// Throws a ``DescriptorError`` naming the property and the valid choices.
    public init(frictionless descriptor: Descriptor, base: CSVDialect = .csv) throws(DescriptorError) {
        self = base
        if let value = descriptor.delimiter {
            delimiter = try Self.character(value, property: "delimiter", allowsEmpty: false)!
        }
        if let value = descriptor.quoteChar {
            quoteChar = try Self.character(value, property: "quoteChar", allowsEmpty: true)
        }
        if let value = descriptor.escapeChar {
            escapeChar = try Self.character(value, property: "escapeChar", allowsEmpty: true)
        }
        // Any text, as Python's csv module takes it: reading ignores it.
        if let value = descriptor.lineTerminator { lineTerminator = value }
        if let value = descriptor.commentChar {
            guard !value.isEmpty, !value.contains(where: \.isNewline) else {
                throw DescriptorError(
                    property: "commentChar",
                    message: "expected a non-empty text without line breaks (such as \"#\"), found \(Self.quoted(value))")
            }
            commentChar = value
        }
        if let value = descriptor.header { header = value }
        if let value = descriptor.skipInitialSpace { skipInitialSpace = value }
        if let value = descriptor.encoding {
            guard let encoding = TextEncoding(named: value) else {
                throw DescriptorError(
                    property: "encoding",
                    message: "expected an encoding mlgate decodes (\(TextEncoding.names.joined(separator: ", "))), found \(Self.quoted(value))")
            }
            self.encoding = encoding
        }
        if let rows = descriptor.headerRows {
            guard rows.count <= 1, rows.allSatisfy({ $0 >= 1 }) else {
                throw DescriptorError(
                    property: "headerRows",
                    message: "expected one row number ≥ 1 (such as [3]; mlgate reads one header row), or [] for no header, found \(rows)")
            }
            if let row = rows.first {
                header = true
                headerRow = row
            } else {
                header = false
            }
        }
        let given: [(Property, Bool)] = [
            (.delimiter, descriptor.delimiter != nil), (.quoteChar, descriptor.quoteChar != nil),
            (.escapeChar, descriptor.escapeChar != nil), (.skipInitialSpace, descriptor.skipInitialSpace != nil),
            (.encoding, descriptor.encoding != nil), (.header, descriptor.header != nil || descriptor.headerRows != nil),
        ]
        pinned.formUnion(given.filter(\.1).map(\.0))
        doubleQuote = escapeChar == nil ? true : (descriptor.doubleQuote ?? true)
        try validate()
    }

    /// Checks what Python's `csv` module checks: the special characters differ from one
    /// another and from CR and LF, and are not a space when initial spaces are skipped.
    public func validate() throws(DescriptorError) {
        func check(_ byte: UInt8?, _ property: String, allowsSpace: Bool) throws(DescriptorError) {
            guard let byte else { return }
            if byte == 0x0A || byte == 0x0D || byte >= 0x80 || (byte == 0x20 && !allowsSpace) {
                throw DescriptorError(
                    property: property,
                    message: "expected one ASCII character other than CR, LF\(allowsSpace ? "" : " and space (initial spaces are skipped)"), found \(Self.quoted(String(decoding: [byte], as: UTF8.self)))")
            }
        }
        try check(delimiter, "delimiter", allowsSpace: true)
        try check(quoteChar, "quoteChar", allowsSpace: !skipInitialSpace)
        try check(escapeChar, "escapeChar", allowsSpace: !skipInitialSpace)
        let named: [(String, UInt8?)] = [("delimiter", delimiter), ("quoteChar", quoteChar), ("escapeChar", escapeChar)]
        for (first, index) in zip(named, named.indices) {
            for second in named[(index + 1)...] {
                if let a = first.1, a == second.1 {
                    throw DescriptorError(
                        property: second.0,
                        message: "expected a character different from '\(first.0)' (both are \(Self.quoted(String(decoding: [a], as: UTF8.self))))")
                }
            }
        }
    }

    private static func character(_ value: String, property: String, allowsEmpty: Bool) throws(DescriptorError) -> UInt8? {
        if value.isEmpty, allowsEmpty { return nil }
        guard value.utf8.count == 1, let byte = value.utf8.first, byte < 0x80 else {
            let choices =
                property == "delimiter"
                ? "such as \",\", \";\", \"|\" or \"\\t\""
                : property == "quoteChar" ? "such as \"\\\"\" or \"'\", or \"\" for no quoting" : "such as \"\\\\\", or \"\" for none"
            throw DescriptorError(
                property: property,
                message: "expected exactly one ASCII character (\(choices)), found \(quoted(value))")
        }
        return byte
    }

    private static func quoted(_ value: String) -> String {
        var text = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }
}
