import Foundation

// libFuzzer entry point for every parser of untrusted bytes. The fuzzer binary is the
// MLGate library compiled together with this file (so that internal types such as the
// CSV tokenizer are reachable); MLGATE_FUZZ_TARGET chooses the parser (Fuzz/run.sh sets
// it, one run and one corpus per target). A parser may throw its typed error on any
// input; what it must never do is crash, hang, leak or (for the CSV tokenizer) read the
// same bytes differently on its fast and general paths.

/// The parsers, by the name MLGATE_FUZZ_TARGET gives.
enum FuzzTarget: String, CaseIterable {
    case csv, jsonl, gzip, config, schema, dialect, profile, attestation, pem, report, parquet, api, detect, postgres, pgbinary, aws, arrow, spark, number, pushdown

    static let current: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["MLGATE_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            fatalError("set MLGATE_FUZZ_TARGET to one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return target
    }()

    /// Where the parquet target writes each input (one file per fuzzing process).
    static let parquetFile = URL(fileURLWithPath: NSTemporaryDirectory())
        .appendingPathComponent("mlgate-fuzz-\(ProcessInfo.processInfo.processIdentifier).parquet")

    func run(_ bytes: [UInt8]) {
        switch self {
        case .csv: FuzzCSV.run(bytes)
        case .jsonl:
            guard var reader = try? JSONLinesReader(source: MemoryByteSource(bytes), displayPath: "f.jsonl", batchSize: 7) else { return }
            reader.recoversMalformedRows = bytes.first.map { $0 & 1 == 1 } ?? false
            while (try? reader.nextBatch()) != nil {}
        case .gzip:
            // Compressed bytes a kilobyte at a time. (Not over MemoryByteSource: swiftc
            // 6.3.1 -O crashes specialising GzipByteSource<MemoryByteSource>.nextChunk,
            // SIL ownership verifier in CopyPropagation.)
            var source = GzipByteSource(compressed: FuzzCSV.Chunked(bytes: bytes[...], size: 1024), displayPath: "f.gz", outputSize: 4096)
            var total = 0
            // A bomb inflates far: the readers' limits stop it there; here, 64 MiB.
            while total < 64 << 20, let chunk = try? source.nextChunk() { total += chunk.count }
        case .config:
            _ = try? ConfigLoader.parse(String(decoding: bytes, as: UTF8.self), file: "mlgate.yml", directory: URL(fileURLWithPath: "/nonexistent"))
        case .schema:
            _ = try? SchemaLoader.parse(String(decoding: bytes, as: UTF8.self), file: "schema.json")
        case .dialect:
            guard let dialect = try? DialectFile.parse(String(decoding: bytes, as: UTF8.self), displayPath: "dialect.yaml") else { return }
            // A dialect that loads reads a small table.
            var tokenizer = CSVTokenizer(source: MemoryByteSource(Array("a,b\n1,\"2\"\n#x\n".utf8)), dialect: dialect, displayPath: "t.csv")
            var sink = FuzzCSV.Sink()
            while (try? tokenizer.readRecords(into: &sink, limit: 10)) ?? 0 > 0 {}
        case .profile:
            guard let profile = try? ReferenceProfile(data: Data(bytes), source: "ref.profile.json") else { return }
            // Expanding a column allocates `present` values: only small ones here.
            for column in profile.columns where column.present <= 100_000 {
                guard let sample = profile.sample(column.name), sample.allNumbers, !sample.numbers.isEmpty else { continue }
                let test = DriftColumnTest(column: column.name, kind: .numeric, method: .ks, threshold: nil, ksMethod: .auto, bins: 10)
                _ = try? test.run(reference: sample, current: sample)
            }
        case .aws:
            // An AWS error answer (S3's XML, SageMaker's JSON, the error type header: the
            // first line), a SageMaker answer's JSON object, and an AWS shared file.
            let text = String(decoding: bytes, as: UTF8.self)
            let firstLine = text.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
            let response = AWSClient.Response(status: 400, headers: ["x-amzn-errortype": firstLine], body: Data(bytes))
            _ = response.error.description
            _ = response.object["CustomerMetadataProperties"] as? [String: String]
            _ = AWSEnvironment.parseINI(text)
        case .attestation:
            _ = try? GateAttestation(data: Data(bytes), source: "attestation.json")
        case .pem:
            let text = String(decoding: bytes, as: UTF8.self)
            _ = try? SigningKey(pem: text, source: "key.pem")
            _ = try? VerificationKey(pem: text, source: "key.pub.pem")
        case .report:
            _ = try? ModelGate.reportValues(data: Data(bytes), path: "report.json", gate: "model")
            // Whatever the reader accepts, the diff and the comment render, within the limit.
            if let report = try? ReportReader.read(data: Data(bytes), path: "report.json") {
                let diff = ReportDiff(base: report, head: report)
                _ = ReportDiffRenderer().render(diff, format: .json)
                let body = CommentRenderer(limit: 8_192, diff: diff).text(report)
                precondition(body.utf8.count <= 8_192, "comment over its limit")
            }
        case .api:
            // A forge's answer: the error message mlgate quotes, and the pagination headers
            // (the first line is the Link or X-Next-Page value, the rest the body, or the
            // whole input a header block).
            let text = String(decoding: bytes, as: UTF8.self)
            let header = String(text.prefix { $0 != "\n" })
            _ = CommentPublisher.apiMessage(Data(bytes))
            let response = HTTPExchange.Response(status: 200, headers: ["link": header, "x-next-page": header], body: Data(bytes))
            let destination = CommentDestination(provider: .gitlab, api: URL(string: "https://gitlab.example.com/api/v4")!, token: "t", project: "1", number: 1)
            let page = URL(string: "https://gitlab.example.com/api/v4/projects/1/merge_requests/1/notes?page=1")!
            _ = GitLabMergeRequestNotes(destination: destination).nextPage(after: response, page: page)
            _ = GitHubIssueComments(destination: destination).comments(in: Data(bytes))
            // The input as the header block libcurl hands over (HTTPExchange.fields), its
            // fields then paginating as a forge's answer's would.
            let answered = HTTPExchange.Response(status: 200, headers: HTTPExchange.fields(text), body: Data())
            _ = GitLabMergeRequestNotes(destination: destination).nextPage(after: answered, page: page)
            _ = GitHubIssueComments(destination: destination).nextPage(after: answered, page: page)
        case .detect: FuzzDetect.run(bytes)
        case .parquet:
            // The reader reads a file at offsets: the input is written to one first.
            // Read twice: every column as text, then with doubles, integers, dates and
            // timestamps held (read as numbers and as their texts) and every other column
            // read only where a row is empty in the rest (passed over otherwise).
            guard (try? Data(bytes).write(to: Self.parquetFile)) != nil else { return }
            for holding in [false, true] {
                guard var reader = try? ParquetReader(url: Self.parquetFile, displayPath: "f.parquet", batchSize: 64) else { return }
                if holding {
                    reader.numberColumns = Set(reader.columns.indices)
                    reader.momentColumns = Set(reader.columns.indices)
                    let odd = Set(reader.columns.indices.filter { $0 % 2 == 1 })
                    reader.presenceColumns = PresenceColumns(columns: odd, deciding: Set(reader.columns.indices).subtracting(odd))
                }
                var batches = 0
                while batches < 10_000, let batch = try? reader.nextBatch() {
                    batches += 1
                    for column in 0..<batch.width where batch.numberColumn(column) != nil {
                        var seen = 0
                        batch.forEachNumber(in: column) { _, _ in seen += 1 }
                        precondition(seen == batch.rowCount, "a held column gives a cell per row")
                        batch.withColumn(column) { cells in _ = cells[batch.rowCount - 1] }
                    }
                }
            }
        case .postgres: FuzzPostgres.run(bytes)
        case .pgbinary: FuzzPostgres.binaryCopy(bytes)
        case .pushdown: FuzzPushdown.run(bytes)
        case .spark: FuzzSpark.run(bytes)
        case .number:
            // A cell's number: the fast paths (Clinger's, the exact 16-19 digit division)
            // must give the standard library's correctly rounded double, or nil alike.
            let got = bytes.withUnsafeBufferPointer { NumberParser.double($0) }
            let text = String(decoding: bytes, as: UTF8.self)
            let expected = Double(text) ?? Double(text.trimmingCharacters(in: .whitespaces))
            let same = got?.bitPattern == expected?.bitPattern || (got?.isNaN == true && expected?.isNaN == true)
            precondition(same, "NumberParser read \(text.debugDescription) as \(String(describing: got)), the standard library as \(String(describing: expected))")
        case .arrow:
            // Every column decoded and every cell rendered, batch after batch.
            var reader = ArrowStreamReader(bytes)
            var batches = 0
            while batches < 10_000, let batch = try? reader.nextBatch() {
                batches += 1
                var text: [UInt8] = []
                for column in batch.columns.compactMap({ $0 }) {
                    for row in 0..<batch.rowCount { _ = column.appendText(row, to: &text) }
                }
            }
        }
    }
}

/// The CSV tokenizer: the fast path (cut into chunks as the first byte says: 1-48 bytes,
/// sizes around its 64-byte blocks, or whole) against
/// the character-level path, which must agree record for record, or fail alike.
enum FuzzCSV {
    struct Sink: CSVRecordSink {
        var records: [[[UInt8]]] = []
        var current: [[UInt8]] = []
        var lines: [Int] = []
        var malformed: [String] = []
        mutating func malformed(_ error: TableReadError) { malformed.append("\(records.count) \(current.count) \(error)") }
        mutating func field(_ bytes: UnsafeBufferPointer<UInt8>) { current.append(Array(bytes)) }
        mutating func endRecord(line: Int) {
            records.append(current)
            current = []
            lines.append(line)
        }
    }

    /// A source handing out `size` bytes at a time.
    struct Chunked: ByteSource {
        var bytes: ArraySlice<UInt8>
        let size: Int
        mutating func nextChunk() throws(TableReadError) -> [UInt8]? {
            guard !bytes.isEmpty else { return nil }
            let chunk = Array(bytes.prefix(size))
            bytes = bytes.dropFirst(chunk.count)
            return chunk
        }
    }

    static func read(_ bytes: ArraySlice<UInt8>, chunk: Int, limit: Int, general: Bool, recovering: Bool) -> String {
        var tokenizer = CSVTokenizer(
            source: Chunked(bytes: bytes, size: chunk), dialect: .csv, displayPath: "f.csv", forceGeneral: general)
        tokenizer.skipsComments = false
        tokenizer.recoversFromEncodingErrors = recovering
        var sink = Sink()
        do {
            while try tokenizer.readRecords(into: &sink, limit: limit) > 0 {}
        } catch {
            return "\(error)"
        }
        return "\(sink.records) \(sink.lines) \(sink.malformed)"
    }

    static func run(_ bytes: [UInt8]) {
        guard let control = bytes.first else { return }
        let text = bytes.dropFirst()
        // Chunks of 1-48 bytes, or sizes around the fast path's 64-byte blocks, or whole.
        let sizes = [63, 64, 65, 100, 127, 128, 129, 191, 192, 193, 255, 256, 257, 1_000, 4_096, max(1, text.count)]
        let chunk = control & 0x3F < 48 ? Int(control & 0x3F) + 1 : sizes[Int(control & 0x3F) - 48]
        let limit = control & 0x40 == 0 ? 3 : 1000
        let recovering = control & 0x80 != 0
        let fast = read(text, chunk: chunk, limit: limit, general: false, recovering: recovering)
        let general = read(text, chunk: max(1, text.count), limit: 1000, general: true, recovering: recovering)
        if fast != general {
            fatalError("the CSV fast path and the general path disagree on \(Array(text)):\nfast:    \(fast)\ngeneral: \(general)")
        }
    }
}

/// Detection over a file's sample (encoding, the sniffer, the header row guess), and the
/// decoders into UTF-8, which must give the same bytes however the input is cut into chunks.
enum FuzzDetect {
    static let encodings: [TextEncoding] = [
        .utf16LittleEndian, .utf16BigEndian, TextEncoding(named: "windows-1252")!, TextEncoding(named: "koi8-r")!,
    ]

    static func run(_ bytes: [UInt8]) {
        guard let control = bytes.first else { return }
        let text = Array(bytes.dropFirst())
        let (dialect, _) = DialectDetector.detect(
            sample: text, complete: control & 1 == 0, format: control & 2 == 0 ? .csv : .tsv,
            dialect: control & 4 == 0 ? .csv : CSVDialect(commentChar: "#"), displayPath: "f.csv")
        // The detected dialect reads the sample.
        var tokenizer = CSVTokenizer(source: MemoryByteSource(text), dialect: dialect, displayPath: "f.csv")
        tokenizer.recoversFromEncodingErrors = true
        var sink = FuzzCSV.Sink()
        while (try? tokenizer.readRecords(into: &sink, limit: 50)) ?? 0 > 0 {}
        let encoding = encodings[Int(control >> 3) % encodings.count]
        let size = Int(control >> 5) + 1
        var whole = TextTranscoder(encoding: encoding)
        let once = whole.transcode(text, final: true)
        if once != TextTranscoder.decode(text, encoding: encoding, chunkSize: size) {
            fatalError("decoding \(encoding) by chunks of \(size) differs from decoding at once on \(text)")
        }
    }
}

/// Before fuzzing, every seed of the target's corpus (MLGATE_FUZZ_SEEDS) runs once, so
/// that lazily initialised globals (a `static let`) are in place: LeakSanitizer would
/// otherwise report their first allocation as a leak of the input that made it.
@_cdecl("LLVMFuzzerInitialize")
public func mlgateFuzzInitialize(_ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> CInt {
    let target = FuzzTarget.current
    target.run([])
    if let folder = ProcessInfo.processInfo.environment["MLGATE_FUZZ_SEEDS"],
        let names = try? FileManager.default.contentsOfDirectory(atPath: folder)
    {
        for name in names.sorted() {
            if let data = FileManager.default.contents(atPath: folder + "/" + name) { target.run(Array(data)) }
        }
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func mlgateFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzTarget.current.run(bytes)
    return 0
}

/// The PostgreSQL client's reading of what a server sends: the bytes are the server's
/// whole side of a session (start-up, authentication, a describe, a COPY of CSV read to
/// its end). The first byte chooses the SSL answer and whether a password is set; the
/// bytes also go through the connection URL parser.
enum FuzzPostgres {
    /// A transport that answers with the fuzzer's bytes and swallows what is written.
    final class Replay: PostgresTransport {
        var bytes: ArraySlice<UInt8>
        init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }
        func write(_ bytes: [UInt8]) throws(PostgresError) {}
        func read(into buffer: inout [UInt8], count: Int) throws(PostgresError) {
            guard !bytes.isEmpty else { throw PostgresError(.connection, "end of the replay") }
            let taken = bytes.prefix(max(1, min(count, 97)))
            buffer.append(contentsOf: taken)
            bytes = bytes.dropFirst(taken.count)
        }
        func readByte() throws(PostgresError) -> UInt8 {
            guard let first = bytes.first else { throw PostgresError(.connection, "end of the replay") }
            bytes = bytes.dropFirst()
            return first
        }
        func setReadTimeout(seconds: Int) {}
        func startTLS(host: String, mode: PostgresConnectionParameters.SSLMode, rootCertificates: String?) throws(PostgresError) {}
    }

    static func run(_ bytes: [UInt8]) {
        _ = try? PostgresConnectionParameters(String(decoding: bytes.prefix(200), as: UTF8.self), environment: [:])
        guard let flags = bytes.first else { return }
        let url = "postgresql://u\(flags & 1 == 1 ? ":pw" : "")@h/db?sslmode=\(flags & 2 == 2 ? "prefer" : "disable")"
        guard let parameters = try? PostgresConnectionParameters(url, environment: [:]) else { return }
        let table = DatabaseTable(connection: url, relation: .table("t"))
        let location = SourceLocation(file: "fuzz.yml")
        do throws(PostgresError) {
            let connection = try PostgresConnection(transport: Replay(bytes.dropFirst()), parameters: parameters, statementTimeout: 1000)
            let columns = try connection.query("SELECT * FROM t LIMIT 0").columns
            try connection.startCopy(PostgreSQLDialect().copyStatement(.table("t"), columns: columns, kept: nil, limit: nil))
            let source = PostgresCopySource(connection: connection, table: table, location: location)
            guard var reader = try? CSVReader(source: source, displayPath: table.display, batchSize: 7) else { return }
            while (try? reader.nextBatch()) != nil {}
        } catch {
            _ = error.tableReadError(table, at: location)
        }
    }

    /// The binary COPY decoder: the first byte is the column count (1–8) and the size of
    /// the pieces the data arrives in, the next bytes each column's kind; the rest is the
    /// COPY data. The CSV it decodes must read as a table of that many columns.
    static func binaryCopy(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let count = Int(first & 7) + 1
        guard bytes.count > count else { return }
        let all: [PostgresBinaryCopyDecoder.Kind] = [.boolean, .int2, .int4, .int8, .float4, .float8, .numeric, .text, .date, .timestamp, .timestampUTC]
        let kinds = bytes[1...count].map { all[Int($0) % all.count] }
        var decoder = PostgresBinaryCopyDecoder(names: (0..<count).map { "c\($0)" }, kinds: kinds)
        let piece = [1, 7, 64, 4096][Int(first >> 3) & 3]
        var data = bytes[(count + 1)...]
        var csv: [UInt8] = []
        do throws(PostgresError) {
            while !data.isEmpty {
                try decoder.decode(data.prefix(piece), into: &csv)
                data = data.dropFirst(piece)
            }
            try decoder.finish()
        } catch {
            return
        }
        guard var reader = try? CSVReader(source: MemoryByteSource(csv), displayPath: "binary", batchSize: 7),
            reader.columns.count == count
        else { fatalError("the decoded CSV's header is not the \(count) columns'") }
        while let batch = try? reader.nextBatch() { _ = batch.rowCount }
    }
}

/// The Spark Connect client's reading of what a server sends: the bytes are the server's
/// whole side of an HTTP/2 connection (settings, pings, window updates, header blocks in
/// HPACK, gRPC messages, trailers) answering one ExecutePlan call; its Arrow batches'
/// chunks are put together and every Arrow stream in the answer is read to its end. The bytes also go through the address parser, the
/// HPACK decoder and the Huffman decoder on their own.
enum FuzzSpark {
    static func run(_ bytes: [UInt8]) {
        _ = try? SparkConnectURL(String(decoding: bytes.prefix(200), as: UTF8.self))
        var decoder = HPACK.Decoder()
        _ = try? decoder.decode(Array(bytes.prefix(4096)))
        _ = try? HPACK.huffmanDecode(Array(bytes.prefix(256)))
        if let part = try? SparkArrowChunks.part(in: bytes) {
            var chunks = SparkArrowChunks(limit: 1 << 16)
            _ = try? chunks.add(part)
            _ = try? chunks.add(part)
        }
        guard let connection = try? HTTP2Connection(transport: FuzzPostgres.Replay(bytes[...])) else { return }
        // Two calls, on streams 1 and 3 (as the captured sessions made them): an error
        // answer to the first leaves the connection usable for the second.
        for _ in 0..<2 {
            do throws(SparkConnectError) {
                var chunks = SparkArrowChunks(limit: 1 << 20)
                try GRPCCall.call(
                    connection, authority: "h:1", path: "/spark.connect.SparkConnectService/ExecutePlan", metadata: [], request: [1, 2]
                ) { (message) throws(SparkConnectError) in
                    guard let part = try SparkArrowChunks.part(in: message), let stream = try chunks.add(part) else { return }
                    var reader = ArrowStreamReader(stream)
                    while (try? reader.nextBatch()) != nil {}
                }
                try chunks.finish()
            } catch {
                _ = error.description
                guard case .server = error.kind else { return }
            }
        }
    }
}
