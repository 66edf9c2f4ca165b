/// A file's encoding from the first bytes, where frictionless asks chardet: a byte order
/// mark (UTF-8, UTF-16), else UTF-8 when the sample is UTF-8, else Windows-1252 when every
/// byte of the sample is a Windows-1252 character (Latin-1 text is Windows-1252 text) and
/// none forms a UTF-8 character (a sample mixing UTF-8 characters and invalid bytes is
/// damaged UTF-8: noted, and read as UTF-8 so that the damaged cells are reported).
///
/// mlgate does not guess among other code pages with language models as chardet does: a
/// sample that is neither is "not decided" and read as UTF-8 (its cells then give
/// `encoding-error`s); pin the encoding (`encoding: windows-1251`) to decode it.
enum EncodingDetector {
    /// The result: the encoding, the name frictionless reports for it, and a note when
    /// the sample did not decide.
    struct Result: Equatable {
        var encoding: TextEncoding
        /// `utf-8-sig` for UTF-8 with a byte order mark, else the encoding's name.
        var name: String
        var note: String?
    }

    /// `complete`: the sample is the whole file (else its last bytes may be a cut sequence).
    static func detect(_ sample: [UInt8], complete: Bool) -> Result {
        if sample.starts(with: [0xEF, 0xBB, 0xBF]) { return Result(encoding: .utf8, name: "utf-8-sig") }
        if sample.starts(with: [0xFF, 0xFE]) { return Result(encoding: .utf16LittleEndian, name: "utf-16") }
        if sample.starts(with: [0xFE, 0xFF]) { return Result(encoding: .utf16BigEndian, name: "utf-16") }
        let whole = complete ? sample.count : utf8Prefix(sample)
        if sample.withUnsafeBufferPointer({ String(validating: UnsafeBufferPointer(rebasing: $0[..<whole]), as: UTF8.self) }) != nil {
            return Result(encoding: .utf8, name: "utf-8")
        }
        if let (valid, invalid) = utf8Damage(sample[..<whole]) {
            return Result(
                encoding: .utf8, name: "utf-8",
                note: "encoding not detected: the sample is UTF-8 (\(valid) multi-byte characters) except \(invalid) invalid byte\(invalid == 1 ? "" : "s"); read as UTF-8, those cells are encoding errors")
        }
        let zeros = sample.reduce(0) { $1 == 0 ? $0 + 1 : $0 }
        let windows1252 = SingleByteCodePage.named("windows-1252")!
        if zeros == 0, sample.allSatisfy({ $0 < 0x80 || windows1252.high[Int($0) - 0x80] != 0xFFFF }) {
            return Result(encoding: .singleByte(windows1252), name: windows1252.name)
        }
        let why = zeros > 0
            ? "it holds NUL bytes (UTF-16 or UTF-32 without a byte order mark?)"
            : "it is neither UTF-8 nor Windows-1252/Latin-1"
        return Result(
            encoding: .utf8, name: "utf-8",
            note: "encoding not detected: \(why); read as UTF-8 (set 'encoding' to decode it)")
    }

    /// The valid multi-byte UTF-8 characters and the invalid bytes of a sample that is
    /// not UTF-8, when it holds both: UTF-8 text with damage, not a single-byte code page
    /// (Latin-1 text practically never forms UTF-8 sequences). `nil` otherwise.
    static func utf8Damage(_ sample: ArraySlice<UInt8>) -> (valid: Int, invalid: Int)? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = sample.makeIterator()
        var valid = 0, invalid = 0
        loop: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): if encoded.count > 1 { valid += 1 }
            case .error(let length): invalid += length
            case .emptyInput: break loop
            }
        }
        return valid > 0 && invalid > 0 ? (valid, invalid) : nil
    }

    /// The length of the sample without a UTF-8 sequence cut at its end.
    static func utf8Prefix(_ sample: [UInt8]) -> Int {
        var start = sample.count
        var back = 0
        while start > 0, back < 4 {
            start -= 1
            back += 1
            let byte = sample[start]
            if byte & 0xC0 != 0x80 {
                let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
                return length > back ? start : sample.count
            }
        }
        return sample.count
    }
}
