/// The tokenizer's fast path's view of a chunk, 64 bytes at a time: the bytes classified
/// by ``FieldBoundaryScanner``, and the quotes resolved as simdjson and simdcsv resolve
/// them. Each quote toggles "inside quotes"; the XOR of the quote bits up to each byte
/// (``FieldBoundaryScanner/prefixXOR(_:)``, carried from block to block) says which
/// bytes lie inside, and field ends there are text.
///
/// That toggle reads the RFC 4180 dialects exactly as long as every quote opens a field
/// (at a field's start) or closes it (before a delimiter or a line break) or is one of a
/// doubled pair inside it. A quote that is neither (in an unquoted field, or a closing
/// quote followed by more text) is marked ``irregular``: from there on the toggle may be
/// wrong, and the tokenizer hands that field to its state machine, which reads such
/// fields as Python's `csv` does, and starts the blocks afresh after it.
///
/// A block is first made at a field's start (outside quotes); the next ones follow it
/// contiguously. Bytes past the chunk's end (in its last, short block) are no class:
/// a quote just before the end is irregular, since what follows it is not known yet.
struct CSVBlock {
    /// Where the block starts in the chunk (bit 0).
    private(set) var start: Int
    /// Field ends outside quotes: where fields end.
    private(set) var ends: UInt64 = 0
    /// Bytes a field holding them must be looked at for: quotes, non-ASCII bytes, field
    /// ends inside quotes, irregular quotes (the union of the masks below).
    private(set) var special: UInt64 = 0
    private(set) var quotes: UInt64 = 0
    private(set) var high: UInt64 = 0
    /// The non-ASCII bytes by their place in UTF-8 (``FieldBoundaryScanner/Masks``).
    private(set) var leads: UInt64 = 0
    private(set) var continuations: UInt64 = 0
    private(set) var wide: UInt64 = 0
    /// Field ends (delimiters, LF, CR) inside quotes: text of a quoted field.
    private(set) var quotedEnds: UInt64 = 0
    /// Quotes the toggle does not read as the tokenizer does (see above).
    private(set) var irregular: UInt64 = 0
    /// All ones when the block ends inside quotes.
    private var insideCarry: UInt64 = 0
    /// 1 when the byte before the block may precede an opening quote (a delimiter, a
    /// line break, a quote; or the block starts a field).
    private var structuralCarry: UInt64 = 1

    static var size: Int { FieldBoundaryScanner.blockSize }

    /// The block of the bytes from `fieldStart`, where a field starts outside quotes.
    @inline(__always)
    init(at fieldStart: Int, in buffer: UnsafeBufferPointer<UInt8>, scanner: FieldBoundaryScanner) {
        start = fieldStart
        load(buffer, scanner: scanner)
    }

    /// Moves on to the next 64 bytes (which must start inside the chunk).
    @inline(__always)
    mutating func advance(in buffer: UnsafeBufferPointer<UInt8>, scanner: FieldBoundaryScanner) {
        start &+= Self.size
        load(buffer, scanner: scanner)
    }

    // Not inlined: one call per 64 bytes keeps the field loop that calls it small.
    @inline(never)
    private mutating func load(_ buffer: UnsafeBufferPointer<UInt8>, scanner: FieldBoundaryScanner) {
        let count = buffer.count, base = buffer.baseAddress!
        var masks: FieldBoundaryScanner.Masks
        if start &+ Self.size <= count {
            masks = scanner.masks(base + start)
        } else {
            masks = Self.shortMasks(base + start, count: count &- start, scanner: scanner)
        }
        quotes = masks.quotes
        high = masks.high
        leads = masks.leads
        continuations = masks.continuations
        wide = masks.wide
        irregular = 0
        guard masks.quotes | insideCarry != 0 else {
            // No quote, and not inside one: every field end is one.
            ends = masks.ends
            quotedEnds = 0
            special = masks.high
            structuralCarry = masks.ends &>> 63
            return
        }
        var following: UInt64 = 0
        if start &+ Self.size < count {
            let byte = base[start &+ Self.size]
            if scanner.endsField(byte) || byte == scanner.quote { following = 1 }
        }
        let structural = masks.ends | masks.quotes
        var inside = insideCarry
        if masks.quotes != 0 {
            inside ^= FieldBoundaryScanner.prefixXOR(masks.quotes)
            // An opening quote (inside after it) must follow a field end or a closing
            // quote; a closing quote must precede a field end or an opening quote.
            let mayOpen = (structural &<< 1) | structuralCarry
            let mayClose = (structural &>> 1) | (following &<< 63)
            irregular = (masks.quotes & inside & ~mayOpen) | (masks.quotes & ~inside & ~mayClose)
        }
        insideCarry = UInt64(bitPattern: Int64(bitPattern: inside) &>> 63)
        structuralCarry = structural &>> 63
        ends = masks.ends & ~inside
        quotedEnds = masks.ends & inside
        special = masks.quotes | masks.high | quotedEnds
    }

    /// The masks of the `count` (< 64) bytes at `bytes`; the bits past them are clear.
    private static func shortMasks(_ bytes: UnsafePointer<UInt8>, count: Int, scanner: FieldBoundaryScanner)
        -> FieldBoundaryScanner.Masks
    {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: size) { padded in
            let padded = padded.baseAddress!
            padded.initialize(repeating: 0, count: size)
            padded.update(from: bytes, count: count)
            var masks = scanner.masks(padded)
            let valid: UInt64 = (1 &<< UInt64(count)) &- 1
            masks.ends &= valid
            masks.quotes &= valid
            masks.high &= valid
            masks.leads &= valid
            masks.continuations &= valid
            masks.wide &= valid
            return masks
        }
    }
}
