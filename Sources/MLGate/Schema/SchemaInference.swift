import Foundation

/// Infers a Table Schema from a table as it streams past: each column's type and format
/// (as Frictionless infers them), and — beyond Frictionless — `required` when no cell
/// is missing, `minimum`/`maximum` of numeric and temporal columns, and `enum` for
/// string columns with few distinct values.
public struct SchemaInference: Sendable {
    /// What to infer besides types.
    public struct Options: Sendable, Hashable {
        /// Infer `required`, `minimum`, `maximum` and `enum` too.
        public var constraints = true
        /// A string column with at most this many distinct values gets an `enum`.
        public var enumLimit = 10
        /// The cells that count as missing.
        public var missingValues = [""]
        /// Infer types as Frictionless does, from the first rows (its sample of 100),
        /// rather than from every row. `nil`: every row, with ``confidence``.
        public var frictionlessSampleRows: Int?
        /// The share of a column's non-missing cells its type must read (whole-column
        /// inference; 1: all of them).
        public var confidence = 1.0
        /// Types known beforehand, by column name (a Parquet file's schema says them):
        /// such a column's type is not inferred from its cells.
        public var knownTypes: [String: FieldType] = [:]

        /// The defaults.
        public init() {}
    }

    private struct Column: Sendable {
        var inferrer: TypeInferrer?
        var counts: ColumnTypeCounts?
        var missing = 0
        var present = 0
        var integerRange: (Int, Int)?
        var numberRange: (Double, Double)?
        var textRange: ([UInt8], [UInt8])?
        var distinct: Set<[UInt8]>? = []
    }

    /// The column names.
    public let columns: [String]
    /// The options.
    public let options: Options
    private var state: [Column]
    private let missing: [[UInt8]]
    /// Rows observed.
    public private(set) var rows = 0

    /// Starts inferring a table with these columns.
    public init(columns: [String], options: Options = Options()) {
        self.columns = columns
        self.options = options
        state = columns.map { _ in
            if let rows = options.frictionlessSampleRows {
                Column(inferrer: TypeInferrer(missingValues: options.missingValues, sampleSize: rows))
            } else {
                Column(counts: ColumnTypeCounts(confidence: options.confidence))
            }
        }
        missing = options.missingValues.map { Array($0.utf8) }
    }

    /// Takes a batch into account.
    public mutating func observe(_ batch: RowBatch) {
        rows += batch.rowCount
        let missing = self.missing, constraints = options.constraints, enumLimit = options.enumLimit
        for index in state.indices where index < batch.width {
            var column = state[index]
            batch.forEachCell(in: index) { bytes in
                // Frictionless's sampler sees missing cells too (they lower the bar).
                if column.inferrer != nil {
                    if let bytes { column.inferrer!.observe(bytes) } else { column.inferrer!.observe("") }
                }
                guard let bytes, !missing.contains(where: { $0.elementsEqual(bytes) }) else {
                    column.missing += 1
                    return
                }
                column.present += 1
                column.counts?.observe(bytes)
                guard constraints else { return }
                if let integer = Self.integer(bytes) {
                    column.integerRange = column.integerRange.map { (min($0.0, integer), max($0.1, integer)) } ?? (integer, integer)
                }
                if let number = NumberParser.double(bytes), number.isFinite {
                    column.numberRange = column.numberRange.map { (min($0.0, number), max($0.1, number)) } ?? (number, number)
                }
                if let (low, high) = column.textRange {
                    if bytes.lexicographicallyPrecedes(low) { column.textRange = (Array(bytes), high) }
                    if high.lexicographicallyPrecedes(bytes) { column.textRange = (column.textRange!.0, Array(bytes)) }
                } else {
                    column.textRange = (Array(bytes), Array(bytes))
                }
                if column.distinct != nil, column.distinct!.count <= enumLimit {
                    column.distinct!.insert(Array(bytes))
                    if column.distinct!.count > enumLimit { column.distinct = nil }
                }
            }
            state[index] = column
        }
    }

    private static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count < 19 else { return nil }
        var index = 0, negative = false
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            negative = bytes[0] == UInt8(ascii: "-")
            index = 1
        }
        guard index < bytes.count else { return nil }
        var value = 0
        while index < bytes.count {
            let digit = bytes[index] &- 48
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
            index += 1
        }
        return negative ? -value : value
    }

    /// Field names for a header as Frictionless makes them: labels stripped, a blank one
    /// named `field<n>` by its column, a repeated one suffixed with its occurrence
    /// (`id`, `id2`, `id3`).
    public static func fieldNames(_ labels: [String]) -> [String] {
        var seen: [String: Int] = [:]
        return labels.enumerated().map { index, label in
            let name = label.trimmingCharacters(in: .whitespaces)
            let base = name.isEmpty ? "field\(index + 1)" : name
            let occurrence = seen[base, default: 0] + 1
            seen[base] = occurrence
            return occurrence == 1 ? base : "\(base)\(occurrence)"
        }
    }

    /// What `mlgate infer` says of a header that repeats labels (`nil` when none repeats):
    /// the schema names the repeats as frictionless does (`x`, `x2`), and validating the
    /// file against it still reports a `duplicate-label` for each repeat, as frictionless
    /// does against its own inferred schema (docs/contract.md).
    public static func repeatedLabelsNote(_ labels: [String]) -> String? {
        let names = fieldNames(labels)
        var columns: [String: [Int]] = [:]
        var order: [String] = []
        for (index, label) in labels.enumerated() {
            let key = label.trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else { continue }
            if columns[key] == nil { order.append(key) }
            columns[key, default: []].append(index)
        }
        let repeats = order.filter { columns[$0]!.count > 1 }
        guard !repeats.isEmpty else { return nil }
        let described = repeats.map { label in
            let at = columns[label]!
            return "'\(label)' (columns \(at.map { String($0 + 1) }.joined(separator: ", ")), named \(at.map { "'\(names[$0])'" }.joined(separator: ", ")))"
        }
        return "the header repeats \(described.joined(separator: "; ")): the schema accepts every row, and validating the file against it reports duplicate-label for each repeat, as frictionless does"
    }

    /// The schema inferred from every row observed.
    public func schema() -> TableSchema {
        var fields: [SchemaField] = []
        for (index, name) in columns.enumerated() {
            let column = state[index]
            var (type, format) = column.inferrer?.inferred() ?? (column.counts!.inferred, nil)
            if column.present == 0 { (type, format) = (.any, nil) }
            if let known = options.knownTypes[name] { (type, format) = (known, nil) }
            var field = SchemaField(name: name, type: type, format: format)
            if options.constraints, column.present > 0 {
                var constraints = FieldConstraints()
                constraints.required = column.missing == 0
                let caster = try? FieldCaster(type: type, format: format, options: FieldCastOptions())
                func valid(_ text: String) -> Bool { caster?.cast(text) != nil }
                switch type {
                case .integer:
                    if let (low, high) = column.integerRange {
                        constraints.minimum = String(low)
                        constraints.maximum = String(high)
                    }
                case .number:
                    if let (low, high) = column.numberRange {
                        constraints.minimum = NumberFormatting.value(low)
                        constraints.maximum = NumberFormatting.value(high)
                    }
                case .date, .datetime, .time, .year, .yearmonth:
                    if let (low, high) = column.textRange {
                        let lowText = String(decoding: low, as: UTF8.self), highText = String(decoding: high, as: UTF8.self)
                        if format == nil, valid(lowText), valid(highText) {
                            constraints.minimum = lowText
                            constraints.maximum = highText
                        }
                    }
                case .string:
                    if let distinct = column.distinct, !distinct.isEmpty, column.present >= 2 * distinct.count {
                        constraints.enumeration = distinct.map { String(decoding: $0, as: UTF8.self) }.sorted()
                    }
                default:
                    break
                }
                field.constraints = constraints
            }
            fields.append(field)
        }
        return TableSchema(fields: fields, missingValues: options.missingValues)
    }
}

extension SchemaInference {
    /// Infers the schema of a table from its first `rows` rows (all when `nil`).
    public static func infer(_ input: TableInput, rows limit: Int?, options: Options = Options()) throws(TableReadError) -> TableSchema {
        let input = input.detectingDialect()
        var options = options
        var reader: any TableReader
        let batchSize = min(limit ?? 4096, 4096)
        if let database = try input.openDatabaseReader(batchSize: batchSize, limit: limit) {
            reader = database
        } else {
        switch input.format {
        case .csv, .tsv:
            reader = try CSVReader(url: input.url, dialect: input.dialect, displayPath: input.path, batchSize: batchSize)
        case .jsonl:
            reader = try JSONLinesReader(url: input.url, displayPath: input.path, batchSize: batchSize)
        case .parquet:
            let parquet = try ParquetReader(url: input.url, displayPath: input.path, batchSize: batchSize)
            options.knownTypes = parquet.tableSchemaTypes
            reader = parquet
        }
        }
        var inference = SchemaInference(columns: fieldNames(reader.columns), options: options)
        while limit.map({ inference.rows < $0 }) ?? true, let batch = try reader.nextBatch() {
            inference.observe(batch)
        }
        return inference.schema()
    }
}
