/// A Parquet file's schema as a table: one column per leaf of the schema tree, a
/// struct's leaves named `parent.child`.
///
/// Columns under a repeated field (LIST, MAP, or a bare repeated field) are not flat:
/// such a top-level field is one column of the table, named after the field, which
/// reads as an error (``ParquetColumn/unsupported``) only if a gate reads it.
struct ParquetSchema: Sendable {
    /// One column of the table.
    struct Column: Sendable {
        /// The table's name for it: the path joined with dots.
        var name: String
        /// The leaf's place among the row groups' column chunks; `nil` for a nested
        /// column that is not read.
        var leaf: Int?
        /// The leaf's schema element: physical type, length and logical type.
        var element: ParquetSchemaElement
        /// The definition level of a present value (0 for a required column).
        var maxDefinition: Int
        /// Why the column cannot be read (a LIST or a MAP), if it cannot.
        var unsupported: String?
    }

    /// The columns, in schema order.
    private(set) var columns: [Column] = []
    /// The number of leaves (column chunks per row group).
    private(set) var leafCount = 0

    /// Flattens the schema elements (depth first, as stored in the footer).
    init(_ elements: [ParquetSchemaElement]) throws(ParquetDecodeError) {
        guard let root = elements.first else { throw ParquetDecodeError("the schema is empty", at: 0) }
        var index = 1
        for _ in 0..<root.childCount {
            try walk(elements, &index, path: [], definition: 0, nested: nil, depth: 1)
        }
        guard index == elements.count else {
            throw ParquetDecodeError("the schema's elements do not form one tree (\(elements.count - index) left over)", at: 0)
        }
    }

    private mutating func walk(
        _ elements: [ParquetSchemaElement], _ index: inout Int, path: [String], definition: Int, nested: String?, depth: Int
    ) throws(ParquetDecodeError) {
        guard index < elements.count else {
            throw ParquetDecodeError("the schema declares more children than it has elements", at: 0)
        }
        guard depth <= 64 else { throw ParquetDecodeError("the schema nests too deeply", at: 0) }
        let element = elements[index]
        index += 1
        let path = path + [element.name]
        var definition = definition
        var nested = nested
        switch element.repetition {
        case 1?: definition += 1
        case 2?:
            definition += 1
            if nested == nil { nested = "a repeated field" }
        default: break
        }
        if element.childCount > 0 || element.type == nil {
            if nested == nil, element.logicalType == .list { nested = "a LIST" }
            if nested == nil, element.logicalType == .map { nested = "a MAP" }
            for _ in 0..<element.childCount {
                try walk(elements, &index, path: path, definition: definition, nested: nested, depth: depth + 1)
            }
            return
        }
        let leaf = leafCount
        leafCount += 1
        if let nested {
            // One column for the whole top-level field.
            let name = path[0]
            if columns.last?.name == name, columns.last?.unsupported != nil { return }
            columns.append(Column(
                name: name, leaf: nil, element: element, maxDefinition: definition,
                unsupported: "column '\(name)' is \(nested): mlgate reads flat columns and structs of scalars"))
            return
        }
        let name = path.joined(separator: ".")
        if case .decimal(let scale, let precision)? = element.logicalType, let problem = Self.decimalProblem(element, scale: scale, precision: precision) {
            columns.append(Column(name: name, leaf: nil, element: element, maxDefinition: definition, unsupported: "column '\(name)' \(problem)"))
            return
        }
        columns.append(Column(name: name, leaf: leaf, element: element, maxDefinition: definition))
    }

    /// The most digits a decimal's text may have: Arrow's widest decimal (decimal256).
    static let maximumDecimalDigits = 76

    /// Why a DECIMAL column cannot be read: Parquet's rules (a precision from 1 to what
    /// the physical type holds, a scale from 0 to the precision), and at most
    /// ``maximumDecimalDigits`` digits. A scale read from a damaged footer would
    /// otherwise write that many zeros into every cell.
    static func decimalProblem(_ element: ParquetSchemaElement, scale: Int, precision: Int) -> String? {
        let holds: Int
        switch element.type {
        case .int32?: holds = 9
        case .int64?: holds = 18
        case .fixedLenByteArray?: holds = element.typeLength > 0 ? Int(Double(8 * element.typeLength - 1) * 0.30102999566398120) : 0
        default: holds = maximumDecimalDigits
        }
        let most = min(holds, maximumDecimalDigits)
        guard precision >= 1, precision <= most else {
            return "is a DECIMAL of precision \(precision): expected 1 to \(most) digits for its type"
        }
        guard scale >= 0, scale <= precision else {
            return "is a DECIMAL of scale \(scale): expected 0 to its precision \(precision)"
        }
        return nil
    }
}
