/// A decoder of the LZ4 block format, Parquet's LZ4_RAW codec. Small enough to carry
/// natively rather than link liblz4.
enum LZ4RawDecoder {
    /// Decompresses `input` into exactly `expected` bytes.
    static func decompress(_ input: UnsafeBufferPointer<UInt8>, expected: Int) throws(ParquetDecodeError) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: expected)
        var written = 0
        let failure = output.withUnsafeMutableBufferPointer { out in LZ4Block.decode(input, into: out, written: &written) }
        if let failure {
            throw ParquetDecodeError("LZ4 data is corrupt: \(failure.reason)", at: failure.position, code: "compression-error")
        }
        guard written == expected else {
            throw ParquetDecodeError("LZ4 data is corrupt: \(written) bytes decoded, \(expected) expected", at: input.count, code: "compression-error")
        }
        return output
    }
}

/// One LZ4 block (the sequences of literals and matches), shared by Parquet's LZ4_RAW
/// and the LZ4 frame format of Arrow's compressed buffers.
enum LZ4Block {
    /// Decodes the block `input` into `out` after its first `written` bytes, which a
    /// match may reach back into (a frame's linked blocks); nil when it decodes, else why
    /// not and where in `input`.
    static func decode(_ input: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>, written: inout Int)
        -> (reason: String, position: Int)?
    {
        var position = 0
        func length(_ base: Int) -> Int? {
            var length = base
            guard base == 15 else { return length }
            while position < input.count {
                let byte = input[position]
                position += 1
                length += Int(byte)
                guard length <= out.count else { return nil }
                if byte != 255 { return length }
            }
            return nil
        }
        while position < input.count {
            let token = input[position]
            position += 1
            guard let literals = length(Int(token >> 4)) else { return ("a length runs past the end or the output", position) }
            guard literals <= input.count - position, literals <= out.count - written else { return ("literals run past the end", position) }
            if literals > 0 {
                out.baseAddress!.advanced(by: written).update(from: input.baseAddress! + position, count: literals)
            }
            position += literals
            written += literals
            if position == input.count { break }
            guard position + 2 <= input.count else { return ("an offset runs past the end", position) }
            let distance = Int(input[position]) | Int(input[position + 1]) << 8
            position += 2
            guard let matchLength = length(Int(token & 15)) else { return ("a length runs past the end or the output", position) }
            guard LZCopy.copy(out, at: &written, distance: distance, length: matchLength + 4) else {
                return ("a match reaches before the start or past the end", position)
            }
        }
        return nil
    }
}
