/// One entry of a run of field ends (``CSVFieldEnds``): the offset in its chunk where a
/// field ends (at the delimiter or line break after it), and whether its record ends
/// there too. The tokenizer's fast path writes them and the sink reads them
/// (``RowBatch/appendChunkFields(_:from:lines:)``); how they are packed into one `Int`
/// is known only here.
struct CSVFieldEnd {
    /// The offset, with ``recordEndBit`` set when the field ends its record.
    let packed: Int

    /// Marks an entry whose field ends its record.
    @inline(__always) private static var recordEndBit: Int { 1 << 62 }
    /// The offset part of an entry.
    @inline(__always) private static var offsetMask: Int { recordEndBit - 1 }

    /// A field that ends at `offset`, its record going on after it.
    @inline(__always)
    init(fieldEndingAt offset: Int) { packed = offset }

    /// A field that ends at `offset` and ends its record.
    @inline(__always)
    init(recordEndingAt offset: Int) { packed = offset | Self.recordEndBit }

    /// Where the field ends in the chunk; the next field starts just after.
    @inline(__always)
    var offset: Int { packed & Self.offsetMask }

    /// Whether the field is the last of its record.
    @inline(__always)
    var endsRecord: Bool { packed & Self.recordEndBit != 0 }
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
