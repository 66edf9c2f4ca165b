/// A decoder of the LZ4 frame format (lz4_Frame_format.md), which Arrow's LZ4_FRAME body
/// compression writes: a header, then blocks (compressed with ``LZ4Block``, or stored),
/// linked or independent, then an end mark. Checksums are skipped: the decoded size is
/// checked against the size Arrow stored before the frame.
enum LZ4FrameDecoder {
    static func decompress(_ input: ArraySlice<UInt8>, expected: Int, at offset: Int) throws(ArrowDecodeError) -> [UInt8] {
        let bytes = Array(input)
        var output = [UInt8](repeating: 0, count: expected)
        var position = 0, written = 0
        func fail(_ message: String) -> ArrowDecodeError { ArrowDecodeError("an LZ4 frame is corrupt: \(message)", at: offset + position) }
        func uint32() throws(ArrowDecodeError) -> UInt32 {
            guard position + 4 <= bytes.count else { throw fail("it ends early") }
            defer { position += 4 }
            return UInt32(bytes[position]) | UInt32(bytes[position + 1]) << 8 | UInt32(bytes[position + 2]) << 16 | UInt32(bytes[position + 3]) << 24
        }
        while position < bytes.count {
            let magic = try uint32()
            if magic & 0xFFFF_FFF0 == 0x184D_2A50 {
                // A skippable frame: its length, then bytes to skip.
                let length = Int(try uint32())
                guard length <= bytes.count - position else { throw fail("a skippable frame runs past the end") }
                position += length
                continue
            }
            guard magic == 0x184D_2204 else { throw fail("the magic number is \(String(magic, radix: 16)); expected 184d2204") }
            guard position + 2 <= bytes.count else { throw fail("the frame header ends early") }
            let flags = bytes[position]
            position += 2
            guard flags >> 6 == 1 else { throw fail("frame version \(flags >> 6); expected 1") }
            guard flags & 1 == 0 else { throw fail("the frame needs a dictionary") }
            let blockChecksum = flags & 0x10 != 0, contentSize = flags & 0x08 != 0, contentChecksum = flags & 0x04 != 0
            if contentSize { position += 8 }
            position += 1  // the header checksum
            guard position <= bytes.count else { throw fail("the frame header ends early") }
            while true {
                let size = try uint32()
                if size == 0 { break }
                let length = Int(size & 0x7FFF_FFFF)
                guard length <= bytes.count - position else { throw fail("a block of \(length) bytes runs past the end") }
                if size & 0x8000_0000 != 0 {
                    guard length <= expected - written else { throw fail("the blocks decode to more than \(expected) bytes") }
                    output.replaceSubrange(written..<written + length, with: bytes[position..<position + length])
                    written += length
                } else {
                    let failure = bytes.withUnsafeBufferPointer { all in
                        output.withUnsafeMutableBufferPointer { out in
                            LZ4Block.decode(UnsafeBufferPointer(rebasing: all[position..<position + length]), into: out, written: &written)
                        }
                    }
                    if let failure { throw ArrowDecodeError("an LZ4 block is corrupt: \(failure.reason)", at: offset + position + failure.position) }
                }
                position += length + (blockChecksum ? 4 : 0)
            }
            if contentChecksum { position += 4 }
            guard position <= bytes.count else { throw fail("it ends early") }
        }
        guard written == expected else { throw fail("it decodes to \(written) bytes; expected \(expected)") }
        return output
    }
}
