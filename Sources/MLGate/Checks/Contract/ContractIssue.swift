/// One problem the data contract found in a table: a header label, a row or a cell that
/// breaks the schema. Codes and numbering are Frictionless's (the header is row 1, the
/// first data row is row 2; fields are numbered from 1).
public struct ContractIssue: Sendable, Hashable, Codable {
    /// The Frictionless error code: `type-error`, `constraint-error`, `missing-cell`, …
    public var code: ContractErrorCode
    /// The row (header = 1); `nil` for header problems.
    public var rowNumber: Int?
    /// The line of the file the row starts on, or for an unreadable cell or row the line
    /// of the offending byte; `nil` for header problems.
    public var line: Int?
    /// The column of the offending byte, for a cell or row the reader could not read
    /// (`encoding-error`, `source-error`).
    public var column: Int?
    /// The field's position (1-based); `nil` for row problems.
    public var fieldNumber: Int?
    /// The field's name (the label for header problems).
    public var fieldName: String?
    /// For `constraint-error`: which constraint (`minimum`, `required`, …).
    public var constraint: String?
    /// The cell's text, when there is one.
    public var cell: String?
    /// What is wrong and what was expected.
    public var message: String

    /// Creates an issue.
    public init(
        code: ContractErrorCode, rowNumber: Int? = nil, line: Int? = nil, column: Int? = nil, fieldNumber: Int? = nil, fieldName: String? = nil,
        constraint: String? = nil, cell: String? = nil, message: String
    ) {
        self.code = code
        self.rowNumber = rowNumber
        self.line = line
        self.column = column
        self.fieldNumber = fieldNumber
        self.fieldName = fieldName
        self.constraint = constraint
        self.cell = cell
        self.message = message
    }

    /// The issue of a stretch of the file read on its own (numbered as if it began the
    /// file) moved to the file's numbering: its row and line, and the row its message
    /// names when the message starts with it ("row 12 is blank: …").
    func moved(rows rowOffset: Int, lines lineOffset: Int) -> ContractIssue {
        var issue = self
        if let row = rowNumber {
            let prefix = "row \(row)"
            if message.hasPrefix(prefix), !(message.dropFirst(prefix.count).first?.isNumber ?? false) {
                issue.message = "row \(row + rowOffset)" + message.dropFirst(prefix.count)
            }
            issue.rowNumber = row + rowOffset
        }
        issue.line = line.map { $0 + lineOffset }
        return issue
    }
}

/// The error codes the data contract reports, as Frictionless names them. The reports
/// write a code as its raw value (also its `description`): `type-error`, ….
public enum ContractErrorCode: String, Sendable, CaseIterable, Codable, CustomStringConvertible {
    case blankLabel = "blank-label"
    case duplicateLabel = "duplicate-label"
    case missingLabel = "missing-label"
    case extraLabel = "extra-label"
    case incorrectLabel = "incorrect-label"
    case unmatchedHeader = "unmatched-header"
    /// A field whose bytes are not UTF-8 (read on, the cell repaired).
    case encodingError = "encoding-error"
    /// A row that could not be read at all, such as a JSON line that does not parse (read on).
    case sourceError = "source-error"
    case blankRow = "blank-row"
    case extraCell = "extra-cell"
    case missingCell = "missing-cell"
    case typeError = "type-error"
    case constraintError = "constraint-error"
    case uniqueError = "unique-error"
    case primaryKey = "primary-key"
    /// A row's foreign key is not found among the referenced fields' values.
    case foreignKey = "foreign-key"

    /// The code as Frictionless writes it.
    public var description: String { rawValue }

    /// Whether the code is about the header rather than a row.
    public var isHeaderError: Bool {
        switch self {
        case .blankLabel, .duplicateLabel, .missingLabel, .extraLabel, .incorrectLabel, .unmatchedHeader: true
        default: false
        }
    }
}
