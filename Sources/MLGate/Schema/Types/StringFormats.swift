/// The `string` formats, checked on bytes as frictionless-py checks them
/// (frictionless/fields/string.py).
enum StringFormats {
    /// `uri`: rfc3986 `uri_reference(cell)` with the scheme required. Its parsing
    /// expression `(?:([a-zA-Z][a-zA-Z0-9+.-]*):)?…` always matches, so the cell is a
    /// URI exactly when it starts with a scheme and a colon.
    static func isURI(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, (first | 0x20) &- 97 < 26 else { return false }
        for index in 1..<bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ":") { return true }
            let isSchemeByte = (byte | 0x20) &- 97 < 26 || byte &- 48 < 10 || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
            if !isSchemeByte { return false }
        }
        return false
    }

    /// `uuid`: `uuid.UUID(cell)` does not raise (validators.uuid): `urn:` and `uuid:`
    /// removed, braces stripped from both ends, dashes removed, then exactly 32
    /// characters that `int(…, 16)` reads as a value in 0..<2^128.
    static func isUUID(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        isPlainUUID(bytes) || readsAsUUID(bytes)
    }

    /// `uuid.UUID(cell)` read step by step (``isUUID(_:)`` without its shortcut).
    static func readsAsUUID(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !bytes.isEmpty, bytes.count < 256 else { return false }
        var text = Array(bytes)
        for word in ["urn:", "uuid:"] {
            let needle = Array(word.utf8)
            var out: [UInt8] = []
            var index = 0
            while index < text.count {
                if index + needle.count <= text.count, Array(text[index..<(index + needle.count)]) == needle {
                    index += needle.count
                } else {
                    out.append(text[index])
                    index += 1
                }
            }
            text = out
        }
        var start = 0, end = text.count
        while start < end, text[start] == UInt8(ascii: "{") || text[start] == UInt8(ascii: "}") { start += 1 }
        while end > start, text[end - 1] == UInt8(ascii: "{") || text[end - 1] == UInt8(ascii: "}") { end -= 1 }
        let hex = text[start..<end].filter { $0 != UInt8(ascii: "-") }
        let characters = hex.withUnsafeBufferPointer { PythonText.scalarCount($0) }
        guard characters == 32 else { return false }
        return hex.withUnsafeBufferPointer { buffer -> Bool in
            // int(hex, 16): whitespace, sign, optional 0x, digits with single underscores.
            let range = PythonText.strip(buffer)
            var index = range.lowerBound
            var negative = false
            if index < range.upperBound, buffer[index] == UInt8(ascii: "+") || buffer[index] == UInt8(ascii: "-") {
                negative = buffer[index] == UInt8(ascii: "-")
                index += 1
            }
            var previousUnderscore = false
            if range.upperBound - index >= 2, buffer[index] == 48, buffer[index + 1] | 0x20 == UInt8(ascii: "x") {
                index += 2
                previousUnderscore = true  // "0x_1" is allowed: an underscore may follow the prefix
                if index < range.upperBound, buffer[index] == UInt8(ascii: "_") { index += 1 }
                previousUnderscore = false
            }
            var digits = 0, nonZero = false
            while index < range.upperBound {
                let byte = buffer[index]
                if byte == UInt8(ascii: "_") {
                    if previousUnderscore || digits == 0 { return false }
                    previousUnderscore = true
                } else {
                    let isHex = byte &- 48 < 10 || (byte | 0x20) &- 97 < 6
                    guard isHex else { return false }
                    if byte != 48 { nonZero = true }
                    digits += 1
                    previousUnderscore = false
                }
                index += 1
            }
            guard digits > 0, !previousUnderscore else { return false }
            return !(negative && nonZero)
        }
    }

    /// The common UUID: 32 hex digits, or 36 characters with dashes after the 8th, 12th,
    /// 16th and 20th digit. True only for cells `isUUID` accepts (no `urn:`/`uuid:`, no
    /// braces, 32 hex digits once the dashes are removed); false for anything else
    /// (which `isUUID` then reads in full).
    ///
    /// Eight bytes at a time: words at offsets 0, 8, 16, 24 (and 28 for the dashed form,
    /// overlapping), each byte lane tested for a hex digit, the dash lanes for `-`.
    @inline(__always)
    static func isPlainUUID(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        guard count == 36 || count == 32, let base = bytes.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        @inline(__always) func word(_ offset: Int) -> UInt64 {
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }
        guard count == 36 else {
            return isHexWord(word(0), dashes: 0) && isHexWord(word(8), dashes: 0) && isHexWord(word(16), dashes: 0)
                && isHexWord(word(24), dashes: 0)
        }
        // Dashes at 8 and 13 (lanes 0 and 5 of the word at 8), 18 and 23 (lanes 2 and 7
        // of the word at 16).
        return isHexWord(word(0), dashes: 0) && isHexWord(word(8), dashes: 0x0000_8000_0000_0080)
            && isHexWord(word(16), dashes: 0x8000_0000_0080_0000) && isHexWord(word(24), dashes: 0)
            && isHexWord(word(28), dashes: 0)
    }

    /// Whether each byte of `word` is a hex digit (`0-9`, `a-f`, `A-F`), except the lanes
    /// whose high bit `dashes` sets, which must be `-`.
    @inline(__always)
    static func isHexWord(_ word: UInt64, dashes: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        guard word & high == 0 else { return false }
        // With every byte below 0x80, adding (0x80 - lo) sets a lane's high bit exactly
        // when the byte is at least lo, and no carry crosses into the next lane.
        @inline(__always) func within(_ value: UInt64, _ low: UInt64, _ highest: UInt64) -> UInt64 {
            (value &+ (0x80 &- low) &* ones) & ~(value &+ (0x7F &- highest) &* ones) & high
        }
        let hex = within(word, 0x30, 0x39) | within(word | 0x20 &* ones, 0x61, 0x66)
        let dashed = word ^ (0x2D &* ones)
        let isDash = ~(((dashed & ~high) &+ ~high) | dashed | ~high)
        return (hex & ~dashes) | (isDash & dashes) == high
    }

    /// `binary`: `base64.b64decode(cell)` (non-strict `binascii.a2b_base64`): ASCII
    /// only; characters outside the alphabet skipped; a pad ends the data once at
    /// least two characters of a quad are in; the data must end on a whole quad.
    static func isBase64(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var quadPosition = 0, pads = 0
        for byte in bytes {
            if byte >= 0x80 { return false }
            if byte == UInt8(ascii: "=") {
                pads += 1
                if quadPosition >= 2, quadPosition + pads >= 4 { return PythonText.isASCII(bytes) }
                continue
            }
            let inAlphabet = (byte | 0x20) &- 97 < 26 || byte &- 48 < 10 || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/")
            guard inAlphabet else { continue }
            pads = 0
            quadPosition = (quadPosition + 1) & 3
        }
        return quadPosition == 0
    }

    /// `email`: validators.email with its defaults: one `@`; a local part of at most 64
    /// characters matching the extended-Latin, dot-atom or quoted-string expression;
    /// a domain of at most 253 characters matching validators.domain's expression.
    /// Internationalised (non-ASCII) domains are not punycode-encoded here: they fail.
    static func isEmail(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if isPlainEmail(bytes) { return true }
        var at = -1
        var high: UInt8 = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            high |= byte
            if byte == UInt8(ascii: "@") {
                if at >= 0 { return false }
                at = index
            }
        }
        guard at >= 0 else { return false }
        let local = UnsafeBufferPointer(rebasing: bytes[0..<at])
        let domain = UnsafeBufferPointer(rebasing: bytes[(at + 1)...])
        if high < 0x80 {
            // ASCII: characters are bytes, and the local part can only be a dot-atom or
            // quoted.
            guard local.count <= 64, domain.count <= 253 else { return false }
            var end = local.count
            if end > 0, local[end - 1] == 10 { end -= 1 }
            return (isDotAtom(local, end) || isQuoted(local, end)) && isDomain(domain)
        }
        guard PythonText.scalarCount(local) <= 64, PythonText.scalarCount(domain) <= 253 else { return false }
        return isLocalPart(local) && isDomain(domain)
    }

    /// The common e-mail in one pass: an ASCII dot-atom of at most 64 bytes, one `@`,
    /// and a domain as ``isDomain(_:)`` reads it. True only for cells `isEmail` accepts;
    /// false for anything else (which `isEmail` then reads in full).
    @inline(__always)
    static func isPlainEmail(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        var index = 0, atomLength = 0
        // The local part: atoms joined by single dots.
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "@") { break }
            if byte == UInt8(ascii: ".") {
                if atomLength == 0 { return false }
                atomLength = 0
            } else if isAtomByte(byte) {
                atomLength &+= 1
            } else {
                return false
            }
            index &+= 1
        }
        guard index < count, atomLength > 0, index <= 64, count &- index &- 1 <= 253 else { return false }
        // The domain: labels of letters, digits and inner hyphens (1–63), at least two,
        // the last of two or more ending in a letter.
        index &+= 1
        var labels = 0, labelStart = index
        while true {
            var end = labelStart
            while end < count, bytes[end] != UInt8(ascii: ".") {
                guard isAlphanumericOrHyphen(bytes[end]) else { return false }
                end &+= 1
            }
            let length = end &- labelStart
            guard length >= 1, length <= 63, isAlphanumeric(bytes[labelStart]) else { return false }
            labels &+= 1
            if end == count { return labels >= 2 && length >= 2 && isLetter(bytes[end &- 1]) }
            guard isAlphanumeric(bytes[end &- 1]) else { return false }
            labelStart = end &+ 1
        }
    }

    /// U+00A0–U+024F (the expression's extended-Latin ranges) at `index`.
    private static func extendedLatinLength(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int {
        guard index + 1 < bytes.count else { return 0 }
        let b0 = bytes[index], b1 = bytes[index + 1]
        guard b1 & 0xC0 == 0x80 else { return 0 }
        let scalar = (UInt32(b0 & 0x1F) << 6) | UInt32(b1 & 0x3F)
        return b0 & 0xE0 == 0xC0 && scalar >= 0xA0 && scalar <= 0x24F ? 2 : 0
    }

    private static func isLocalPart(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
        if extendedLatinLength(s, 0) > 0 { return true }
        // `$` also matches before one final newline.
        var end = s.count
        if end > 0, s[end - 1] == 10 { end -= 1 }
        if isDotAtom(s, end) { return true }
        if isQuoted(s, end) { return true }
        return false
    }

    /// Whether an ASCII byte is in the set given as two masks (bytes 0–63, 64–127).
    @inline(__always)
    private static func inSet(_ byte: UInt8, _ low: UInt64, _ high: UInt64) -> Bool {
        byte < 64 ? (low >> UInt64(byte)) & 1 != 0 : byte < 128 ? (high >> UInt64(byte - 64)) & 1 != 0 : false
    }

    /// Letters, digits and ``!#$%&'*+/=?^_`{|}~-``.
    @inline(__always)
    private static func isAtomByte(_ byte: UInt8) -> Bool { inSet(byte, 0xa3ff_acfa_0000_0000, 0x7fff_ffff_c7ff_fffe) }
    @inline(__always)
    private static func isAlphanumeric(_ byte: UInt8) -> Bool { inSet(byte, 0x03ff_0000_0000_0000, 0x07ff_fffe_07ff_fffe) }
    @inline(__always)
    private static func isAlphanumericOrHyphen(_ byte: UInt8) -> Bool { inSet(byte, 0x03ff_2000_0000_0000, 0x07ff_fffe_07ff_fffe) }
    @inline(__always)
    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 97 < 26 }

    private static func isDotAtom(_ s: UnsafeBufferPointer<UInt8>, _ end: Int) -> Bool {
        var index = 0, atomLength = 0
        while index < end {
            let byte = s[index]
            if byte >= 0x80 {
                let latin = extendedLatinLength(s, index)
                guard latin > 0 else { return false }
                index += latin
                atomLength += 1
                continue
            }
            if byte == UInt8(ascii: ".") {
                if atomLength == 0 { return false }
                atomLength = 0
            } else if isAtomByte(byte) {
                atomLength += 1
            } else {
                return false
            }
            index += 1
        }
        return atomLength > 0
    }

    private static func isQuoted(_ s: UnsafeBufferPointer<UInt8>, _ end: Int) -> Bool {
        guard end >= 2, s[0] == UInt8(ascii: "\""), s[end - 1] == UInt8(ascii: "\"") else { return false }
        var index = 1
        while index < end - 1 {
            let latin = extendedLatinLength(s, index)
            if latin > 0 { index += latin; continue }
            let byte = s[index]
            switch byte {
            case 0x01...0x08, 0x0B, 0x0C, 0x0E...0x1F, 0x21, 0x23...0x5B, 0x5D...0x7F:
                index += 1
            case 0x5C:
                guard index + 1 < end - 1, s[index + 1] == 0x09 || s[index + 1] == UInt8(ascii: ".") else { return false }
                index += 2
            default:
                return false
            }
        }
        return true
    }

    /// validators.domain: labels of letters, digits and inner hyphens (1–63), a last
    /// label of 2–63 ending in a letter, no whitespace, at most 253 characters.
    private static func isDomain(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = s.count
        guard count > 0, count <= 253 else { return false }
        // Label by label; every byte but the dots must be ASCII letters, digits or '-'.
        var start = 0, labels = 0
        while true {
            var end = start
            while end < count, s[end] != UInt8(ascii: ".") {
                guard isAlphanumericOrHyphen(s[end]) else { return false }
                end += 1
            }
            let length = end - start
            guard length >= 1, length <= 63, isAlphanumeric(s[start]) else { return false }
            labels += 1
            if end == count {
                // The last label: at least two characters, ending in a letter.
                return labels >= 2 && length >= 2 && isLetter(s[end - 1])
            }
            guard isAlphanumeric(s[end - 1]) else { return false }
            start = end + 1
        }
    }
}
