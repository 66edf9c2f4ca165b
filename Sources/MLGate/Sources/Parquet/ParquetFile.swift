import Foundation

/// An open Parquet file read at offsets (`pread`): the column chunks of a row group are
/// read by several threads at once, each at its own offsets.
final class ParquetFile: @unchecked Sendable {
    /// The file as the user named it.
    let displayPath: String
    /// Its size in bytes.
    let size: Int
    private let descriptor: Int32

    /// Opens `url`; a missing or unreadable file is a `scheme-error`, as for other inputs.
    init(url: URL, displayPath: String) throws(TableReadError) {
        self.displayPath = displayPath
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw TableReadError(
                code: "scheme-error", message: "cannot open the file: \(reason)", location: SourceLocation(file: displayPath))
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            close(descriptor)
            throw TableReadError(code: "scheme-error", message: "cannot read the file's size", location: SourceLocation(file: displayPath))
        }
        self.descriptor = descriptor
        size = Int(status.st_size)
    }

    deinit { close(descriptor) }

    /// Whether the file at `url` starts with Parquet's magic bytes `PAR1`.
    static func hasMagic(_ url: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 4)).map { Array($0) == Array("PAR1".utf8) } ?? false
    }

    /// The `count` bytes at `offset`; throws when they are not all in the file.
    func read(at offset: Int, count: Int) throws(ParquetDecodeError) -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
            throw ParquetDecodeError("\(count) bytes at byte \(offset) run past the end of the file (\(size) bytes)", at: offset)
        }
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let read = bytes.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress! + done, count - done, off_t(offset + done))
            }
            if read < 0, errno == EINTR { continue }
            guard read > 0 else {
                throw ParquetDecodeError("the file could not be read at byte \(offset + done)", at: offset + done, code: "source-error")
            }
            done += read
        }
        return bytes
    }
}
