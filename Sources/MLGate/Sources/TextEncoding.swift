/// The character encoding of a delimited file. mlgate reads UTF-8; a file in another
/// encoding is decoded into UTF-8 as it is read (``TextTranscoder``), so that the
/// tokenizer sees UTF-8 whatever the file holds.
public enum TextEncoding: Sendable, Hashable, CustomStringConvertible {
    /// UTF-8, with or without a byte order mark (the mark is skipped).
    case utf8
    /// UTF-16, little-endian (a leading byte order mark is skipped).
    case utf16LittleEndian
    /// UTF-16, big-endian (a leading byte order mark is skipped).
    case utf16BigEndian
    /// A single-byte code page.
    case singleByte(SingleByteCodePage)

    /// The name reports use: `utf-8`, `utf-16le`, `utf-16be`, `windows-1252`, ….
    public var description: String {
        switch self {
        case .utf8: "utf-8"
        case .utf16LittleEndian: "utf-16le"
        case .utf16BigEndian: "utf-16be"
        case .singleByte(let page): page.name
        }
    }

    /// The encoding called `name`, as frictionless (Python's codecs) names it: `utf-8`,
    /// `utf-8-sig`, `utf-16` (little-endian unless a byte order mark says otherwise),
    /// `utf-16le`, `utf-16be`, `latin-1`, `cp1252`, `windows-1252`, `iso-8859-2`, ….
    /// `nil` when mlgate cannot decode it.
    public init?(named name: String) {
        switch SingleByteCodePage.normalized(name) {
        case "utf8", "utf8sig", "u8", "ascii", "usascii": self = .utf8
        case "utf16", "utf16le", "u16": self = .utf16LittleEndian
        case "utf16be": self = .utf16BigEndian
        default:
            guard let page = SingleByteCodePage.named(name) else { return nil }
            self = .singleByte(page)
        }
    }

    /// The names accepted, for messages.
    public static var names: [String] { ["utf-8", "utf-8-sig", "utf-16", "utf-16le", "utf-16be"] + SingleByteCodePage.names }
}
