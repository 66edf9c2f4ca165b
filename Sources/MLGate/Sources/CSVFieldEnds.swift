/// Where the tokenizer's fast path keeps the ends of the fields it found until it hands
/// them to the sink, a run at a time: each entry is the field's end offset in the chunk,
/// with ``recordEnd`` set when a line feed ends the record there. Scratch memory of one
/// tokenizer, used only within one scan of a chunk.
final class CSVFieldEnds: @unchecked Sendable {
    /// Entries a run holds.
    static let capacity = 512
    /// Marks an entry whose field ends its record.
    static let recordEnd = 1 << 62
    /// The offset part of an entry.
    static let offsetMask = recordEnd - 1
    let base = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
    deinit { base.deallocate() }
}
