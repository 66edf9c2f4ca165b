import Foundation

/// Removes credentials from URLs before mlgate prints or writes them: the password of a
/// URL's user information (`https://user:secret@host` → `https://user:***@host`; a lone
/// user part, often a token, becomes `***`), and the values of query parameters whose
/// names look like credentials (`token`, `access_token`, `api_key`, `password`,
/// `signature`, `X-Amz-Credential`, …). The one redaction mlgate has: registry names, the
/// console, stderr and every report file go through it (docs/limits.md).
public enum CredentialRedaction {
    /// The text shown for a removed credential.
    public static let mask = "***"

    /// Query parameter names (lowercased) containing one of these are credentials.
    static let secretParameterWords = ["token", "key", "secret", "password", "passwd", "pwd", "sig", "auth", "credential", "session"]

    /// `url`'s text with its credentials masked.
    public static func redact(_ url: URL) -> String { redact(url.absoluteString) }

    /// `text` with the credentials of every URL in it masked (text without one comes back
    /// unchanged). URLs are found by their `scheme://`, also JSON-escaped (`scheme:\/\/`).
    public static func redact(_ text: String) -> String {
        guard text.contains("://") || text.contains(":\\/\\/") else { return text }
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        var changed = false
        while index < bytes.count {
            guard let authorityStart = schemeSeparator(bytes, at: index) else {
                output.append(bytes[index])
                index += 1
                continue
            }
            output.append(contentsOf: bytes[index..<authorityStart])
            index = authorityStart
            // The authority: up to a path, query or fragment, or the end of the URL.
            var end = index
            while end < bytes.count, !isURLEnd(bytes[end]), !"/\\?#".utf8.contains(bytes[end]) { end += 1 }
            let authority = bytes[index..<end]
            if let at = authority.lastIndex(of: UInt8(ascii: "@")) {
                let userinfo = bytes[index..<at]
                if let colon = userinfo.firstIndex(of: UInt8(ascii: ":")) {
                    output.append(contentsOf: bytes[index...colon])
                }
                output.append(contentsOf: Array(mask.utf8))
                output.append(contentsOf: bytes[at..<end])
                changed = true
            } else {
                output.append(contentsOf: authority)
            }
            index = end
            // The rest of the URL: its path as is, its query parameters redacted.
            var inQuery = false
            while index < bytes.count, !isURLEnd(bytes[index]) {
                let byte = bytes[index]
                if byte == UInt8(ascii: "#") { inQuery = false }
                if byte == UInt8(ascii: "?") || (inQuery && (byte == UInt8(ascii: "&") || byte == UInt8(ascii: ";"))) {
                    inQuery = true
                    output.append(byte)
                    index += 1
                    // One parameter: its name up to '=', its value up to the next separator.
                    var nameEnd = index
                    while nameEnd < bytes.count, !isURLEnd(bytes[nameEnd]), !"=&;#".utf8.contains(bytes[nameEnd]) { nameEnd += 1 }
                    output.append(contentsOf: bytes[index..<nameEnd])
                    let name = String(decoding: bytes[index..<nameEnd], as: UTF8.self).lowercased()
                    index = nameEnd
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { continue }
                    output.append(bytes[index])
                    index += 1
                    var valueEnd = index
                    while valueEnd < bytes.count, !isURLEnd(bytes[valueEnd]), !"&;#".utf8.contains(bytes[valueEnd]) { valueEnd += 1 }
                    if secretParameterWords.contains(where: name.contains), valueEnd > index {
                        output.append(contentsOf: Array(mask.utf8))
                        changed = true
                    } else {
                        output.append(contentsOf: bytes[index..<valueEnd])
                    }
                    index = valueEnd
                    continue
                }
                output.append(byte)
                index += 1
            }
        }
        return changed ? String(decoding: output, as: UTF8.self) : text
    }

    /// Where the authority begins when a `scheme://` (or `scheme:\/\/`) starts at
    /// `index`: a letter, then letters, digits, `+`, `-` or `.`, then the separator.
    private static func schemeSeparator(_ bytes: [UInt8], at index: Int) -> Int? {
        guard isLetter(bytes[index]), index == 0 || !isSchemeByte(bytes[index - 1]) else { return nil }
        var end = index + 1
        while end < bytes.count, isSchemeByte(bytes[end]) { end += 1 }
        for separator in [Array("://".utf8), Array(":\\/\\/".utf8)] where bytes[end...].starts(with: separator) {
            return end + separator.count
        }
        return nil
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    private static func isSchemeByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    /// Bytes that end a URL inside text: white space, quotes, angle brackets, and the
    /// closing brackets text puts around a URL.
    private static func isURLEnd(_ byte: UInt8) -> Bool {
        byte <= 0x20 || "\"'<>`)]}|".utf8.contains(byte)
    }
}
