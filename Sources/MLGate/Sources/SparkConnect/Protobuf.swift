/// The protocol buffers wire format, as much as the Spark Connect client needs: a writer
/// for the few request messages it sends, and a reader of fields for the answers it
/// takes apart. Written by hand rather than generated (see docs/warehouse.md, Spark):
/// the client sends four messages and reads two, and swift-protobuf's plugin costs every
/// clean build minutes.
struct ProtobufWriter {
    private(set) var bytes: [UInt8] = []

    init() {}

    mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    private mutating func tag(_ field: Int, _ wireType: UInt64) { varint(UInt64(field) << 3 | wireType) }

    /// A length-delimited field: a string, bytes or an embedded message.
    mutating func bytes(_ field: Int, _ value: [UInt8]) {
        tag(field, 2)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    mutating func string(_ field: Int, _ value: String) { bytes(field, Array(value.utf8)) }

    mutating func message(_ field: Int, _ build: (inout ProtobufWriter) -> Void) {
        var inner = ProtobufWriter()
        build(&inner)
        bytes(field, inner.bytes)
    }

    /// A varint field (int32, int64, uint64, an enum).
    mutating func varint(_ field: Int, _ value: UInt64) {
        tag(field, 0)
        varint(value)
    }

    mutating func bool(_ field: Int, _ value: Bool) {
        tag(field, 0)
        varint(value ? 1 : 0)
    }
}

/// The fields of one protocol buffers message, read from untrusted bytes: every length
/// is checked, so that a malformed message is a ``ProtobufReader/DecodeError``.
struct ProtobufReader {
    struct DecodeError: Error, Sendable, Equatable {
        var message: String
    }

    /// A field's value: a varint (or a fixed-width number, as its bits), or bytes.
    enum Value {
        case number(UInt64)
        case bytes(ArraySlice<UInt8>)
    }

    private let bytes: ArraySlice<UInt8>
    private var position: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.startIndex
    }

    /// The next field's number and value, nil at the end of the message.
    mutating func next() throws(DecodeError) -> (field: Int, value: Value)? {
        guard position < bytes.endIndex else { return nil }
        let key = try varint()
        let field = Int(key >> 3)
        guard field > 0 else { throw DecodeError(message: "field number 0") }
        switch key & 7 {
        case 0: return (field, .number(try varint()))
        case 1: return (field, .number(try fixed(8)))
        case 5: return (field, .number(try fixed(4)))
        case 2:
            let length = try varint()
            guard length <= UInt64(bytes.endIndex - position) else {
                throw DecodeError(message: "field \(field) claims \(length) bytes; \(bytes.endIndex - position) are left")
            }
            defer { position += Int(length) }
            return (field, .bytes(bytes[position..<position + Int(length)]))
        case let wireType: throw DecodeError(message: "field \(field) has wire type \(wireType) (groups are not read)")
        }
    }

    private mutating func varint() throws(DecodeError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while position < bytes.endIndex {
            let byte = bytes[position]
            position += 1
            guard shift < 64 else { throw DecodeError(message: "a varint longer than 10 bytes") }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        throw DecodeError(message: "the message ends inside a varint")
    }

    private mutating func fixed(_ width: Int) throws(DecodeError) -> UInt64 {
        guard bytes.endIndex - position >= width else { throw DecodeError(message: "the message ends inside a fixed-width field") }
        var value: UInt64 = 0
        for index in 0..<width { value |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
        position += width
        return value
    }
}
