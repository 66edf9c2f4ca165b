import Foundation
import Testing

@testable import MLGate

/// Columns a Parquet reader hands over as numbers read exactly as their text would.
@Suite("Columns held as numbers")
struct NumberColumnTests {
    /// A cell read as a number, comparable: the value's bits, or why there is none.
    enum Read: Equatable {
        case missing, number(UInt64), text(String)
    }

    /// Every column of the file read with `forEachNumber`, and as text through each of
    /// the batch's text paths (`withColumn`, `forEachCell`, `string`), and which columns
    /// came as numbers.
    static func read(_ name: String, numbers: Bool, batchSize: Int) throws
        -> (numbers: [[Read]], viewed: [[String?]], walked: [[String?]], strings: [[String?]], held: Set<Int>)
    {
        var reader = try ParquetReader(url: Fixtures.url("parquet/\(name).parquet"), displayPath: name, batchSize: batchSize)
        if numbers {
            reader.numberColumns = Set(reader.columns.indices)
            reader.momentColumns = Set(reader.columns.indices)
        }
        let width = reader.columns.count
        var read = [[Read]](repeating: [], count: width)
        var viewed = [[String?]](repeating: [], count: width), walked = viewed, strings = viewed
        var held = Set<Int>()
        while let batch = try reader.nextBatch() {
            for column in 0..<width {
                if batch.numberColumn(column) != nil { held.insert(column) }
                var next = 0
                batch.forEachNumber(in: column) { row, cell in
                    #expect(row == next)
                    next += 1
                    switch cell {
                    case .missing: read[column].append(.missing)
                    case .number(let value, _): read[column].append(.number(value.bitPattern))
                    case .text(let bytes): read[column].append(.text(String(decoding: bytes, as: UTF8.self)))
                    }
                }
                batch.withColumn(column) { cells in
                    for row in 0..<batch.rowCount { viewed[column].append(cells[row].map { String(decoding: $0, as: UTF8.self) }) }
                }
                batch.forEachCell(in: column) { walked[column].append($0.map { String(decoding: $0, as: UTF8.self) }) }
                for row in 0..<batch.rowCount { strings[column].append(batch.string(column, row)) }
            }
        }
        return (read, viewed, walked, strings, held)
    }

    @Test("a column held as numbers reads as its text does, every path", arguments: ["types", "dict_v2", "dict_plain", "plain_v2", "encodings_v1", "encodings_v2", "row_groups", "pandas", "polars", "spark_defaults", "spark_legacy", "decimal_ints", "int96"])
    func agrees(_ name: String) throws {
        for batchSize in [8192, 5] {
            let text = try Self.read(name, numbers: false, batchSize: batchSize)
            let typed = try Self.read(name, numbers: true, batchSize: batchSize)
            #expect(text.held.isEmpty)
            #expect(typed.numbers == text.numbers, "\(name): numbers")
            #expect(typed.viewed == text.viewed, "\(name): withColumn")
            #expect(typed.walked == text.walked, "\(name): forEachCell")
            #expect(typed.strings == text.strings, "\(name): string")
            #expect(typed.viewed == text.strings, "\(name): the text paths agree")
        }
    }

    @Test("a column of dictionary entries names the same entry for the same text", arguments: ["dict_v2", "dict_plain", "types", "pandas", "polars", "spark_defaults", "row_groups"])
    func dictionaryEntries(_ name: String) throws {
        var marked = 0
        for batchSize in [8192, 5] {
            var reader = try ParquetReader(url: Fixtures.url("parquet/\(name).parquet"), displayPath: name, batchSize: batchSize)
            var texts: [Int: [Int32: String]] = [:]
            while let batch = try reader.nextBatch() {
                for column in 0..<batch.width {
                    guard let dictionary = batch.cellDictionary(column) else { continue }
                    marked += 1
                    #expect(dictionary.entries.count == batch.rowCount)
                    for row in 0..<batch.rowCount {
                        let entry = dictionary.entries[row], text = batch.string(column, row) ?? ""
                        #expect(entry >= -1 && entry < dictionary.count)
                        if entry < 0 {
                            #expect(text.isEmpty, "\(name) column \(column) row \(row): a null's cell")
                        } else if let seen = texts[dictionary.id]?[entry] {
                            #expect(seen == text, "\(name) column \(column) row \(row): entry \(entry)")
                        } else {
                            texts[dictionary.id, default: [:]][entry] = text
                        }
                    }
                }
            }
        }
        if ["dict_v2", "types", "pandas"].contains(name) { #expect(marked > 0) }
        // Turned off, no column is marked.
        try ParquetReader.$handsOverValues.withValue(false) {
            var reader = try ParquetReader(url: Fixtures.url("parquet/\(name).parquet"), displayPath: name)
            while let batch = try reader.nextBatch() {
                #expect((0..<batch.width).allSatisfy { batch.cellDictionary($0) == nil })
            }
        }
    }

    @Test("doubles, signed integers, dates and timestamps are held; floats, unsigned, decimals and times as text")
    func whichColumns() throws {
        var reader = try ParquetReader(url: Fixtures.url("parquet/types.parquet"), displayPath: "types")
        let typed = try Self.read("types", numbers: true, batchSize: 8192)
        let names = Set(typed.held.map { reader.columns[$0] })
        #expect(names == ["int8", "int16", "int32", "int64", "float64", "point.x", "required_int", "date", "ts_ms", "ts_us", "ts_ns", "ts_utc"])
        // Dates and timestamps only for a consumer that settles them by value.
        reader.numberColumns = Set(reader.columns.indices)
        var held = Set<String>()
        while let batch = try reader.nextBatch() {
            for column in 0..<batch.width where batch.numberColumn(column) != nil { held.insert(reader.columns[column]) }
        }
        #expect(held == ["int8", "int16", "int32", "int64", "float64", "point.x", "required_int"])
    }

    /// Fields whose kernels settle held dates or instants, and the forms they read.
    static let momentFields: [(field: String, kernel: String, forms: [NumberColumn.MomentForm])] = {
        let instants: [NumberColumn.MomentForm] = [ParquetTimeUnit.millis, .micros, .nanos].flatMap { [.timestamp($0, utc: false), .timestamp($0, utc: true)] }
        return [
            (#"{"name": "v", "type": "date"}"#, "typeOnly", [.date]),
            (#"{"name": "v", "type": "datetime"}"#, "typeOnly", instants),
            (#"{"name": "v", "type": "date", "constraints": {"minimum": "2000-01-01", "maximum": "2024-02-29"}}"#, "moment", [.date]),
            (#"{"name": "v", "type": "date", "constraints": {"exclusiveMinimum": "2000-01-01", "exclusiveMaximum": "2024-02-29"}}"#, "moment", [.date]),
            (#"{"name": "v", "type": "datetime", "constraints": {"minimum": "2000-01-01T00:00:00Z", "maximum": "2024-02-29T12:00:00+02:00"}}"#, "moment", instants),
            (#"{"name": "v", "type": "datetime", "constraints": {"exclusiveMinimum": "1999-12-31T23:59:59.5", "maximum": "2030-01-01T00:00:00"}}"#, "moment", instants),
        ]
    }()

    /// A default date or datetime field's kernel settles a held date or instant as clean
    /// only when it settles the text the reader would have written as clean: it may say
    /// less than the text's verdict, never something else. Values on every bound (a unit
    /// and a second either side), on the edges of years 1 and 9999, and anywhere.
    @Test("a held date or instant is clean only when its text is", arguments: 0..<momentFields.count)
    func momentVerdicts(_ index: Int) throws {
        let (field, kernelName, forms) = Self.momentFields[index]
        let schema = try SchemaLoader.parse(#"{"fields": [\#(field)]}"#, file: "schema.json")
        let validator = try ContractValidator(schema: schema, labels: ["v"], sampleLimit: 1)
        #expect(validator.momentColumns == [0] && validator.numberColumns == [0])
        func check(_ rule: some KernelRule) {
            var generator = SplitMix64(seed: 0x4D4F &+ UInt64(index))
            for form in forms {
                let perSecond: Int64, perDay: Int64
                switch form {
                case .date: (perSecond, perDay) = (0, 1)
                case .timestamp(let unit, _): (perSecond, perDay) = (unit.perSecond, 86_400 * unit.perSecond)
                }
                let first = NumberColumn.MomentForm.readableDays.lowerBound, last = NumberColumn.MomentForm.readableDays.upperBound
                var anchors: [Int64] = [0]
                for day in [first, last + 1, 10_957, 19_782, 19_783, 21_915] {
                    let (start, overflow) = day.multipliedReportingOverflow(by: perDay)
                    if !overflow { anchors.append(start) }
                }
                if perSecond > 0 {
                    // The bounds' instants: 12:00+02:00 on 2024-02-29, and half a second before 2000.
                    anchors += [(19_782 * 86_400 + 36_000) * perSecond, 10_957 * 86_400 * perSecond - perSecond / 2]
                }
                var values: [Int64] = []
                for anchor in anchors {
                    for delta in [-perDay, -perSecond, -1, 0, 1, perSecond, perSecond - 1, perDay] {
                        let (value, overflow) = anchor.addingReportingOverflow(delta)
                        if !overflow { values.append(value) }
                    }
                }
                for _ in 0..<3000 {
                    values.append(Int64.random(in: 9_000 * perDay...23_000 * perDay, using: &generator))
                    values.append(Int64.random(in: (first - 2) * min(perDay, 86_400_000_000)...(last + 2) * min(perDay, 86_400_000_000), using: &generator))
                }
                var clean = 0
                for value in values where rule.verdict(moment: value, form: form) == .clean {
                    clean += 1
                    var text: [UInt8] = []
                    NumberColumn(values: .moments([value], form), nulls: []).appendText(0, to: &text)
                    let textVerdict = text.withUnsafeBufferPointer { rule.verdict($0) }
                    #expect(textVerdict == .clean, "\(field) \(form) \(value): held clean, its text '\(String(decoding: text, as: UTF8.self))' not")
                }
                #expect(clean > values.count / 4, "\(field) \(form): the held verdict settles most values (\(clean) of \(values.count))")
                // A form of the other field type is never settled.
                let other: NumberColumn.MomentForm = form == .date ? .timestamp(.micros, utc: false) : .date
                #expect(values.allSatisfy { rule.verdict(moment: $0, form: other) == .undecided })
            }
        }
        switch validator.kernels[0] {
        case .typeOnly(let rule) where kernelName == "typeOnly": check(rule)
        case .moment(let rule) where kernelName == "moment": check(rule)
        default: Issue.record("\(field) takes the \(kernelName) kernel")
        }
    }

    /// The texts a Parquet reader writes parse back to the value held: doubles of every
    /// magnitude and integers past 2^53, where the parse must round as `Double(_:)` does.
    @Test("each held number is what parsing its text gives", arguments: [0, 1, 2])
    func textsParseBack(_ seed: UInt64) {
        var generator = SplitMix64(seed: 0x4E55 &+ seed)
        var doubles: [Double] = [0, -0.0, 1e-320, 5e-324, .greatestFiniteMagnitude, 0.1, 1.0 / 3, 1e21, 1e22, 123456789012345678]
        var integers: [Int64] = [0, -1, .max, .min, 1 << 53, (1 << 53) + 1, -(1 << 53) - 1, 9_007_199_254_740_993]
        for _ in 0..<20_000 {
            doubles.append(Double(bitPattern: generator.next()))
            doubles.append(Double(Int64.random(in: -1_000_000...1_000_000, using: &generator)) / 100)
            integers.append(Int64(bitPattern: generator.next()) >> Int64.random(in: 0...63, using: &generator))
        }
        for column in [NumberColumn(values: .doubles(doubles), nulls: []), NumberColumn(values: .integers(integers), nulls: [])] {
            var batch = RowBatch(firstRowNumber: 2, width: 1, reservingRows: column.count)
            batch.appendPlacedRows(column.count, columns: [(base: 0, places: Array(repeating: 0, count: column.count), lengths: Array(repeating: 0, count: column.count))], firstLine: 2)
            batch.setNumbers(0, column)
            var mismatches = 0
            batch.forEachNumber(in: 0) { row, cell in
                let parsed = batch.withBytes(0, row) { $0.isEmpty ? nil : NumberParser.double($0) } ?? nil
                switch cell {
                case .missing: if parsed != nil, !parsed!.isNaN { mismatches += 1 }
                case .number(let value, let text):
                    #expect(text == nil)
                    if parsed?.bitPattern != value.bitPattern { mismatches += 1 }
                case .text: mismatches += 1
                }
            }
            #expect(mismatches == 0)
        }
    }

    /// A consumer that declares what it reads as numbers.
    struct Declaring: TableConsumer {
        var columnsRead: Set<Int>?
        var numberColumns: Set<Int>
        mutating func observe(_ batch: RowBatch) throws(TableReadError) {}
        mutating func append(_ later: Declaring) {}
    }

    @Test("a shared scan holds as numbers only what every consumer reading it reads so")
    func sharing() {
        func shared(_ consumers: [Declaring]) -> Set<Int> {
            var consumer = SharedConsumer(header: ["a", "b", "c", "d"], demands: [])
            consumer.parts = consumers.map { SharedConsumer.Part(consumer: $0, recovering: false) }
            return consumer.numberColumns
        }
        #expect(shared([Declaring(columnsRead: [0, 1], numberColumns: [0, 1])]) == [0, 1])
        // A consumer reading column 1 as text takes it out; column 2 is read by one only.
        #expect(shared([Declaring(columnsRead: [0, 1], numberColumns: [0, 1]), Declaring(columnsRead: [1, 2], numberColumns: [2])]) == [0, 2])
        // A consumer reading every column keeps only its own number columns.
        #expect(shared([Declaring(columnsRead: [0, 1], numberColumns: [0, 1]), Declaring(columnsRead: nil, numberColumns: [1])]) == [1])
        #expect(shared([Declaring(columnsRead: [0], numberColumns: [0]), Declaring(columnsRead: nil, numberColumns: [])]).isEmpty)
        // A failed consumer reads nothing.
        var consumer = SharedConsumer(header: [], demands: [])
        consumer.parts = [
            SharedConsumer.Part(consumer: Declaring(columnsRead: [3], numberColumns: [3]), recovering: false),
            SharedConsumer.Part(consumer: nil, error: nil, recovering: false),
        ]
        #expect(consumer.numberColumns == [3])
    }
}

/// Every gate kind on a file whose numbers are held as numbers reports what it reports
/// when they come as text.
@Suite("Gates on numbers held as numbers")
struct HeldNumberGateTests {
    static func report(holding: Bool) async throws -> RunReport {
        let config = try ConfigLoader.load(path: Fixtures.url("parquet/held/mlgate.yml").path)
        return await ParquetReader.$handsOverValues.withValue(holding) { await GateRunner(config: config).run() }
    }

    /// The report as JSON without its times.
    static func comparable(_ report: some Encodable) throws -> NSDictionary {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let object = try JSONSerialization.jsonObject(with: encoder.encode(report))
        func strip(_ value: Any) -> Any {
            if let dictionary = value as? [String: Any] {
                return dictionary.filter { !["duration", "startedAt"].contains($0.key) }.mapValues(strip)
            }
            if let array = value as? [Any] { return array.map(strip) }
            return value
        }
        return strip(object) as! NSDictionary
    }

    @Test("the same reports, held or as text")
    func sameReports() async throws {
        let held = try await Self.report(holding: true)
        let text = try await Self.report(holding: false)
        for (heldGate, textGate) in zip(held.gates, text.gates) {
            #expect(try Self.comparable(heldGate) == Self.comparable(textGate), "gate \(heldGate.name): held \(heldGate.checks.map { "\($0.name) \($0.outcome) \($0.message)" }) text \(textGate.checks.map { "\($0.name) \($0.outcome) \($0.message)" })")
        }
        #expect(held.gates.count == text.gates.count)
        // The fixture reaches the kernels' edges: each gate finds what it is there for.
        let data = try #require(held.gates.first)
        let failing = Set(data.checks.filter { $0.outcome == .failed }.map(\.name))
        for name in ["id: unique", "flag: enum", "flag: required", "age: minimum", "age: maximum", "big: maximum", "big_number: maximum", "score: maximum", "whole: type", "open: exclusiveMinimum", "open: exclusiveMaximum", "small: minimum", "kind: enum", "day: type", "active: required", "strict: type", "signup: type", "seen: type", "seen: minimum", "seen: maximum", "seen_utc: type"] {
            #expect(failing.contains(name), "\(name) should fail: \(failing.sorted())")
        }
        #expect(held.gates.map(\.status) == [.failed, .failed, .passed, .error, .error])
    }

    @Test("the columns a gate reads as numbers are held so")
    func columnsAreHeld() throws {
        let url = Fixtures.url("parquet/held/data.parquet")
        let header = try ParquetReader(url: url, displayPath: "data.parquet").columns
        let config = try ConfigLoader.load(path: Fixtures.url("parquet/held/mlgate.yml").path)
        guard case .data(let gate) = config.gates[0].body, let source = gate.contract?.source, case .schema(let schema, _) = source else {
            Issue.record("the fixture's first gate is a data gate with a schema")
            return
        }
        let validator = try ContractValidator(schema: schema, labels: header, sampleLimit: 1)
        let names = validator.numberColumns.sorted().map { header[$0] }
        #expect(names == ["id", "flag", "age", "big", "big_number", "score", "whole", "open", "small", "day", "signup", "seen", "seen_utc", "seen_ns"])
        // Of those, the date and datetime fields settle dates and instants by value ("day"
        // is a column of strings, which no reader holds).
        #expect(validator.momentColumns.sorted().map { header[$0] } == ["day", "signup", "seen", "seen_utc", "seen_ns"])
    }
}
