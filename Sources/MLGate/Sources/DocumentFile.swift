import Foundation

/// Reads a whole document file (a config, schema, dialect, reference profile,
/// attestation, key, report or registry index) with a size limit: a file larger than
/// ``InputLimits/documentBytes`` — or a device such as `/dev/zero`, which never ends — is
/// refused instead of being read into memory for ever.
enum DocumentFile {
    /// Why a document was not read.
    struct TooLarge: LocalizedError, CustomStringConvertible {
        var path: String
        var description: String {
            "\(path) is larger than mlgate's limit of \(InputLimits.documentBytes) bytes for a document (docs/limits.md)"
        }
        var errorDescription: String? { description }
    }

    /// The bytes of the file at `url`, at most ``InputLimits/documentBytes`` of them.
    static func read(_ url: URL) throws -> Data {
        let limit = InputLimits.documentBytes
        var info = stat()
        if stat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG {
            guard Int(info.st_size) <= limit else { throw TooLarge(path: url.path) }
            return try Data(contentsOf: url)
        }
        // Not a regular file (a pipe, a device): read up to the limit, and no further.
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var data = Data()
        while data.count <= limit, let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            data.append(chunk)
        }
        guard data.count <= limit else { throw TooLarge(path: url.path) }
        return data
    }
}
