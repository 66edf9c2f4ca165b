import CZlib

/// Decompresses a gzip stream read from another byte source, chunk by chunk: zlib's
/// inflate (window bits 15 + 32) fills one output chunk at a time, so memory does not
/// grow with the file. The only code in mlgate that touches zlib.
///
/// As Python's `gzip` module reads it: several gzip members one after another are one
/// stream (what `cat a.gz b.gz` makes), zero bytes after a member are padding, and an
/// empty input is an empty stream. Anything else — bytes that do not start a gzip
/// member, corrupt data, a CRC mismatch, a stream cut short — throws a
/// `compression-error` (Frictionless's code) naming the file and what was expected.
public struct GzipByteSource<Compressed: ByteSource>: ByteSource {
    private var compressed: Compressed
    private let stream: InflateStream
    private let displayPath: String
    private let outputSize: Int
    /// The compressed chunk being inflated, and how much of it is consumed.
    private var input: [UInt8]
    private var inputOffset = 0
    /// Compressed bytes consumed before `input` (for error messages).
    private var consumedBefore = 0
    /// Between members: the next byte starts a member (or padding, or the end).
    private var atMemberStart = true
    private var members = 0
    private var finished = false
    /// Decompressed bytes handed out so far (for error messages: where in the data the
    /// problem lies, beside where in the compressed file).
    private var inflatedBefore = 0

    /// A source of the bytes `compressed` inflates to; `firstChunk` is compressed data
    /// already read from it (when the caller looked at the first bytes).
    public init(compressed: Compressed, displayPath: String, firstChunk: [UInt8]? = nil, outputSize: Int = 1 << 18) {
        self.compressed = compressed
        self.displayPath = displayPath
        self.outputSize = max(1, outputSize)
        self.input = firstChunk ?? []
        self.stream = InflateStream()
    }

    public mutating func nextChunk() throws(TableReadError) -> [UInt8]? {
        guard !finished else { return nil }
        var output = [UInt8](repeating: 0, count: outputSize)
        var produced = 0
        while produced < outputSize {
            if inputOffset == input.count {
                // Hand out what is inflated before reading more compressed data.
                if produced > 0 { break }
                guard try refill() else {
                    if atMemberStart {
                        finished = true
                        return nil
                    }
                    throw error(
                        "the gzip stream ends early, after \(consumedBefore + inputOffset) compressed bytes (\(inflatedBefore) bytes decompressed): expected more compressed data (is the file truncated?)")
                }
                continue
            }
            if atMemberStart {
                guard try startMember() else { continue }
            }
            let (status, read, written) = inflate(into: &output, at: produced)
            inputOffset += read
            produced += written
            switch status {
            case Z_OK:
                continue
            case Z_STREAM_END:
                atMemberStart = true
            case Z_BUF_ERROR where read == 0 && written == 0 && inputOffset == input.count:
                continue
            case Z_MEM_ERROR:
                throw error("zlib ran out of memory while decompressing")
            default:
                throw error(
                    "corrupt gzip data near compressed byte \(consumedBefore + inputOffset), decompressed byte \(inflatedBefore + produced)\(stream.message.map { " (zlib: \($0))" } ?? ""): expected a valid gzip stream")
            }
        }
        inflatedBefore += produced
        output.removeSubrange(produced...)
        return output
    }

    /// Reads the next compressed chunk; false at the end of the compressed data.
    private mutating func refill() throws(TableReadError) -> Bool {
        while true {
            guard let next = try compressed.nextChunk() else { return false }
            if next.isEmpty { continue }
            consumedBefore += input.count
            input = next
            inputOffset = 0
            return true
        }
    }

    /// At a member's first byte: skips zero padding after a member, checks the gzip
    /// magic bytes and resets the inflater. False when the buffered input ran out first.
    private mutating func startMember() throws(TableReadError) -> Bool {
        if members > 0 {
            while inputOffset < input.count, input[inputOffset] == 0 { inputOffset += 1 }
            if inputOffset == input.count { return false }
        }
        if input.count - inputOffset < 2 {
            // The two magic bytes may straddle chunks.
            let rest = Array(input[inputOffset...])
            if let next = try compressed.nextChunk() {
                consumedBefore += inputOffset
                input = rest + next
                inputOffset = 0
                return false
            }
        }
        guard input.count - inputOffset >= 2, input[inputOffset] == 0x1F, input[inputOffset + 1] == 0x8B else {
            let found = input[inputOffset...].prefix(2).map { String($0, radix: 16).leftPadded(to: 2) }.joined(separator: " ")
            if members == 0 {
                throw error("not gzip data: expected a gzip stream, starting with the bytes 1f 8b, found \(found)")
            }
            throw error(
                "unexpected data after the end of the gzip stream, at compressed byte \(consumedBefore + inputOffset): expected another gzip member (1f 8b) or the end of the file, found \(found)")
        }
        guard stream.reset() else { throw error("cannot start decompressing: zlib failed to initialise") }
        members += 1
        atMemberStart = false
        return true
    }

    /// One call of zlib's inflate from the buffered input into `output[offset...]`.
    private mutating func inflate(into output: inout [UInt8], at offset: Int) -> (status: Int32, read: Int, written: Int) {
        let stream = self.stream.pointer
        let inputOffset = self.inputOffset
        return input.withUnsafeBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                let available = UInt32(clamping: inputBuffer.count - inputOffset)
                let space = UInt32(clamping: outputBuffer.count - offset)
                stream.pointee.next_in = UnsafeMutablePointer(mutating: inputBuffer.baseAddress! + inputOffset)
                stream.pointee.avail_in = available
                stream.pointee.next_out = outputBuffer.baseAddress! + offset
                stream.pointee.avail_out = space
                let status = CZlib.inflate(stream, Z_NO_FLUSH)
                let read = Int(available - stream.pointee.avail_in)
                let written = Int(space - stream.pointee.avail_out)
                stream.pointee.next_in = nil
                stream.pointee.next_out = nil
                return (status, read, written)
            }
        }
    }

    private func error(_ message: String) -> TableReadError {
        TableReadError(code: "compression-error", message: message, location: SourceLocation(file: displayPath))
    }
}

/// Owns a zlib inflate stream (and ends it).
private final class InflateStream {
    let pointer: UnsafeMutablePointer<z_stream>
    private var initialized = false

    init() {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: z_stream())
    }

    /// Starts (or restarts, for the next member) inflating: gzip or zlib headers
    /// detected (window bits 15 + 32). False when zlib cannot.
    func reset() -> Bool {
        let status = initialized ? inflateReset(pointer) : mlgate_inflate_init2(pointer, 15 + 32)
        if status == Z_OK { initialized = true }
        return status == Z_OK
    }

    /// zlib's message for the last error, if any.
    var message: String? {
        pointer.pointee.msg.map { String(cString: $0) }
    }

    deinit {
        if initialized { inflateEnd(pointer) }
        pointer.deinitialize(count: 1)
        pointer.deallocate()
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
