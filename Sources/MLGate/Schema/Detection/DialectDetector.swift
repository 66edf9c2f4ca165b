import Foundation

/// Detects what a delimited file's config does not say, from one sample of its start, as
/// frictionless 5.21 detects it (docs/contract.md, "Detection"):
///
/// - the encoding from the first 100,000 bytes (``EncodingDetector``);
/// - the delimiter (`,` tab `;` `|`) and `skipInitialSpace` from the first 100 lines,
///   with Python's `csv.Sniffer` (``CSVSniffer``); when it cannot decide, the format's
///   default (`,`, tab for `.tsv`);
/// - the header row from the first 100 records: the first record that is not a comment
///   and is about as wide as the records are on average (width within 10% of the mean,
///   at least 1); the records above it are skipped.
///
/// The sample is the only extra read (100,000 bytes at most, decompressed for gzip); the
/// file is then read once, as before. What the dialect pins (``CSVDialect/pinned``) is
/// kept as given.
public enum DialectDetector {
    /// Frictionless's `buffer_size`: the bytes its encoding detection reads.
    public static let sampleBytes = 100_000
    /// Frictionless's `sample_size`: the lines the sniffer reads and the records the
    /// header row is looked for in.
    public static let sampleRecords = 100

    /// The dialect `dialect` becomes once the file at `url` (of `format`) is looked at,
    /// and what was found. A file that cannot be read is left to the reader to report:
    /// the dialect comes back unchanged.
    public static func detect(url: URL, displayPath: String, format: TableFormat, dialect: CSVDialect)
        -> (dialect: CSVDialect, detection: DialectDetection)
    {
        var result = dialect
        result.pinned = Set(CSVDialect.Property.allCases)
        guard format.isDelimited, dialect.pinned != result.pinned,
            let (sample, complete) = try? readSample(url: url, displayPath: displayPath)
        else { return (result, DialectDetection()) }
        return detect(sample: sample, complete: complete, format: format, dialect: dialect, displayPath: displayPath)
    }

    /// Detection over a sample already read: `complete` when it is the whole file.
    static func detect(sample: [UInt8], complete: Bool, format: TableFormat, dialect: CSVDialect, displayPath: String)
        -> (dialect: CSVDialect, detection: DialectDetection)
    {
        var result = dialect
        result.pinned = Set(CSVDialect.Property.allCases)
        var detection = DialectDetection()
        var encodingFinding: String?
        // Encoding.
        if !dialect.pinned.contains(.encoding) {
            let found = EncodingDetector.detect(sample, complete: complete)
            result.encoding = found.encoding
            if found.name != "utf-8" { encodingFinding = "encoding \(found.name)" }
            if let note = found.note { detection.notes.append(note) }
        }
        var transcoder = TextTranscoder(encoding: result.encoding)
        var text = transcoder.transcode(sample, final: complete)
        if text.starts(with: [0xEF, 0xBB, 0xBF]) { text.removeFirst(3) }
        // Delimiter and skipInitialSpace, from the first 100 lines.
        let lines = firstLines(text, count: sampleRecords)
        let scalars = Array(String(decoding: text[..<lines], as: UTF8.self).unicodeScalars)
        let pinnedDelimiter = dialect.pinned.contains(.delimiter)
        let candidates: [Unicode.Scalar] = pinnedDelimiter ? [Unicode.Scalar(dialect.delimiter)] : [",", "\t", ";", "|"]
        let defaultDelimiter = dialect.delimiter
        if let sniffed = CSVSniffer.sniff(scalars, delimiters: candidates) {
            if !pinnedDelimiter, sniffed.delimiter.isASCII { result.delimiter = UInt8(sniffed.delimiter.value) }
            if !dialect.pinned.contains(.skipInitialSpace) { result.skipInitialSpace = sniffed.skipInitialSpace }
        } else if !pinnedDelimiter, candidates.contains(where: { scalars.contains($0) }) {
            detection.notes.append(
                "delimiter not detected: no candidate (',', tab, ';', '|') splits the first lines consistently; read with \(describe(defaultDelimiter))")
        }
        if result.delimiter != defaultDelimiter { detection.detected.append("delimiter \(describe(result.delimiter))") }
        if result.skipInitialSpace && !dialect.skipInitialSpace { detection.detected.append("skipInitialSpace") }
        if (try? result.validate()) == nil {
            // A sniffed delimiter that clashes with a given quote or escape char.
            result.delimiter = defaultDelimiter
            result.skipInitialSpace = dialect.skipInitialSpace
            detection.detected.removeAll { $0.hasPrefix("delimiter") || $0 == "skipInitialSpace" }
        }
        if let encodingFinding { detection.detected.append(encodingFinding) }
        // The header row.
        if !dialect.pinned.contains(.header), dialect.header {
            switch headerRow(text, complete: complete, dialect: result, displayPath: displayPath) {
            case .row(let row)?:
                result.headerRow = row
                if row > 1 { detection.detected.append("header row \(row)") }
            case .undecided?:
                detection.notes.append(
                    "header row not detected: no row of the first \(sampleRecords) is about as wide as they are on average; the first row is the header")
            case nil: break
            }
        }
        return (result, detection)
    }

    /// The start of the file, up to `sampleBytes` bytes (decompressed); whether that is all of it.
    static func readSample(url: URL, displayPath: String) throws(TableReadError) -> ([UInt8], Bool) {
        var source = try FileByteSource(url: url, displayPath: displayPath, chunkSize: 1 << 16)
        var sample: [UInt8] = []
        while sample.count < sampleBytes {
            guard let chunk = try source.nextChunk() else { return (sample, true) }
            sample += chunk
        }
        if sample.count == sampleBytes, try source.nextChunk() == nil { return (sample, true) }
        return (Array(sample.prefix(sampleBytes)), false)
    }

    /// The end of the first `count` lines (each ended by CRLF, LF or CR, as Python reads
    /// a file opened with `newline=""`).
    static func firstLines(_ text: [UInt8], count: Int) -> Int {
        var lines = 0
        var index = 0
        while index < text.count {
            let byte = text[index]
            index += 1
            if byte == 0x0D, index < text.count, text[index] == 0x0A { index += 1 }
            if byte == 0x0A || byte == 0x0D {
                lines += 1
                if lines == count { return index }
            }
        }
        return text.count
    }

    /// A header row guess.
    enum HeaderGuess: Equatable {
        /// The 1-based record.
        case row(Int)
        /// No record is as wide as the mean (frictionless then takes row 1 silently).
        case undecided
    }

    /// Frictionless's header row guess over the sample's first 100 records; `nil` when
    /// the sample has no record.
    static func headerRow(_ text: [UInt8], complete: Bool, dialect: CSVDialect, displayPath: String) -> HeaderGuess? {
        var reading = dialect
        reading.encoding = .utf8
        var tokenizer = CSVTokenizer(source: MemoryByteSource(text), dialect: reading, displayPath: displayPath)
        tokenizer.skipsComments = false
        tokenizer.recoversFromEncodingErrors = true
        var records: [[String]] = []
        while records.count < sampleRecords + 1, let record = try? tokenizer.nextRecord() {
            records.append(record.fields)
        }
        // A record the sample cuts short is not counted.
        if !complete, records.count <= sampleRecords, !records.isEmpty { records.removeLast() }
        records = Array(records.prefix(sampleRecords))
        guard !records.isEmpty else { return nil }
        let widths = records.map(\.count)
        let width = (Double(widths.reduce(0, +)) / Double(widths.count)).rounded(.toNearestOrEven)
        let drift = max((width * 0.1).rounded(.toNearestOrEven), 1)
        for (index, record) in records.enumerated() where !tokenizer.isComment(record) {
            if abs(Double(record.count) - width) <= drift { return .row(index + 1) }
        }
        return .undecided
    }

    static func describe(_ delimiter: UInt8) -> String {
        switch delimiter {
        case 0x09: "tab"
        case 0x20: "space"
        default: "'\(Character(Unicode.Scalar(delimiter)))'"
        }
    }
}
