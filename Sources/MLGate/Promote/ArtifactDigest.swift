import Crypto
import Foundation

/// The SHA-256 digest of an artifact: a file, or a folder of files.
///
/// A file's digest is the SHA-256 of its bytes. A folder's digest is the SHA-256 of its
/// manifest: one line `<sha256 hex>  <relative path>\n` per regular file below it, in
/// byte order of the paths (what `find . -type f | sort | xargs sha256sum` prints, with
/// the `./` removed). Any added, removed, renamed or changed file changes it.
public struct ArtifactDigest: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The digest as 64 lowercase hexadecimal digits.
    public var sha256: String
    /// Whether the artifact is a folder (the digest is then its manifest's).
    public var isDirectory: Bool

    /// Creates a digest from its hexadecimal form.
    public init(sha256: String, isDirectory: Bool = false) {
        self.sha256 = sha256
        self.isDirectory = isDirectory
    }

    public var description: String { "sha256:\(sha256)" }

    /// Computes the digest of the file or folder at `url`, reading each file once.
    public static func of(_ url: URL, displayPath: String? = nil) throws(PromotionError) -> ArtifactDigest {
        let shown = displayPath ?? url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw PromotionError(.missingFile, "\(shown): no such file or folder")
        }
        if !isDirectory.boolValue {
            return ArtifactDigest(sha256: try fileDigest(url, shown: shown))
        }
        let files = try regularFiles(under: url, shown: shown)
        var manifest = ""
        for relative in files {
            let digest = try fileDigest(url.appendingPathComponent(relative), shown: "\(shown)/\(relative)")
            manifest += "\(digest)  \(relative)\n"
        }
        return ArtifactDigest(sha256: hex(SHA256.hash(data: Data(manifest.utf8))), isDirectory: true)
    }

    /// The SHA-256 of `data`, in hexadecimal.
    public static func sha256(of data: Data) -> String { hex(SHA256.hash(data: data)) }

    /// The regular files below `url`, as paths relative to it, sorted by their bytes.
    static func regularFiles(under url: URL, shown: String) throws(PromotionError) -> [String] {
        let base = url.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else {
            throw PromotionError(.missingFile, "\(shown): cannot list the folder")
        }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let attributes = enumerator.fileAttributes
            if attributes?[.type] as? FileAttributeType == .typeRegular { files.append(relative) }
        }
        return files.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    private static func fileDigest(_ url: URL, shown: String) throws(PromotionError) -> String {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw PromotionError(.missingFile, "\(shown): cannot open the file for reading")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                hasher.update(data: chunk)
            }
        } catch {
            throw PromotionError(.missingFile, "\(shown): cannot read the file: \(error.localizedDescription)")
        }
        return hex(hasher.finalize())
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        for byte in digest {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
