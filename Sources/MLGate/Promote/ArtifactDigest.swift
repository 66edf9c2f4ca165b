import Crypto
import Foundation

/// The SHA-256 digest of an artifact: a file, or a folder of files.
///
/// A file's digest is the SHA-256 of its bytes. A folder's digest is the SHA-256 of its
/// manifest: one line `<sha256 hex>  <relative path>\n` per regular file below it, in
/// byte order of the paths (what `find . -type f | sort | xargs sha256sum` prints, with
/// the `./` removed), and one line `<sha256 of no bytes>  <relative path>/` per empty
/// folder. Any added, removed, renamed or changed file (or empty folder) changes it.
///
/// Artifacts are hashed, and stored in a registry, by content: an artifact named through
/// a symbolic link is its target's content, but a symbolic link *inside* a folder
/// artifact is refused (its target could change after the gate without changing the
/// digest), and so is anything but a regular file or a folder (a device such as
/// `/dev/zero`, a pipe, a socket). docs/limits.md says so.
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
        switch try kind(of: url, shown: shown) {
        case .file:
            return ArtifactDigest(sha256: try fileDigest(url, shown: shown))
        case .folder:
            break
        }
        var manifest: [(String, String?)] = []
        for relative in try regularFiles(under: url, shown: shown) {
            let digest = relative.hasSuffix("/") ? nil : try fileDigest(url.appendingPathComponent(relative), shown: "\(shown)/\(relative)")
            manifest.append((relative, digest))
        }
        return ArtifactDigest(sha256: folderDigest(manifest), isDirectory: true)
    }

    /// A folder's digest from its entries in ``regularFiles(under:shown:)``'s order, each
    /// with its file's SHA-256 (`nil` for an empty folder, `x/`): the SHA-256 of the
    /// manifest, one line `<sha256>  <relative path>` per entry.
    static func folderDigest(_ entries: [(path: String, sha256: String?)]) -> String {
        let manifest = entries.map { "\($0.sha256 ?? emptySHA256)  \($0.path)\n" }.joined()
        return hex(SHA256.hash(data: Data(manifest.utf8)))
    }

    /// The SHA-256 of `data`, in hexadecimal.
    public static func sha256(of data: Data) -> String { hex(SHA256.hash(data: data)) }

    /// The SHA-256 of no bytes: an empty folder's line in a manifest.
    static let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// What an artifact is: a regular file or a folder (after following the artifact's
    /// own symbolic link, if it is one); anything else is refused.
    enum Kind { case file, folder }

    /// The kind of the artifact at `url`, following a symbolic link at `url` itself.
    static func kind(of url: URL, shown: String) throws(PromotionError) -> Kind {
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            throw PromotionError(.missingFile, "\(shown): no such file or folder")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .folder
        default:
            throw PromotionError(
                .usage, "\(shown): not a regular file or a folder (a device, pipe or socket): an artifact is hashed and stored by content")
        }
    }

    /// The regular files below `url`, and its empty folders (with a trailing `/`), as
    /// paths relative to it, sorted by their bytes. A symbolic link or a special file
    /// below `url` is refused.
    static func regularFiles(under url: URL, shown: String) throws(PromotionError) -> [String] {
        let base = url.resolvingSymlinksInPath().standardizedFileURL.path
        var entries: [String] = []
        func walk(_ relative: String) throws(PromotionError) {
            let folder = relative.isEmpty ? base : base + "/" + relative
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: folder)
            } catch {
                throw PromotionError(.missingFile, "\(shown)\(relative.isEmpty ? "" : "/" + relative): cannot list the folder")
            }
            if names.isEmpty, !relative.isEmpty { entries.append(relative + "/") }
            for name in names {
                let path = relative.isEmpty ? name : relative + "/" + name
                var info = stat()
                guard lstat(base + "/" + path, &info) == 0 else {
                    throw PromotionError(.missingFile, "\(shown)/\(path): cannot read its attributes")
                }
                switch info.st_mode & S_IFMT {
                case S_IFREG: entries.append(path)
                case S_IFDIR: try walk(path)
                case S_IFLNK:
                    let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: base + "/" + path)) ?? "?"
                    throw PromotionError(
                        .usage,
                        "\(shown)/\(path): a symbolic link (to \(target)) inside a folder artifact; artifacts are hashed and stored by content, so replace the link with what it points to (cp -RL)")
                default:
                    throw PromotionError(.usage, "\(shown)/\(path): not a regular file or a folder (a device, pipe or socket) inside a folder artifact")
                }
            }
        }
        try walk("")
        return entries.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
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
