/// Decodes a file's bytes from its ``TextEncoding`` into UTF-8, chunk by chunk, keeping
/// what a chunk ends in the middle of (half a UTF-16 unit, a high surrogate) for the next.
///
/// A byte or unit that does not decode (a byte a code page leaves undefined, an unpaired
/// surrogate, a last odd byte) becomes the byte 0xFF, which is never UTF-8: the tokenizer
/// then reports an `encoding-error` at that cell, where Python's strict decoding (and so
/// frictionless) fails.
struct TextTranscoder: Sendable {
    let encoding: TextEncoding
    /// Bytes held over from the last chunk (UTF-16 only).
    private var pending: [UInt8] = []
    /// A high surrogate waiting for its low half.
    private var highSurrogate: UInt16?
    private var atStart = true
    /// The scalars of bytes 0x80…0xFF, for a code page.
    private let high: [UInt16]

    /// The byte written for what does not decode.
    static let invalid: UInt8 = 0xFF

    init(encoding: TextEncoding) {
        self.encoding = encoding
        if case .singleByte(let page) = encoding { high = page.high } else { high = [] }
    }

    /// The UTF-8 bytes of `chunk`; `final`: no more bytes follow, so nothing is held over.
    mutating func transcode(_ chunk: [UInt8], final: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(chunk.count + chunk.count / 2)
        switch encoding {
        case .utf8:
            return chunk
        case .singleByte:
            for byte in chunk {
                if byte < 0x80 {
                    out.append(byte)
                } else {
                    let value = high[Int(byte) - 0x80]
                    if value == 0xFFFF { out.append(Self.invalid) } else { Self.append(UInt32(value), to: &out) }
                }
            }
        case .utf16LittleEndian, .utf16BigEndian:
            let little = encoding == .utf16LittleEndian
            var bytes = pending + chunk
            if atStart, bytes.count >= 2 {
                atStart = false
                let unit = little ? UInt16(bytes[0]) | UInt16(bytes[1]) << 8 : UInt16(bytes[0]) << 8 | UInt16(bytes[1])
                if unit == 0xFEFF { bytes.removeFirst(2) }
            }
            var index = 0
            while index + 1 < bytes.count {
                let unit = little
                    ? UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8 : UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
                index += 2
                unit16(unit, into: &out)
            }
            pending = Array(bytes[index...])
            if final {
                if highSurrogate != nil { out.append(Self.invalid) }
                highSurrogate = nil
                if !pending.isEmpty { out.append(Self.invalid) }
                pending = []
            }
        }
        return out
    }

    private mutating func unit16(_ unit: UInt16, into out: inout [UInt8]) {
        if let high = highSurrogate {
            highSurrogate = nil
            if (0xDC00...0xDFFF).contains(unit) {
                Self.append(0x10000 + (UInt32(high - 0xD800) << 10) + UInt32(unit - 0xDC00), to: &out)
                return
            }
            out.append(Self.invalid)
        }
        switch unit {
        case 0xD800...0xDBFF: highSurrogate = unit
        case 0xDC00...0xDFFF: out.append(Self.invalid)
        default: Self.append(UInt32(unit), to: &out)
        }
    }

    /// `bytes` decoded `chunkSize` bytes at a time, as a file is read (the tests and the
    /// fuzz target hold this to decoding at once).
    static func decode(_ bytes: [UInt8], encoding: TextEncoding, chunkSize: Int) -> [UInt8] {
        var transcoder = TextTranscoder(encoding: encoding)
        var out: [UInt8] = []
        var start = 0
        while start < bytes.count {
            out += transcoder.transcode(Array(bytes[start..<min(start + chunkSize, bytes.count)]))
            start += chunkSize
        }
        return out + transcoder.transcode([], final: true)
    }

    /// Appends a scalar's UTF-8 bytes.
    static func append(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case ..<0x80: out.append(UInt8(scalar))
        case ..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case ..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18))
            out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
