/// How one field reads its cells: built once per field, then called per cell (hot path).
///
/// Each type follows frictionless-py's `create_value_reader` of the same field class
/// (frictionless/fields/<type>.py); Fixtures/contract/cast/README.md lists the rules
/// and the few deliberate differences.
public struct FieldCaster: Sendable {
    /// The field's type.
    public let type: FieldType
    /// The field's format as read (`fmt:` prefix removed); nil for `default`.
    public let format: String?

    enum DateFormat: Sendable {
        case `default`, any
        case pattern(StrptimePattern)
    }

    enum StringFormat: Sendable { case `default`, email, uri, uuid, binary }

    /// Only a list's item is boxed: with the whole enum indirect, each cell's `switch`
    /// copied its case's payload out of the box (a date pattern's arrays retained and
    /// released for every cell).
    enum Kind: Sendable {
        case string(StringFormat)
        case any
        case number(NumberReader)
        case integer(bareNumber: Bool)
        case boolean(values: [([UInt8], Bool)])
        case date(DateFormat), time(DateFormat), datetime(DateFormat)
        case year, yearmonth, duration
        case object, array, geojson
        indirect case list(delimiter: [UInt8], item: FieldCaster)
        case geopoint(GeopointCast.Format)
    }

    let kind: Kind

    /// Throws FieldCastError when the format is unknown for the type (the message lists
    /// the valid formats) or a pattern is not a valid strptime pattern.
    ///
    /// Types whose reading does not depend on the format (number, integer, boolean,
    /// year, …) accept any format, as frictionless does, and ignore it.
    public init(type: FieldType, format: String?, options: FieldCastOptions) throws(FieldCastError) {
        self.type = type
        var name = format ?? "default"
        if name.contains("fmt:") { name = name.replacingOccurrences(of: "fmt:", with: "") }
        self.format = name == "default" ? nil : name
        func unknown(_ valid: [String]) -> FieldCastError {
            FieldCastError(message: "format \"\(name)\" is not a format of type \(type.rawValue); valid formats: \(valid.joined(separator: ", "))")
        }
        func dateFormat() throws(FieldCastError) -> DateFormat {
            switch name {
            case "default": return .default
            case "any": return .any
            default: return .pattern(try StrptimePattern(name))
            }
        }
        switch type {
        case .string:
            switch name {
            case "default": kind = .string(.default)
            case "email": kind = .string(.email)
            case "uri": kind = .string(.uri)
            case "uuid": kind = .string(.uuid)
            case "binary": kind = .string(.binary)
            case "wkt": throw FieldCastError(message: "format \"wkt\" of type string is not supported by mlgate; supported formats: default, email, uri, uuid, binary")
            default: throw unknown(["default", "email", "uri", "binary", "uuid", "wkt"])
            }
        case .any: kind = .any
        case .number: kind = .number(NumberReader(options: options))
        case .integer: kind = .integer(bareNumber: options.bareNumber)
        case .boolean:
            var mapping: [[UInt8]: Bool] = [:]
            var order: [[UInt8]] = []
            for value in options.trueValues {
                let key = Array(value.utf8)
                if mapping[key] == nil { order.append(key) }
                mapping[key] = true
            }
            for value in options.falseValues {
                let key = Array(value.utf8)
                if mapping[key] == nil { order.append(key) }
                mapping[key] = false
            }
            kind = .boolean(values: order.map { ($0, mapping[$0]!) })
        case .date: kind = .date(try dateFormat())
        case .time: kind = .time(try dateFormat())
        case .datetime: kind = .datetime(try dateFormat())
        case .year: kind = .year
        case .yearmonth: kind = .yearmonth
        case .duration: kind = .duration
        case .object: kind = .object
        case .array: kind = .array
        case .geojson:
            switch name {
            case "default": kind = .geojson
            case "topojson": throw FieldCastError(message: "format \"topojson\" of type geojson is not supported by mlgate; supported formats: default")
            default: throw unknown(["default", "topojson"])
            }
        case .geopoint:
            switch name {
            case "default": kind = .geopoint(.default)
            case "array": kind = .geopoint(.array)
            case "object": kind = .geopoint(.object)
            default: throw unknown(["default", "array", "object"])
            }
        case .list:
            let itemType = options.listItemType ?? .string
            guard FieldType.listItemTypes.contains(itemType) else {
                throw FieldCastError(message: "itemType \"\(itemType.rawValue)\" is not an item type of a list; valid item types: \(FieldType.listItemTypes.map(\.rawValue).joined(separator: ", "))")
            }
            guard !options.listDelimiter.isEmpty else {
                throw FieldCastError(message: "the delimiter of a list field must not be empty")
            }
            // Items read with the default format and options of their type.
            kind = .list(delimiter: Array(options.listDelimiter.utf8), item: try FieldCaster(type: itemType, format: nil, options: FieldCastOptions()))
        }
    }

    /// The typed value, or nil when the cell is not of the field's type/format (a
    /// type-error). Bytes are one cell's UTF-8 text, never a missing value (the caller
    /// removes those).
    public func cast(_ bytes: UnsafeBufferPointer<UInt8>) -> CellValue? {
        switch kind {
        case let .string(format):
            guard format == .default || isValid(bytes) else { return nil }
            return .string(String(decoding: bytes, as: UTF8.self))
        case .any:
            return .string(String(decoding: bytes, as: UTF8.self))
        case let .number(reader):
            return reader.read(bytes).map { .number($0) }
        case let .integer(bareNumber):
            return Self.integer(bytes, bareNumber: bareNumber)
        case let .boolean(values):
            return Self.boolean(bytes, values).map { .boolean($0) }
        case let .date(format):
            return Self.moment(bytes, format, defaultReader: Self.defaultDate).map { .date(days: $0.days) }
        case let .time(format):
            return Self.moment(bytes, format, defaultReader: ISOParser.time).map { .time(seconds: $0.secondsOfDay) }
        case let .datetime(format):
            return Self.moment(bytes, format, defaultReader: ISOParser.datetime).map { .datetime(seconds: $0.epochSeconds) }
        case .year:
            return Self.year(bytes).map { .year($0) }
        case .yearmonth:
            return Self.yearMonth(bytes).map { .yearMonth(year: $0.year, month: $0.month) }
        case .duration:
            return DurationCast.parse(bytes).map { .duration(months: $0.months, seconds: $0.seconds) }
        case .object:
            guard let value = JSONValue.parse(bytes), case .object = value else { return nil }
            return .json(value.canonical)
        case .array:
            guard let value = JSONValue.parse(bytes), case .array = value else { return nil }
            return .json(value.canonical)
        case .geojson:
            guard let value = JSONValue.parse(bytes), GeoJSONProfile.isValid(value) else { return nil }
            return .json(value.canonical)
        case let .list(delimiter, item):
            var items: [CellValue] = []
            let ok = Self.split(bytes, delimiter) { part in
                guard let value = item.cast(part) else { return false }
                items.append(value)
                return true
            }
            return ok ? .list(items) : nil
        case let .geopoint(format):
            return GeopointCast.parse(bytes, format: format).map { .geopoint(longitude: $0.longitude, latitude: $0.latitude) }
        }
    }

    /// Whether the cell is of the type, without building a value when that is cheaper
    /// (hot path: no allocation for number/integer/boolean/date/datetime/string formats).
    public func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        switch kind {
        case let .string(format):
            switch format {
            case .default: return true
            case .email: return StringFormats.isEmail(bytes)
            case .uri: return StringFormats.isURI(bytes)
            case .uuid: return StringFormats.isUUID(bytes)
            case .binary: return StringFormats.isBase64(bytes)
            }
        case .any: return true
        case let .number(reader): return reader.read(bytes) != nil
        case let .integer(bareNumber): return Self.integer(bytes, bareNumber: bareNumber) != nil
        case let .boolean(values): return Self.boolean(bytes, values) != nil
        case let .date(format): return Self.moment(bytes, format, defaultReader: Self.defaultDate) != nil
        case let .time(format): return Self.moment(bytes, format, defaultReader: ISOParser.time) != nil
        case let .datetime(format): return Self.moment(bytes, format, defaultReader: ISOParser.datetime) != nil
        case .year: return Self.year(bytes) != nil
        case .yearmonth: return Self.yearMonth(bytes) != nil
        case .duration: return DurationCast.parse(bytes) != nil
        case let .list(delimiter, item):
            return Self.split(bytes, delimiter) { item.isValid($0) }
        default:
            return cast(bytes) != nil
        }
    }

    /// Convenience: cast(String) for constraint values written in the schema
    /// (e.g. minimum: "2020-01-01").
    public func cast(_ text: String) -> CellValue? {
        var text = text
        return text.withUTF8 { cast($0) }
    }

    /// Convenience: isValid(String).
    public func isValid(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isValid($0) }
    }

    // MARK: Readers

    /// `int(cell.strip())`, after the `bareNumber: false` pattern.
    @inline(__always)
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>, bareNumber: Bool) -> CellValue? {
        if bareNumber { return PythonText.parseInt(bytes) }
        let range = NumberCast.unbare(bytes, PythonText.strip(bytes))
        return PythonText.parseInt(UnsafeBufferPointer(rebasing: bytes[range]))
    }

    /// `mapping.get(cell)`: exact, case-sensitive.
    @inline(__always)
    static func boolean(_ bytes: UnsafeBufferPointer<UInt8>, _ values: [([UInt8], Bool)]) -> Bool? {
        for (text, value) in values where text.count == bytes.count {
            var same = true
            for index in 0..<text.count where text[index] != bytes[index] { same = false; break }
            if same { return value }
        }
        return nil
    }

    /// frictionless/fields/year.py: `len(cell) == 4`, then `int(cell)` in 0…9999.
    static func year(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard PythonText.scalarCount(bytes) == 4, case let .integer(value)? = PythonText.parseInt(bytes),
              value >= 0, value <= 9999 else { return nil }
        return value
    }

    /// frictionless/fields/yearmonth.py: `year, month = cell.split("-")`, both `int`,
    /// 1 ≤ month ≤ 12.
    static func yearMonth(_ bytes: UnsafeBufferPointer<UInt8>) -> (year: Int, month: Int)? {
        var dash = -1
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "-") {
            if dash >= 0 { return nil }
            dash = index
        }
        guard dash >= 0,
              case let .integer(year)? = PythonText.parseInt(UnsafeBufferPointer(rebasing: bytes[0..<dash])),
              case let .integer(month)? = PythonText.parseInt(UnsafeBufferPointer(rebasing: bytes[(dash + 1)...])),
              month >= 1, month <= 12 else { return nil }
        return (year, month)
    }

    /// frictionless/fields/date.py, `default`: `strptime(cell, "%Y-%m-%d")`.
    static let defaultDatePattern = try! StrptimePattern("%Y-%m-%d")

    @inline(__always)
    static func defaultDate(_ bytes: UnsafeBufferPointer<UInt8>) -> CivilMoment? {
        // The common shape YYYY-MM-DD directly; anything else through the pattern
        // (which also accepts 2024-1-5 and 2024-01- 5, as Python's does).
        if bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
           let year = ISOParser.digits(bytes, 0, 4), let month = ISOParser.digits(bytes, 5, 2), let day = ISOParser.digits(bytes, 8, 2),
           month >= 1, month <= 12, day >= 1 {
            guard CivilCalendar.isValid(year: year, month: month, day: day) else { return nil }
            return CivilMoment(days: CivilCalendar.days(year: year, month: month, day: day))
        }
        return defaultDatePattern.parse(bytes)
    }

    @inline(__always)
    static func moment(_ bytes: UnsafeBufferPointer<UInt8>, _ format: DateFormat, defaultReader: (UnsafeBufferPointer<UInt8>) -> CivilMoment?) -> CivilMoment? {
        switch format {
        case .default: return defaultReader(bytes)
        case .any: return DateAnyParser.parse(bytes)
        case let .pattern(pattern): return pattern.parse(bytes)
        }
    }

    /// `cell.split(delimiter)`, each part handed to `body` until it returns false.
    @inline(__always)
    static func split(_ bytes: UnsafeBufferPointer<UInt8>, _ delimiter: [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        var start = 0, index = 0
        while index <= bytes.count - delimiter.count {
            if NumberReader.matches(delimiter, bytes, at: index, end: bytes.count) {
                if !body(UnsafeBufferPointer(rebasing: bytes[start..<index])) { return false }
                index += delimiter.count
                start = index
            } else {
                index += 1
            }
        }
        return body(UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
    }
}
