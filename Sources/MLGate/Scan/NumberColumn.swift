/// A column of a batch held as numbers, not text: a Parquet reader's doubles, integers,
/// dates and timestamps, handed over as the file stores them when every consumer of the
/// column reads it as numbers (``TableConsumer/numberColumns``), so that they are neither
/// written out as text nor parsed back.
///
/// Such a column reads exactly as its text would: ``RowBatch/forEachNumber(in:_:)``
/// gives the value that parsing the reader's text of it gives, and anything that asks
/// for the text anyway (a finding's sample, a row-by-row path) gets the text the reader
/// would have written (``ParquetText``), made on demand.
struct NumberColumn: Sendable {
    /// The values, one per row (a null row's is 0).
    enum Values: Sendable {
        /// A column of doubles (Parquet DOUBLE without a logical type). NaN reads as a
        /// missing cell, as its text (empty) does.
        case doubles([Double])
        /// A column of signed integers (Parquet INT32 or INT64, plain or INTEGER signed).
        case integers([Int64])
        /// A column of dates or instants (Parquet DATE, TIMESTAMP) as the file's integers.
        /// They read as their texts (``RowBatch/forEachNumber(in:_:)`` gives text, as
        /// parsing a date's text as a number does); a kernel that knows the form settles
        /// them by value (``KernelRule/verdict(moment:form:)``).
        case moments([Int64], MomentForm)
    }

    /// What a held moment's integer counts.
    enum MomentForm: Sendable, Hashable {
        /// Days since 1970-01-01.
        case date
        /// Units since 1970-01-01 00:00:00, UTC-adjusted or local.
        case timestamp(ParquetTimeUnit, utc: Bool)
    }

    var values: Values
    /// For each row, whether it is null; empty when no row is.
    var nulls: [Bool]

    /// The number of rows.
    var count: Int {
        switch values {
        case .doubles(let values): values.count
        case .integers(let values): values.count
        case .moments(let values, _): values.count
        }
    }

    /// Whether every value is an integer written as digits (an integer column).
    var holdsIntegers: Bool {
        if case .integers = values { return true }
        return false
    }

    /// Whether the row's text is empty: a null, or a NaN (a number's, a date's or an
    /// instant's text never is). ``RowBatch/forEachNumber(in:_:)`` reads such a row as
    /// missing.
    @inline(__always)
    func isEmpty(_ row: Int) -> Bool {
        if !nulls.isEmpty, nulls[row] { return true }
        if case .doubles(let values) = values { return values[row].isNaN }
        return false
    }

    /// Appends the text of the row's value as the reader writes it (nothing for a null).
    func appendText(_ row: Int, to text: inout [UInt8]) {
        if !nulls.isEmpty, nulls[row] { return }
        switch values {
        case .doubles(let values): ParquetText.appendDouble(values[row], to: &text)
        case .integers(let values): ParquetText.appendInteger(values[row], to: &text)
        case .moments(let values, .date): ParquetText.appendDate(days: values[row], to: &text)
        case .moments(let values, .timestamp(let unit, let utc)):
            ParquetText.appendTimestamp(values[row], unit: unit, utc: utc, to: &text)
        }
    }

    /// The column's text, row by row: cell `i` is `text[ends[i - 1]..<ends[i]]`.
    func texts() -> (text: [UInt8], ends: [Int]) {
        var text: [UInt8] = [], ends: [Int] = []
        text.reserveCapacity(count * 12)
        ends.reserveCapacity(count)
        for row in 0..<count {
            appendText(row, to: &text)
            ends.append(text.count)
        }
        return (text, ends)
    }
}

extension NumberColumn.MomentForm {
    /// Whether a field read by `kind` settles held dates or instants by value: a
    /// default-format date (held dates) or datetime (held instants).
    static func settles(_ kind: FieldCaster.Kind) -> Bool {
        switch kind {
        case .date(.default), .datetime(.default): true
        default: false
        }
    }

    /// A held value's whole days (a date) or seconds (an instant) since 1970-01-01, for
    /// a field read by `kind` (``settles(_:)``): nil when the field is of the other type,
    /// or when the value's year is not one the default formats read (1 to 9999; its
    /// text is then left to the general path).
    @inline(__always)
    func readable(_ value: Int64, as kind: FieldCaster.Kind) -> Int64? {
        switch (self, kind) {
        case (.date, .date(.default)):
            return Self.readableDays.contains(value) ? value : nil
        case (.timestamp(let unit, _), .datetime(.default)):
            let seconds = ParquetText.floorDivide(value, unit.perSecond)
            return Self.readableDays.contains(ParquetText.floorDivide(seconds, 86_400)) ? seconds : nil
        default:
            return nil
        }
    }

    /// The days from 0001-01-01 to 9999-12-31, counted from 1970-01-01.
    static let readableDays =
        Int64(CivilCalendar.days(year: 1, month: 1, day: 1))...Int64(CivilCalendar.days(year: 9999, month: 12, day: 31))
}

/// A cell as a consumer of numbers reads it (``RowBatch/forEachNumber(in:_:)``): what
/// ``NumberParser/double(_:)`` makes of its text, without the text when the batch holds
/// the column as numbers.
enum NumberCell {
    /// No cell, or an empty one (a null).
    case missing
    /// A number, parsed from `text`, or held as a number (`text` is nil: the batch
    /// gives its text on demand, ``RowBatch/withBytes(_:_:_:)``). NaN and infinities
    /// included, as their texts parse.
    case number(Double, text: UnsafeBufferPointer<UInt8>?)
    /// Text that is not a number.
    case text(UnsafeBufferPointer<UInt8>)
}
