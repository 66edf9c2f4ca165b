/// A decoder of the LZ4 block format, Parquet's LZ4_RAW codec. Small enough to carry
/// natively rather than link liblz4.
enum LZ4RawDecoder {
    /// Decompresses `input` into exactly `expected` bytes.
    static func decompress(_ input: UnsafeBufferPointer<UInt8>, expected: Int) throws(ParquetDecodeError) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: expected)
        var position = 0, written = 0
        func fail(_ what: String) -> ParquetDecodeError {
            ParquetDecodeError("LZ4 data is corrupt: \(what)", at: position, code: "compression-error")
        }
        func length(_ base: Int) throws(ParquetDecodeError) -> Int {
            var length = base
            guard base == 15 else { return length }
            while true {
                guard position < input.count else { throw fail("a length runs past the end") }
                let byte = input[position]
                position += 1
                length += Int(byte)
                guard length <= expected else { throw fail("a length exceeds the output") }
                if byte != 255 { return length }
            }
        }
        try output.withUnsafeMutableBufferPointer { (out) throws(ParquetDecodeError) in
            while position < input.count {
                let token = input[position]
                position += 1
                let literals = try length(Int(token >> 4))
                guard literals <= input.count - position, literals <= expected - written else { throw fail("literals run past the end") }
                if literals > 0 {
                    out.baseAddress!.advanced(by: written).update(from: input.baseAddress! + position, count: literals)
                }
                position += literals
                written += literals
                if position == input.count { break }
                guard position + 2 <= input.count else { throw fail("an offset runs past the end") }
                let distance = Int(input[position]) | Int(input[position + 1]) << 8
                position += 2
                let match = try length(Int(token & 15)) + 4
                guard LZCopy.copy(out, at: &written, distance: distance, length: match) else {
                    throw fail("a match reaches before the start or past the end")
                }
            }
        }
        guard written == expected else { throw fail("\(written) bytes decoded, \(expected) expected") }
        return output
    }
}
