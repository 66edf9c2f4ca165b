/// Why bytes of an Arrow IPC stream could not be decoded: what is wrong, what was
/// expected, and the byte offset within the stream.
///
/// The stream reader throws it for malformed bytes (a message or buffer past the end, a
/// FlatBuffers offset out of range, a dictionary index out of range) and for what
/// mlgate does not read (a list column, a compression codec it lacks); the caller names
/// the source (a Spark Connect response, a file) around it.
struct ArrowDecodeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong and what was expected.
    var message: String
    /// The offset within the stream where the problem was found.
    var offset: Int

    init(_ message: String, at offset: Int) {
        self.message = message
        self.offset = offset
    }

    var description: String { "\(message) (at byte \(offset) of the Arrow stream)" }
}
