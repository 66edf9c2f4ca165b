/// Text made safe for XML 1.0.
///
/// XML 1.0 allows only tab, line feed, carriage return and the scalars from U+0020 up,
/// except U+FFFE and U+FFFF (surrogates cannot occur in a Swift string). libxml2's text
/// writer passes the others through, producing a file no parser accepts, so every
/// string is cleaned before it reaches the writer: a forbidden scalar becomes U+FFFD.
enum XMLText {
    /// Whether XML 1.0 allows this scalar in a document.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x1_0000...0x10_FFFF: true
        default: false
        }
    }

    /// `text` with every scalar XML 1.0 forbids replaced by U+FFFD.
    static func clean(_ text: String) -> String {
        guard !text.unicodeScalars.allSatisfy(isAllowed) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(isAllowed(scalar) ? scalar : "\u{FFFD}")
        }
        return String(scalars)
    }
}
