import Foundation

/// Tests one column of the current data against the reference: chooses the method
/// (`auto`: as Evidently 0.7 does), computes the statistic exactly as scipy or
/// Evidently define it (Statistics/), and judges it against the threshold.
struct DriftColumnTest: Sendable {
    var column: String
    var kind: DriftColumnKind
    var method: DriftMethod
    var threshold: Double?
    var ksMethod: KolmogorovSmirnov.Method
    var bins: Int

    /// Why a column could not be compared.
    struct Problem: Error {
        var message: String
    }

    func run(reference: DriftColumnSample, current: DriftColumnSample) throws(Problem) -> DriftColumnResult {
        // A numeric side compared with a text side: both as text.
        var reference = reference, current = current
        if reference.allNumbers != current.allNumbers, kind != .numeric {
            reference = reference.asText
            current = current.asText
        }
        if let failure = reference.spillFailure ?? current.spillFailure { throw Problem(message: "'\(column)': \(failure)") }
        guard reference.present > 0, current.present > 0 else {
            let empty = reference.present == 0 ? "the reference" : "the current data"
            throw Problem(message: "\(empty) has no value in '\(column)' (every cell is missing): nothing to compare")
        }
        let numeric = reference.allNumbers && current.allNumbers
        if kind == .numeric, !numeric {
            let side = reference.allNumbers ? "the current data" : "the reference"
            throw Problem(message: "'\(column)' is compared as numbers, but \(side) has values that are not numbers; name it in 'categorical' to compare categories")
        }
        if !numeric, reference.categoriesOverflowed || current.categoriesOverflowed {
            throw Problem(message: "'\(column)' has more than \(DriftColumnSample.categoryLimit) distinct values: too many to compare as categories")
        }
        // Two sides held as value counts (integers close together) stay counts unless a
        // numeric statistic needs the values themselves: category tests and the distinct
        // count take the counts, so that no column of a million doubles is made for them.
        let counted = numeric && reference.holdsCounts && current.holdsCounts
        var sortedReference: [Double] = [], sortedCurrent: [Double] = []
        // Both sides in files when either side's numbers went to disk (``NumberSpill``).
        var files: (reference: SpilledSortedNumbers, current: SpilledSortedNumbers)?
        func sortValues() throws(Problem) {
            reference.sortNumbers()
            current.sortNumbers()
            // Numbers that went to disk and could not be merged are lost to this column.
            if let failure = reference.spillFailure ?? current.spillFailure { throw Problem(message: "'\(column)': \(failure)") }
            if reference.spilled != nil || current.spilled != nil {
                files = try (spilled(reference, "the reference"), spilled(current, "the current data"))
                return
            }
            // A numeric side without numbers or with an infinity (sorted, it sits at an
            // end) cannot be compared. (NaN never gets here: the readers count it as
            // missing and a reference profile holding one is refused.)
            for (side, numbers) in [("the reference", reference.numbers), ("the current data", current.numbers)] {
                guard let first = numbers.first, let last = numbers.last, first.isFinite, last.isFinite else {
                    throw Problem(message: "\(side) has \(numbers.isEmpty ? "no numbers" : "a value that is not a finite number") in '\(column)': nothing to compare")
                }
            }
            sortedReference = reference.numbers
            sortedCurrent = current.numbers
        }
        if numeric, !counted { try sortValues() }
        let distinct = counted
            ? Set(reference.numberCounts.keys).union(current.numberCounts.keys).count
            : numeric
            ? (files.map { Self.distinctCount($0.reference, $0.current) } ?? Self.distinctCount(sortedReference, sortedCurrent))
            : Set(reference.categories.keys).union(current.categories.keys).count

        var chosen = method
        var reason: String?
        if method == .auto {
            (chosen, reason) = Self.automatic(kind: kind, referenceRows: reference.present, distinct: distinct)
        }
        if kind == .categorical, !chosen.appliesToCategories {
            throw Problem(message: "\(chosen.rawValue) compares numbers, but '\(column)' is categorical; use chisquare, ztest, psi, jensenshannon or linf (or name it in 'numeric')")
        }
        let threshold = self.threshold ?? chosen.defaultThreshold
        var value = Double.nan
        var statistic: Double?
        var details: [String: Double] = [:]
        var histogram = DriftColumnResult.Histogram(labels: [], reference: [], current: [])
        var newCategories: [String] = [], vanished: [String] = []

        func categoryTest<Key: Hashable & Comparable & Sendable>(_ r: [Key: Int], _ c: [Key: Int], label: (Key) -> String) throws(Problem) {
            let (keys, bins) = DriftBinning.categories(reference: r, current: c)
            histogram = .init(labels: keys.map(label), reference: bins.referenceShares, current: bins.currentShares)
            newCategories = keys.filter { r[$0] == nil }.prefix(20).map(label)
            vanished = keys.filter { c[$0] == nil }.prefix(20).map(label)
            switch chosen {
            case .chisquare:
                let result = ChiSquare.test(reference: r, current: c)
                (value, statistic) = (result.pValue, result.statistic)
                details["degrees_of_freedom"] = Double(result.degreesOfFreedom)
            case .ztest:
                guard keys.count <= 2 else {
                    throw Problem(message: "ztest compares two categories, but '\(column)' has \(keys.count); use chisquare")
                }
                let result = ProportionZTest.test(reference: r, current: c)
                (value, statistic) = (result.pValue, result.statistic)
                details["reference_share"] = result.referenceShare
                details["current_share"] = result.currentShare
            case .psi: value = PopulationStabilityIndex.value(bins)
            case .jensenshannon: value = JensenShannon.distance(bins)
            case .linf: value = LInfinity.distance(reference: r, current: c).value
            case .ks, .wasserstein, .auto: preconditionFailure("numeric methods are excluded above")
            }
        }

        /// The numeric statistics on either form of the two samples (sorted arrays or
        /// runs): the same numbers either way.
        func numericTest(_ r: some AscendingSample, _ c: some AscendingSample, deviation: () -> Double) {
            let integers = reference.allIntegers && current.allIntegers && reference.missing == 0 && current.missing == 0
            switch chosen {
            case .ks:
                let result = KolmogorovSmirnov.test(reference: r, current: c, method: ksMethod)
                (value, statistic) = (result.pValue, result.statistic)
                details["exact"] = result.method == .exact ? 1 : 0
            case .wasserstein:
                let distance = Wasserstein.distance(reference: r, current: c)
                let deviation = reference.exactStandardDeviation ?? deviation()
                value = distance / max(deviation, Wasserstein.minimumScale)
                details["distance"] = distance
                details["reference_std"] = deviation
            case .psi, .jensenshannon:
                // Explicitly chosen on numbers: bins on the reference's quantiles. Under
                // auto (Evidently), the bins are Evidently's.
                let bins = method == .auto
                    ? DriftBinning.evidently(reference: r, current: c, integerData: integers).histogram
                    : DriftBinning.referenceQuantiles(reference: r, current: c, bins: self.bins).histogram
                value = Self.binned(chosen, bins)
            case .chisquare, .ztest, .linf, .auto: preconditionFailure("handled above")
            }
            histogram = Self.displayHistogram(r, c, integers: integers)
        }

        let treatAsCategories = kind == .categorical || [.chisquare, .ztest, .linf].contains(chosen)
            || (chosen == .jensenshannon && method == .auto) || (chosen == .psi && method == .auto)
        if treatAsCategories, !numeric || kind == .categorical {
            if numeric {
                try categoryTest(reference.numberCounts, current.numberCounts, label: Self.format)
            } else {
                try categoryTest(reference.categories, current.categories, label: { $0 })
            }
        } else if [.chisquare, .ztest, .linf].contains(chosen) {
            try categoryTest(reference.numberCounts, current.numberCounts, label: Self.format)
        } else if counted, let referenceRuns = reference.valueRuns, let currentRuns = current.valueRuns {
            // Counted integers: every numeric statistic from the runs, no double per row.
            numericTest(referenceRuns, currentRuns, deviation: { Wasserstein.populationStandardDeviation(referenceRuns) })
        } else {
            if counted { try sortValues() }
            if let files {
                numericTest(files.reference, files.current, deviation: { Wasserstein.populationStandardDeviation(files.reference) })
            } else {
                numericTest(sortedReference, sortedCurrent, deviation: { Wasserstein.populationStandardDeviation(sortedReference) })
            }
        }
        if let failure = files?.reference.file.readFailure ?? files?.current.file.readFailure {
            throw Problem(message: "'\(column)': \(failure)")
        }
        guard !value.isNaN else { throw notANumber(chosen) }
        return DriftColumnResult(
            column: column, kind: kind, method: chosen, autoReason: reason, value: value, statistic: statistic,
            threshold: threshold, drifted: chosen.drifted(value, threshold: threshold),
            referenceCount: reference.present, currentCount: current.present, referenceMissing: reference.missing,
            currentMissing: current.missing, newCategories: newCategories, vanishedCategories: vanished, details: details,
            histogram: histogram)
    }

    /// Evidently's default choice (`_get_default_stattest`): see docs/drift.md.
    static func automatic(kind: DriftColumnKind, referenceRows: Int, distinct: Int) -> (DriftMethod, String) {
        let size = referenceRows <= 1000 ? "reference ≤ 1000 values" : "reference > 1000 values"
        let shape = "\(kind.rawValue), \(distinct) distinct value\(distinct == 1 ? "" : "s")"
        let method: DriftMethod
        if referenceRows <= 1000 {
            if kind == .numeric, distinct > 5 { method = .ks } else { method = distinct > 2 ? .chisquare : .ztest }
        } else {
            method = kind == .numeric && distinct > 5 ? .wasserstein : .jensenshannon
        }
        return (method, "auto: \(size), \(shape)")
    }

    /// Evidently's bins, for showing both distributions (whatever the method).
    static func displayHistogram(_ reference: some AscendingSample, _ current: some AscendingSample, integers: Bool)
        -> DriftColumnResult.Histogram
    {
        let (bins, histogram) = DriftBinning.evidently(reference: reference, current: current, integerData: integers)
        let labels: [String]
        switch bins {
        case .equalWidth(let edges):
            labels = binLabels(edges)
        case .distinctValues(let values):
            labels = values.map(format)
        }
        return .init(labels: labels, reference: histogram.referenceShares, current: histogram.currentShares)
    }

    /// `psi` or `jensenshannon` (`method`) of a histogram.
    static func binned(_ method: DriftMethod, _ histogram: DriftHistogram) -> Double {
        method == .psi ? PopulationStabilityIndex.value(histogram) : JensenShannon.distance(histogram)
    }

    /// Why a statistic that came out NaN cannot be judged.
    func notANumber(_ method: DriftMethod) -> Problem {
        Problem(message: "\(method.rawValue) on '\(column)' is not a number (NaN): the values overflow the statistic, so it cannot be judged")
    }

    /// Equal-width bins' labels: `[a, b)`, the last one closed.
    static func binLabels(_ edges: [Double]) -> [String] {
        (0..<(edges.count - 1)).map { i in "[\(edge(edges[i])), \(edge(edges[i + 1]))\(i == edges.count - 2 ? "]" : ")")" }
    }

    /// A side's numbers from its spill file, or written to one (its sorted array), with
    /// the checks ``sortValues`` makes of an array.
    private func spilled(_ sample: DriftColumnSample, _ side: String) throws(Problem) -> SpilledSortedNumbers {
        let numbers: SpilledSortedNumbers
        if let spilled = sample.spilled {
            numbers = spilled
        } else {
            do throws(SpillFile.Failure) { numbers = try SpilledSortedNumbers(sorted: sample.numbers) } catch {
                throw Problem(message: "'\(column)': \(error.message)")
            }
        }
        guard numbers.count > 0, numbers.smallest.isFinite, numbers.largest.isFinite else {
            throw Problem(message: "\(side) has \(numbers.count == 0 ? "no numbers" : "a value that is not a finite number") in '\(column)': nothing to compare")
        }
        return numbers
    }

    /// How many distinct values two ascending samples have together.
    static func distinctCount(_ a: some AscendingSample, _ b: some AscendingSample) -> Int {
        a.withWalker { walkA in
            b.withWalker { walkB in
                var count = 0
                while let value = nextOfEither(walkA.next, walkB.next) {
                    _ = walkA.pass(atMost: value)
                    _ = walkB.pass(atMost: value)
                    count += 1
                }
                return count
            }
        }
    }

    /// How many distinct values two ascending arrays have together: their merge walked
    /// without a branch on which side is next (the two interleave at random, and a
    /// branch on it would be mispredicted every other step).
    static func distinctCount(_ a: [Double], _ b: [Double]) -> Int {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                // NaN differs from every value: the first one counts.
                var i = 0, j = 0, count = 0, last = Double.nan
                while i < a.count, j < b.count {
                    let x = a[i], y = b[j], takesA = x <= y
                    let next = takesA ? x : y
                    i &+= takesA ? 1 : 0
                    j &+= takesA ? 0 : 1
                    count &+= next != last ? 1 : 0
                    last = next
                }
                for value in a[i...] {
                    count &+= value != last ? 1 : 0
                    last = value
                }
                for value in b[j...] {
                    count &+= value != last ? 1 : 0
                    last = value
                }
                return count
            }
        }
    }

    /// A value as a label (a category, a distinct value): exact, so that two values never
    /// share a label.
    static func format(_ value: Double) -> String { NumberFormatting.value(value) }

    /// A bin edge as a label: at least four significant digits in plain notation (`16153`,
    /// `22.36`, `0.01234`), exponent notation only for magnitudes below 10⁻⁴ or above 10¹⁵.
    static func edge(_ value: Double) -> String {
        guard value.isFinite, value != 0 else { return NumberFormatting.value(value) }
        let magnitude = Int(log10(abs(value)).rounded(.down))
        guard (-4..<15).contains(magnitude) else { return String(format: "%.4g", value) }
        var text = String(format: "%.\(max(0, 3 - magnitude))f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }
}
