/// What kind of values a typed column holds (a Parquet column's), as frictionless sees
/// them once pandas has read the file: Python ints, floats, Decimals, bools, dates,
/// times, datetimes, str or bytes.
public enum TypedValueKind: Sendable, Hashable {
    case text, binary, integer, floating, decimal, boolean, date, time, timestamp
}

/// How a field judges the cells of a typed column where the value's type, not its text,
/// decides — as frictionless's field readers do on a Parquet file: a string field takes
/// only strings, a boolean field only booleans, a date field a datetime at midnight, an
/// integer field a whole float or Decimal (`3.0`, `1e+16`, `5.00`), and so on
/// (frictionless/fields/*.py, `create_value_reader`). `nil` from ``init(field:kind:)``:
/// the text means the same as in a CSV file.
enum TypedCellRule: Sendable {
    /// No value of this kind is of the field's type.
    case typeError
    /// A whole number (of any textual form a number takes) is an integer.
    case wholeNumber
    /// A timestamp is a date when its time of day is 00:00:00 (fractions of a second
    /// are not looked at, as frictionless does not).
    case midnightDate

    init?(field: FieldType, kind: TypedValueKind) {
        switch (field, kind) {
        case (_, .text), (.any, _): return nil
        case (.string, _): self = .typeError
        case (.integer, .integer): return nil
        case (.integer, .floating), (.integer, .decimal): self = .wholeNumber
        case (.integer, _): self = .typeError
        case (.number, .integer), (.number, .floating), (.number, .decimal): return nil
        case (.number, _): self = .typeError
        case (.boolean, .boolean): return nil
        case (.boolean, _): self = .typeError
        case (.date, .date): return nil
        case (.date, .timestamp): self = .midnightDate
        case (.date, _): self = .typeError
        case (.datetime, .timestamp): return nil
        case (.datetime, _): self = .typeError
        case (.time, .time): return nil
        case (.time, _): self = .typeError
        default: return nil
        }
    }

    /// Reads the date part of a timestamp's text, whatever the field's own format.
    private static let isoDate = try! FieldCaster(type: .date, format: nil, options: FieldCastOptions())

    /// The cell's value, or nil for a type error.
    func cast(_ bytes: UnsafeBufferPointer<UInt8>) -> CellValue? {
        switch self {
        case .typeError:
            return nil
        case .wholeNumber:
            guard let value = NumberParser.double(bytes), value.isFinite, value == value.rounded(.towardZero),
                  abs(value) < 9.2e18
            else { return nil }
            return .integer(Int(value))
        case .midnightDate:
            // "YYYY-MM-DD HH:MM:SS[.ffffff][+00:00]": the date, when HH:MM:SS is 00:00:00.
            guard bytes.count >= 19, Array(bytes[10..<19]) == Array(" 00:00:00".utf8) else { return nil }
            return Self.isoDate.cast(UnsafeBufferPointer(rebasing: bytes[0..<10]))
        }
    }
}
