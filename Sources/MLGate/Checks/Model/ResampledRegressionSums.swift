import Foundation

/// A regressor's and its champion's sums on every resample of a paired bootstrap,
/// gathered in one pass over the paired rows as they come, each standing for `count`
/// rows: the streamed form of ``PairedBootstrap`` for a regressor, whose memory does not
/// grow with the rows (a few numbers per resample and model).
///
/// Each row is drawn, in each resample, as ``PairedBootstrap`` draws a distinct row
/// (``PairedDraws``), so a resample here holds the rows the in-memory bootstrap's
/// resample of the same index holds, and its metrics are that resample's
/// ``RegressionMetrics`` values: the same sums added in another order, and the
/// deviations from the mean that R² and explained variance need gathered in the same
/// pass by West's weighted update (D. H. D. West, 1979) where the in-memory metrics
/// take a second pass; equal to rounding. The median absolute error needs the errors'
/// order: it is drawn in reads in that order (``ResampledMedians``), which take each
/// resample's total weight from here.
struct ResampledRegressionSums: ResampledSums {
    /// The resamples kept here (a part of them, when the resamples are shared out over
    /// the cores).
    let resamples: Range<Int>
    /// Each resample's sums of the candidate, `candidate[i]` resample `resamples.lowerBound + i`'s.
    private var candidate: [Running]
    /// Each resample's sums of the champion.
    private var champion: [Running]

    /// A paired row: the label both models predict, each one's prediction and weight
    /// (1 without a weight column).
    struct Row: Sendable {
        var label: Double
        var candidate: Double
        var candidateWeight: Double
        var champion: Double
        var championWeight: Double
    }

    /// A regressor's sums have no runs.
    static var closesRuns: Bool { false }
    var isOpen: Bool { true }
    mutating func closeRun() {}

    /// Sums for resamples `resamples`, none drawn.
    init(resamples: Range<Int>) {
        self.resamples = resamples
        candidate = Array(repeating: Running(), count: resamples.count)
        champion = candidate
    }

    /// Adds `row`, drawn `draws[i]` times by resample `resamples.lowerBound + i`.
    mutating func add(_ row: Row, draws: UnsafeBufferPointer<UInt32>) {
        precondition(draws.count == candidate.count)
        let candidateTerms = Running.Terms(label: row.label, predicted: row.candidate)
        let championTerms = Running.Terms(label: row.label, predicted: row.champion)
        candidate.withUnsafeMutableBufferPointer { candidate in
            champion.withUnsafeMutableBufferPointer { champion in
                for index in 0..<draws.count where draws[index] > 0 {
                    let drawn = draws[index]
                    candidate[index].add(candidateTerms, weight: row.candidateWeight * Double(drawn), rows: drawn)
                    champion[index].add(championTerms, weight: row.championWeight * Double(drawn), rows: drawn)
                }
            }
        }
    }

    /// Resample `resample`'s sums (of `resamples`) of the candidate and of the champion.
    func sums(resample: Int) -> (candidate: RegressionSums, champion: RegressionSums) {
        (candidate[resample - resamples.lowerBound].sums, champion[resample - resamples.lowerBound].sums)
    }

    /// The paired bootstrap's distributions (``PairedBootstrap/run(candidate:baseline:metrics:)``)
    /// from parts that together hold resamples `0..<resamples`, each model's median
    /// absolute error from `medians`' parts (drawn in another read: ``ResampledMedians``).
    static func distributions(
        _ parts: [ResampledRegressionSums], medians: (candidate: [ResampledMedians], champion: [ResampledMedians])? = nil, resamples: Int,
        metrics: [Metric]
    ) -> [PairedBootstrap.Distribution] {
        func part<Part>(_ parts: [Part], holding resample: Int, _ range: (Part) -> Range<Int>) -> Part {
            guard let part = parts.first(where: { range($0).contains(resample) }) else { preconditionFailure("no part holds resample \(resample)") }
            return part
        }
        return PairedBootstrap.distributions(resamples: resamples, metrics: metrics) { resample in
            var (candidate, champion) = part(parts, holding: resample, \.resamples).sums(resample: resample)
            if let medians {
                candidate.medianError = part(medians.candidate, holding: resample, \.resamples).median(resample: resample)
                champion.medianError = part(medians.champion, holding: resample, \.resamples).median(resample: resample)
            }
            return (candidate, champion)
        }
    }

    /// Each resample's total weight of the candidate and of the champion, from parts
    /// that together hold resamples `0..<resamples` (0 for a resample none holds).
    static func totalWeights(_ parts: [ResampledRegressionSums], resamples: Int) -> (candidate: [Double], champion: [Double]) {
        var candidate = [Double](repeating: 0, count: resamples), champion = candidate
        for part in parts {
            for resample in part.resamples where resample < resamples {
                (candidate[resample], champion[resample]) = (part.candidate[resample - part.resamples.lowerBound].weight, part.champion[resample - part.resamples.lowerBound].weight)
            }
        }
        return (candidate, champion)
    }

    /// One model's sums over the rows drawn so far (``RegressionSums``' terms, the label's
    /// and the error's weighted mean and squared deviations kept by West's update).
    struct Running: Sendable {
        var rows = 0
        var weight = 0.0
        var absoluteErrors = 0.0
        var squaredErrors = 0.0
        var percentageErrors = 0.0
        var maximumError = 0.0
        var labelMean = 0.0
        var labelDeviations = 0.0
        var errorMean = 0.0
        var errorDeviations = 0.0
        /// The contents added that weigh something, and the first one's terms and weight.
        var contents = 0
        var first: (terms: Terms, weight: Double)?

        /// A row's terms, computed once for every resample that draws it.
        struct Terms {
            var label: Double
            var error: Double
            var absoluteError: Double
            var squaredError: Double
            var percentageError: Double

            init(label: Double, predicted: Double) {
                self.label = label
                error = label - predicted
                absoluteError = abs(error)
                squaredError = error * error
                percentageError = absoluteError / max(abs(label), Double.ulpOfOne)
            }
        }

        /// Adds a row drawn `rows` times, weighing `weight` in all.
        @inline(__always)
        mutating func add(_ terms: Terms, weight rowWeight: Double, rows drawn: UInt32) {
            rows += Int(drawn)
            maximumError = max(maximumError, terms.absoluteError)
            // A row that weighs 0 counts as a row (R² needs two) and in the maximum
            // (scikit-learn's max_error takes no weights), in no sum.
            guard rowWeight > 0 else { return }
            contents += 1
            if first == nil { first = (terms, rowWeight) }
            weight += rowWeight
            absoluteErrors += rowWeight * terms.absoluteError
            squaredErrors += rowWeight * terms.squaredError
            percentageErrors += rowWeight * terms.percentageError
            let share = rowWeight / weight
            let labelStep = terms.label - labelMean
            labelMean += labelStep * share
            labelDeviations += rowWeight * labelStep * (terms.label - labelMean)
            let errorStep = terms.error - errorMean
            errorMean += errorStep * share
            errorDeviations += rowWeight * errorStep * (terms.error - errorMean)
        }

        /// The sums as ``RegressionSums`` (no median). Of one content, the deviations are
        /// those the in-memory metrics' two passes give (numpy's): its value less
        /// (weight × value) / weight, which need not be 0; whether they are 0 decides R²
        /// and explained variance when every row drawn has one label.
        var sums: RegressionSums {
            var labelDeviations = labelDeviations, errorDeviations = errorDeviations
            if contents == 1, let (terms, weight) = first {
                func deviations(_ value: Double) -> Double {
                    let deviation = value - (weight * value) / weight
                    return weight * (deviation * deviation)
                }
                (labelDeviations, errorDeviations) = (deviations(terms.label), deviations(terms.error))
            }
            return RegressionSums(
                rows: rows, weight: weight, absoluteErrors: absoluteErrors, squaredErrors: squaredErrors,
                percentageErrors: percentageErrors, maximumError: maximumError, medianError: nil,
                labelDeviations: labelDeviations, errorDeviations: errorDeviations)
        }
    }
}
