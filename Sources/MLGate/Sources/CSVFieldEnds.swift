/// One entry of a run of field ends (``CSVFieldEnds``): the offset in its chunk where a
/// field ends (at the delimiter or line break after it), whether its record ends there
/// too (and whether at a CRLF), whether the field is quoted (its text is then inside the
/// quotes: one byte shorter at each end) and whether that text holds doubled quotes
/// (each pair is one quote: ``undoubled(_:in:)``, which a sink pays only for a cell it
/// keeps). The tokenizer's fast path writes them and the sink reads them
/// (``RowBatch/appendChunkFields(_:from:lines:in:)``); how they are packed into one `Int`
/// is known only here.
struct CSVFieldEnd {
    /// The offset, with ``recordEndBit`` set when the field ends its record.
    let packed: Int

    /// Marks an entry whose field ends its record.
    @inline(__always) private static var recordEndBit: Int { 1 << 62 }
    /// Marks an entry whose field is quoted.
    @inline(__always) private static var quotedShift: Int { 61 }
    /// Marks an entry whose record ends with CRLF: the next field starts two bytes on.
    @inline(__always) private static var crlfShift: Int { 60 }
    /// Marks an entry whose quoted text holds doubled quotes.
    @inline(__always) private static var doubledBit: Int { 1 << 59 }
    /// The offset part of an entry.
    @inline(__always) private static var offsetMask: Int { doubledBit - 1 }

    /// A field that ends at `offset`, its record going on after it.
    @inline(__always)
    init(fieldEndingAt offset: Int) { packed = offset }

    /// A field that ends at `offset` and ends its record.
    @inline(__always)
    init(recordEndingAt offset: Int) { packed = offset | Self.recordEndBit }

    /// A field that ends at `offset`, ending its record or not (at a CRLF or not),
    /// quoted or not, its quoted text holding doubled quotes or not.
    @inline(__always)
    init(endingAt offset: Int, endsRecord: Bool, crlf: Bool, quoted: Bool, doubled: Bool = false) {
        packed = offset | (endsRecord ? Self.recordEndBit : 0) | (crlf ? 1 << Self.crlfShift : 0)
            | (quoted ? 1 << Self.quotedShift : 0) | (doubled ? Self.doubledBit : 0)
    }

    /// Whether the field's text holds doubled quotes (it is then quoted).
    @inline(__always)
    var isDoubled: Bool { packed & Self.doubledBit != 0 }

    /// The text of a field that ``isDoubled`` (``text(from:)``, in `chunk`), each pair of
    /// quotes read as one; the quote is the byte before the text, which opens the field.
    /// The tokenizer has made sure that the quotes inside come in pairs.
    static func undoubled(_ text: (start: Int, count: Int), in chunk: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let quote = chunk[text.start - 1]
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count)
        var offset = text.start
        let end = text.start + text.count
        while offset < end {
            let byte = chunk[offset]
            bytes.append(byte)
            offset += byte == quote ? 2 : 1
        }
        return bytes
    }

    /// Where the field ends in the chunk; the next field starts just after.
    @inline(__always)
    var offset: Int { packed & Self.offsetMask }

    /// Whether the field is the last of its record.
    @inline(__always)
    var endsRecord: Bool { packed & Self.recordEndBit != 0 }

    /// Where the next field starts: just after the delimiter or line break.
    @inline(__always)
    var nextStart: Int { (packed & Self.offsetMask) &+ 1 &+ ((packed &>> Self.crlfShift) & 1) }

    /// The field's text, for a field that starts at `start` (just after the previous
    /// entry's offset): where it starts in the chunk and its length in bytes.
    @inline(__always)
    func text(from start: Int) -> (start: Int, count: Int) {
        let quoted = (packed &>> Self.quotedShift) & 1
        return (start &+ quoted, (packed & Self.offsetMask) &- start &- 2 &* quoted)
    }
}

/// Where the tokenizer's fast path keeps the ends of the fields it found until it hands
/// them to the sink, a run at a time (``CSVFieldEnd``). Scratch memory of one tokenizer,
/// used only within one scan of a chunk.
final class CSVFieldEnds: @unchecked Sendable {
    /// Entries a run holds.
    static let capacity = 512
    let base = UnsafeMutablePointer<CSVFieldEnd>.allocate(capacity: capacity)
    deinit { base.deallocate() }
}
