import Foundation

/// What the drift tests need of a reference, stored once so that CI does not re-read a
/// large reference on every run (`mlgate profile`, `reference_profile:` in a drift gate).
///
/// Per column: present and missing counts, how its cells type; **exact value counts**
/// when it has at most ``valueLimit`` distinct values (then every test is exactly what
/// it is on the raw file); otherwise, for a numeric column, its exact mean, standard
/// deviation, minimum and maximum and a **quantile sketch** of ``quantileCount`` points
/// (numpy's linear quantiles at k/(K−1)). A sketched column is expanded back into a
/// sample whose empirical distribution function is within 1/(K−1) + 1/n of the
/// original's everywhere, so a KS statistic is within that bound, and a Wasserstein
/// distance within (max − min)/(K−1) (docs/drift.md; a test checks both bounds).
public struct ReferenceProfile: Sendable, Hashable, Codable {
    /// Identifies the file format.
    public static let formatName = "mlgate-reference-profile"
    /// Points of a quantile sketch (2048 intervals).
    public static let defaultQuantileCount = 2049

    /// Always ``formatName``.
    public var format: String
    /// The profile format version.
    public var version: Int
    /// The mlgate version that wrote it.
    public var mlgateVersion: String
    /// The file it was made from, as named.
    public var source: String
    /// That file's SHA-256.
    public var sourceSha256: String
    /// Its rows.
    public var rows: Int
    /// Distinct values above which a numeric column is sketched.
    public var valueLimit: Int
    /// Points of each quantile sketch.
    public var quantileCount: Int
    /// Every column, in file order.
    public var columns: [Column]

    /// One column.
    public struct Column: Sendable, Hashable, Codable {
        /// Its name.
        public var name: String
        /// Present cells.
        public var present: Int
        /// Missing cells.
        public var missing: Int
        /// Whether every present cell is a number.
        public var allNumbers: Bool
        /// Whether every present cell is an integer.
        public var allIntegers: Bool
        /// Numbers: each distinct value and its count, ascending (when few enough).
        public var values: [ValueCount]?
        /// Text: each category and its count (when few enough).
        public var categories: [String: Int]?
        /// Numbers with more than `valueLimit` distinct values: the quantile sketch.
        public var quantiles: [Double]?
        /// Numbers: the mean.
        public var mean: Double?
        /// Numbers: the population standard deviation (ddof 0).
        public var standardDeviation: Double?
    }

    /// A value and how often it occurs.
    public struct ValueCount: Sendable, Hashable, Codable {
        /// The value.
        public var value: Double
        /// Its count.
        public var count: Int
    }

    /// Profiles the samples of a table's columns.
    init(
        source: String, sourceSha256: String, rows: Int, names: [String], samples: [DriftColumnSample],
        valueLimit: Int = DriftColumnSample.categoryLimit, quantileCount: Int = Self.defaultQuantileCount
    ) {
        format = Self.formatName
        version = 1
        mlgateVersion = MLGateVersion.current
        self.source = source
        self.sourceSha256 = sourceSha256
        self.rows = rows
        self.valueLimit = valueLimit
        self.quantileCount = quantileCount
        columns = zip(names, samples).map { name, sample in
            var column = Column(
                name: name, present: sample.present, missing: sample.missing, allNumbers: sample.allNumbers && sample.present > 0,
                allIntegers: sample.allIntegers && sample.present > 0)
            if column.allNumbers, let spilled = sample.spilled {
                // Numbers on disk (a table counted by a server) are read from there.
                Self.profileNumbers(spilled, into: &column, valueLimit: valueLimit, quantileCount: quantileCount, forEach: spilled.forEachValue)
                column.standardDeviation = Wasserstein.populationStandardDeviation(spilled)
            } else if column.allNumbers {
                let sorted = sample.ascendingNumbers
                Self.profileNumbers(sorted, into: &column, valueLimit: valueLimit, quantileCount: quantileCount, forEach: { body in sorted.forEach(body) })
                column.standardDeviation = Wasserstein.populationStandardDeviation(sorted)
            } else if !sample.categoriesOverflowed {
                column.categories = sample.categories
            }
            return column
        }
    }

    /// Reads a profile file; `source` names it in errors.
    public init(data: Data, source: String) throws(TableReadError) {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        do {
            self = try decoder.decode(ReferenceProfile.self, from: data)
        } catch {
            throw TableReadError(
                code: "source-error", message: "not an mlgate reference profile (expected the output of 'mlgate profile'): \(SystemError.describe(error))",
                location: SourceLocation(file: source))
        }
        guard format == Self.formatName, version == 1 else {
            throw TableReadError(
                code: "source-error", message: "format '\(format)' version \(version): expected '\(Self.formatName)' version 1",
                location: SourceLocation(file: source))
        }
        for column in columns where column.allNumbers && column.values == nil && (column.quantiles?.count ?? 0) < 2 {
            throw TableReadError(
                code: "source-error", message: "column '\(column.name)' has neither values nor a quantile sketch",
                location: SourceLocation(file: source))
        }
        if let problem = problem() {
            throw TableReadError(
                code: "source-error", message: "not a usable reference profile: \(problem) (write it anew with 'mlgate profile')",
                location: SourceLocation(file: source))
        }
    }

    /// What makes a profile read from a file unusable (its counts are what the drift
    /// tests allocate, its numbers what they sort and compare): negative or oversized
    /// counts, counts that disagree, non-finite or unsorted values. `nil` when sound.
    func problem() -> String? {
        let limit = InputLimits.profileValues
        guard rows >= 0, rows <= limit else { return "'rows' is \(rows): expected 0 to \(limit) (docs/limits.md)" }
        guard valueLimit >= 1, quantileCount >= 2, quantileCount <= InputLimits.profileQuantiles else {
            return "'valueLimit' \(valueLimit) or 'quantileCount' \(quantileCount) out of range: expected at least 1, and 2 to \(InputLimits.profileQuantiles)"
        }
        guard columns.count <= InputLimits.profileColumns else {
            return "\(columns.count) columns, more than the limit of \(InputLimits.profileColumns) (docs/limits.md)"
        }
        for column in columns {
            let name = "column '\(column.name)'"
            guard column.present >= 0, column.missing >= 0, column.present <= limit, column.missing <= limit else {
                return "\(name) has \(column.present) present and \(column.missing) missing values: expected counts from 0 to \(limit) (docs/limits.md)"
            }
            guard !column.allNumbers || column.present > 0 else {
                return "\(name) is numeric but has no values"
            }
            // Value counts and sketches are a numeric column's: `sample` expands them.
            guard column.allNumbers || (column.values == nil && column.quantiles == nil) else {
                return "\(name) has number values or a quantile sketch but is not numeric ('allNumbers' is false)"
            }
            if let values = column.values {
                var total = 0
                var previous = -Double.infinity
                for entry in values {
                    guard entry.value.isFinite, entry.value > previous else {
                        return "\(name) lists the value \(entry.value): expected finite values in ascending order, each once"
                    }
                    guard entry.count >= 1, entry.count <= limit else {
                        return "\(name) counts \(entry.count) of the value \(entry.value): expected a count from 1 to \(limit)"
                    }
                    previous = entry.value
                    total += entry.count
                    guard total <= limit else { break }
                }
                guard total == column.present else {
                    return "\(name)'s value counts add up to \(total), but it has \(column.present) present values"
                }
            } else if let quantiles = column.quantiles {
                guard quantiles.count <= InputLimits.profileQuantiles else {
                    return "\(name) has a sketch of \(quantiles.count) points, more than the limit of \(InputLimits.profileQuantiles)"
                }
                var previous = -Double.infinity
                for point in quantiles {
                    guard point.isFinite, point >= previous else {
                        return "\(name)'s quantile sketch holds \(point): expected finite numbers in ascending order"
                    }
                    previous = point
                }
            }
            for statistic in [column.mean, column.standardDeviation].compactMap({ $0 }) where !statistic.isFinite {
                return "\(name) has a mean or standard deviation of \(statistic): expected a finite number"
            }
            if let categories = column.categories {
                var total = 0
                for (category, count) in categories {
                    guard count >= 1, count <= limit else {
                        return "\(name) counts \(count) of the category '\(category.prefix(40))': expected a count from 1 to \(limit)"
                    }
                    total += count
                    guard total <= limit else { return "\(name)'s category counts add up to more than \(limit)" }
                }
            }
        }
        return nil
    }

    /// The profile as JSON (sorted keys, so that the same data gives the same bytes).
    public func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        return try! encoder.encode(self) + Data("\n".utf8)
    }

    /// The column's sample as the drift tests take it: exact when the profile holds its
    /// values, else expanded from the quantile sketch (see the type's description).
    public func sample(_ name: String) -> DriftColumnSample? {
        guard let column = columns.first(where: { $0.name == name }) else { return nil }
        var sample = DriftColumnSample()
        sample.present = column.present
        sample.missing = column.missing
        sample.allNumbers = column.allNumbers
        sample.allIntegers = column.allIntegers
        if let values = column.values {
            sample.numbers.reserveCapacity(column.present)
            for entry in values { sample.numbers.append(contentsOf: repeatElement(entry.value, count: entry.count)) }
            sample.numbersSorted = true
        } else if let quantiles = column.quantiles {
            sample.numbers = Self.expand(quantiles, count: column.present)
            sample.numbersSorted = true
            sample.exactStandardDeviation = column.standardDeviation
        }
        if let categories = column.categories {
            sample.categories = categories
        } else if !column.allNumbers {
            sample.categoriesOverflowed = true
        }
        if column.allNumbers, column.values == nil { sample.categoriesOverflowed = true }
        return sample
    }

    /// `count` values at probabilities j/(count−1), interpolated linearly between the
    /// sketch's points (ascending).
    static func expand(_ quantiles: [Double], count: Int) -> [Double] {
        guard count > 1 else { return count == 1 ? [quantiles[quantiles.count / 2]] : [] }
        let intervals = Double(quantiles.count - 1)
        return (0..<count).map { j in
            let position = Double(j) / Double(count - 1) * intervals
            let index = min(Int(position), quantiles.count - 2)
            let fraction = position - Double(index)
            return quantiles[index] + (quantiles[index + 1] - quantiles[index]) * fraction
        }
    }
}

extension ReferenceProfile {
    /// A numeric column's distinct values with their counts (up to `valueLimit`), else its
    /// quantiles, and its mean, from its numbers ascending (`forEach` visits them in order).
    fileprivate static func profileNumbers(
        _ sorted: some AscendingSample, into column: inout Column, valueLimit: Int, quantileCount: Int,
        forEach: ((Double) -> Void) -> Void
    ) {
        var values: [ValueCount] = []
        var mean = 0.0
        forEach { value in
            mean += value
            guard values.count <= valueLimit else { return }
            if values.last?.value == value { values[values.count - 1].count += 1 } else { values.append(.init(value: value, count: 1)) }
        }
        if values.count <= valueLimit {
            column.values = values
        } else {
            column.quantiles = (0..<quantileCount).map {
                DriftBinning.quantile(sorted, probability: Double($0) / Double(quantileCount - 1))
            }
        }
        column.mean = mean / Double(max(sorted.count, 1))
    }

    /// Reads `input` once (a large CSV on two cores) and profiles every column.
    public static func make(
        _ input: TableInput, valueLimit: Int = DriftColumnSample.categoryLimit, quantileCount: Int = defaultQuantileCount
    ) async throws(TableReadError) -> ReferenceProfile {
        let input = input.detectingDialect()
        let header = try input.readHeader()
        let read = await SharedScan.read([DriftGate.demand(input, positions: Array(header.indices))])
        var tables = ScannedTables(results: read)
        var collector = try tables.take(0, as: DriftCollector.self)
        collector.settle()
        await collector.sortNumbers()
        let digest = try input.sourceDigest()
        return ReferenceProfile(
            source: input.path, sourceSha256: digest, rows: collector.rows, names: DriftGate.columnNames(header), samples: collector.samples,
            valueLimit: valueLimit, quantileCount: quantileCount)
    }
}
