/// A numeric column compared from what an engine computed (``NumericDriftSummary``): the
/// same result as ``DriftColumnTest/run(reference:current:)`` on the two samples, where
/// the summary holds all that the test takes.
extension DriftColumnTest {
    /// The column's result, or nil when the test needs the values themselves: the column
    /// is categorical (forced, or integers with at most 10 distinct current values), the
    /// method is not `ks` or `wasserstein` (nor `psi` or `jensenshannon` named, with the
    /// summary's reference-quantile bins), or the reference has at most
    /// ``DriftBinning/distinctValueLimit`` distinct values (a display bin per value).
    func run(summary: NumericDriftSummary) throws(Problem) -> DriftColumnResult? {
        let reference = summary.reference, current = summary.current
        guard reference.present > 0, current.present > 0 else { return nil }
        guard kind == .numeric, reference.distinct > DriftBinning.distinctValueLimit else { return nil }
        var chosen = method
        var reason: String?
        if method == .auto {
            (chosen, reason) = Self.automatic(kind: kind, referenceRows: reference.present, distinct: summary.distinct)
        }
        // `psi` and `jensenshannon` on numbers only when named (under auto they bin as
        // Evidently does, on values too few to summarize), from the reference-quantile bins.
        let quantileBins = method == chosen ? summary.quantileBins : nil
        guard chosen == .ks || chosen == .wasserstein || ((chosen == .psi || chosen == .jensenshannon) && quantileBins != nil)
        else { return nil }
        let threshold = self.threshold ?? chosen.defaultThreshold
        let value: Double
        var statistic: Double?
        var details: [String: Double] = [:]
        if chosen == .ks {
            let result = KolmogorovSmirnov.test(
                gap: KolmogorovSmirnov.gap(largest: summary.largestDifference, smallest: summary.smallestDifference),
                n1: reference.present, n2: current.present, method: ksMethod)
            (value, statistic) = (result.pValue, result.statistic)
            details["exact"] = result.method == .exact ? 1 : 0
        } else if let quantileBins {
            value = Self.binned(chosen, quantileBins)
        } else {
            value = summary.wasserstein / max(summary.referenceDeviation, Wasserstein.minimumScale)
            details["distance"] = summary.wasserstein
            details["reference_std"] = summary.referenceDeviation
        }
        guard !value.isNaN else { throw notANumber(chosen) }
        let edges = summary.edges
        let bins = DriftHistogram(
            referenceCounts: reference.bins, currentCounts: current.bins, referenceTotal: reference.present,
            currentTotal: current.present)
        return DriftColumnResult(
            column: column, kind: kind, method: chosen, autoReason: reason, value: value, statistic: statistic,
            threshold: threshold, drifted: chosen.drifted(value, threshold: threshold),
            referenceCount: reference.present, currentCount: current.present, referenceMissing: reference.missing,
            currentMissing: current.missing, newCategories: [], vanishedCategories: [], details: details,
            histogram: .init(labels: Self.binLabels(edges), reference: bins.referenceShares, current: bins.currentShares))
    }

    /// Compares one column of a drift gate from an engine's summary, its kind inferred as
    /// ``DriftColumnKind/numbers(integers:missing:distinct:forcedCategorical:forcedNumeric:)``
    /// infers it from a current sample of numbers; nil when the test needs the column's
    /// values (``run(summary:)``, a categorical column).
    static func compare(_ column: DriftColumnConfig, gate: DriftGateConfig, summary: NumericDriftSummary) -> DriftColumnOutcome? {
        let current = summary.current
        guard current.present > 0 else { return nil }
        let kind = DriftColumnKind.numbers(
            integers: current.integers, missing: current.missing, distinct: { current.distinct },
            forcedCategorical: gate.categorical.contains(column.name), forcedNumeric: gate.numeric.contains(column.name))
        let test = DriftColumnTest(
            column: column.name, kind: kind, method: column.method ?? gate.method,
            threshold: column.threshold ?? gate.threshold, ksMethod: gate.ksMethod, bins: gate.bins)
        do throws(Problem) {
            return try test.run(summary: summary).map { .compared($0) }
        } catch {
            return .problem(error.message)
        }
    }
}
