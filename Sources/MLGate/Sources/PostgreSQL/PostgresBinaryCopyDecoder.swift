/// Turns the bytes of `COPY … TO STDOUT (FORMAT binary)` into exactly the CSV text that
/// `COPY … TO STDOUT (FORMAT csv, HEADER true)` of the same query sends, so that the CSV
/// reader that reads files reads both (docs/warehouse.md, "Binary COPY").
///
/// The binary format: the signature `PGCOPY\n\xff\r\n\0`, a flags word, a header
/// extension (its length, then skipped), then per tuple a 16-bit field count and per
/// field a 32-bit length (-1: NULL) and the value, big-endian; a count of -1 ends the
/// data. Each value is rendered as PostgreSQL's text output renders it in mlgate's
/// session (``PostgresBinaryText``), and quoted as its CSV output quotes it.
struct PostgresBinaryCopyDecoder {
    /// How a column's values are sent and rendered.
    enum Kind: Sendable, Hashable {
        case boolean, int2, int4, int8, float4, float8, numeric, text, date, timestamp
        /// `timestamptz` rendered in UTC (`+00`): only when the session's time zone is UTC.
        case timestampUTC
    }

    private static let signature: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00]

    let kinds: [Kind]
    private let names: [String]
    /// Bytes received and not yet decoded (a tuple split across messages).
    private var pending: [UInt8] = []
    private var headerRead = false
    /// Whether the trailer (a field count of -1) has been read.
    private(set) var ended = false
    /// A value's text before it is quoted.
    private var scratch: [UInt8] = []

    /// A decoder of tuples of these columns (names for the header row).
    init(names: [String], kinds: [Kind]) {
        precondition(names.count == kinds.count)
        self.names = names
        self.kinds = kinds
    }

    /// Decodes every complete tuple of `pending` + `bytes`, appending CSV lines to `csv`
    /// (the header line first); keeps an incomplete tuple for the next call.
    mutating func decode(_ bytes: some Collection<UInt8>, into csv: inout [UInt8]) throws(PostgresError) {
        pending.append(contentsOf: bytes)
        var index = 0
        defer { pending.removeSubrange(0..<index) }
        if !headerRead {
            guard pending.count >= Self.signature.count + 8 else { return }
            guard pending.starts(with: Self.signature) else { throw Self.violation("the binary COPY data lacks its signature") }
            let flags = Self.int32(pending, Self.signature.count)
            guard flags & (1 << 16) == 0 else { throw Self.violation("the binary COPY data holds OIDs") }
            let extensionLength = Int(Self.int32(pending, Self.signature.count + 4))
            guard extensionLength >= 0 else { throw Self.violation("a negative header extension length") }
            let start = Self.signature.count + 8 + extensionLength
            guard pending.count >= start else { return }
            index = start
            headerRead = true
            for (column, name) in names.enumerated() {
                if column > 0 { csv.append(UInt8(ascii: ",")) }
                Self.appendCSV(Array(name.utf8), to: &csv, alone: names.count == 1)
            }
            csv.append(UInt8(ascii: "\n"))
        }
        while !ended, pending.count - index >= 2 {
            let count = Int(Int16(bitPattern: UInt16(pending[index]) << 8 | UInt16(pending[index + 1])))
            if count == -1 {
                ended = true
                index += 2
                break
            }
            guard count == kinds.count else {
                throw Self.violation("a tuple of \(count) fields in binary COPY data of \(kinds.count) columns")
            }
            // The whole tuple must be here before any of it is rendered.
            var end = index + 2
            for _ in 0..<count {
                guard pending.count - end >= 4 else { return }
                let length = Int(Self.int32(pending, end))
                guard length >= -1 else { throw Self.violation("a field of negative length \(length)") }
                guard length <= PostgresConnection.messageLimit else { throw Self.violation("a field of \(length) bytes") }
                end += 4 + max(0, length)
                guard pending.count >= end else { return }
            }
            var field = index + 2
            for column in 0..<count {
                if column > 0 { csv.append(UInt8(ascii: ",")) }
                let length = Int(Self.int32(pending, field))
                field += 4
                guard length >= 0 else { continue }  // NULL: an empty cell
                try pending.withUnsafeBufferPointer { buffer throws(PostgresError) in
                    let value = UnsafeBufferPointer(rebasing: buffer[field..<(field + length)])
                    try render(value, kind: kinds[column], into: &csv, alone: count == 1)
                }
                field += length
            }
            csv.append(UInt8(ascii: "\n"))
            index = end
        }
    }

    /// Throws unless the data ended with its trailer and nothing after it.
    func finish() throws(PostgresError) {
        guard ended else { throw Self.violation("the binary COPY data ended inside a tuple or without its trailer") }
        guard pending.isEmpty else { throw Self.violation("bytes after the binary COPY trailer") }
    }

    private mutating func render(_ value: UnsafeBufferPointer<UInt8>, kind: Kind, into csv: inout [UInt8], alone: Bool) throws(PostgresError) {
        scratch.removeAll(keepingCapacity: true)
        switch kind {
        case .text:
            Self.appendCSV(value, to: &csv, alone: alone)
            return
        case .boolean:
            guard value.count == 1 else { throw Self.violation("a boolean of \(value.count) bytes") }
            scratch.append(contentsOf: value[0] != 0 ? Array("true".utf8) : Array("false".utf8))
        case .int2, .int4, .int8:
            let width = kind == .int2 ? 2 : kind == .int4 ? 4 : 8
            guard value.count == width else { throw Self.violation("an integer of \(value.count) bytes, expected \(width)") }
            var raw: UInt64 = 0
            for byte in value { raw = raw << 8 | UInt64(byte) }
            let shift = UInt64(64 - 8 * width)
            scratch.append(contentsOf: String(Int64(bitPattern: raw << shift) >> Int64(shift)).utf8)
        case .float4:
            guard value.count == 4 else { throw Self.violation("a real of \(value.count) bytes") }
            PostgresBinaryText.appendFloat(Float(bitPattern: UInt32(bitPattern: Self.int32(value, 0))), into: &scratch)
        case .float8:
            guard value.count == 8 else { throw Self.violation("a double of \(value.count) bytes") }
            PostgresBinaryText.appendDouble(Double(bitPattern: Self.int64(value)), into: &scratch)
        case .numeric:
            try PostgresBinaryText.appendNumeric(value, into: &scratch)
        case .date:
            guard value.count == 4 else { throw Self.violation("a date of \(value.count) bytes") }
            PostgresBinaryText.appendDate(Self.int32(value, 0), into: &scratch)
        case .timestamp, .timestampUTC:
            guard value.count == 8 else { throw Self.violation("a timestamp of \(value.count) bytes") }
            PostgresBinaryText.appendTimestamp(Int64(bitPattern: Self.int64(value)), utc: kind == .timestampUTC, into: &scratch)
        }
        Self.appendCSV(scratch, to: &csv, alone: alone)
    }

    /// A value as PostgreSQL's CSV output writes it: quoted when empty (an empty string,
    /// not NULL), holding a comma, a quote, CR or LF, or when it is `\.` alone on its line.
    static func appendCSV(_ value: some Collection<UInt8>, to csv: inout [UInt8], alone: Bool) {
        var quote = value.isEmpty || (alone && value.elementsEqual([UInt8(ascii: "\\"), UInt8(ascii: ".")]))
        if !quote {
            for byte in value where byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D {
                quote = true
                break
            }
        }
        guard quote else {
            csv.append(contentsOf: value)
            return
        }
        csv.append(UInt8(ascii: "\""))
        for byte in value {
            if byte == UInt8(ascii: "\"") { csv.append(byte) }
            csv.append(byte)
        }
        csv.append(UInt8(ascii: "\""))
    }

    static func int32(_ bytes: some RandomAccessCollection<UInt8>, _ offset: Int) -> Int32 {
        let start = bytes.index(bytes.startIndex, offsetBy: offset)
        var value: UInt32 = 0
        for byte in bytes[start..<bytes.index(start, offsetBy: 4)] { value = value << 8 | UInt32(byte) }
        return Int32(bitPattern: value)
    }

    private static func int64(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var value: UInt64 = 0
        for byte in bytes { value = value << 8 | UInt64(byte) }
        return value
    }

    static func violation(_ message: String) -> PostgresError {
        PostgresError(.protocolViolation, message)
    }
}
