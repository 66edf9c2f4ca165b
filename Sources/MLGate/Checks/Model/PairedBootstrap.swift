/// A seeded, deterministic paired bootstrap of the difference between a candidate's and
/// a baseline's metrics on the same rows.
///
/// A Poisson bootstrap of the distinct rows: each resample draws every row a Poisson(1)
/// number of times (the same draw for both models, which is what makes it paired), so
/// a distinct row that stands for `c` rows is drawn Poisson(`c`) times, seeded from the
/// seed, the resample's index and the row's content (``DistinctRows``). The result is
/// the same on every run, on any number of cores, in any row order, and whether the
/// rows were read one by one from a file or grouped by a database; a resample costs a
/// draw per distinct row, not per row. Resamples are shared out over the machine's
/// cores in a task group.
struct PairedBootstrap: Sendable {
    var settings: BootstrapSettings

    /// The distribution of one metric's drop over the resamples where both values are
    /// defined.
    struct Distribution: Sendable {
        var drops: [Double] = []
        var relativeDrops: [Double] = []
        var undefined = 0
    }

    /// Resamples the rows both evaluators hold (the same rows, paired; the candidate's
    /// multiplicities say how many rows each stands for) and returns, per metric, the
    /// candidate's drop against the baseline in each resample (positive: the candidate
    /// is worse).
    func run(candidate: MetricEvaluator, baseline: MetricEvaluator, metrics: [Metric]) async -> [Distribution] {
        let distinct = Self.distinct(candidate.predictions, baseline.predictions, multiplicities: candidate.multiplicities)
        let candidateRows: MetricEvaluator, baselineRows: MetricEvaluator
        if distinct.count == candidate.predictions.count {
            // Every row distinct: they are their own representatives, in order (rows a
            // server grouped, too: each then drawn by its count alone).
            (candidateRows, baselineRows) = (candidate.resampling(), baseline.resampling())
        } else {
            async let candidatePrepared = MetricEvaluator.prepare(candidate.predictions.subset(distinct.representatives))
            baselineRows = await MetricEvaluator.prepare(baseline.predictions.subset(distinct.representatives))
            candidateRows = await candidatePrepared
        }
        let parts = await Self.resamples(distinct, settings: settings) { counts in
            metrics.map { metric -> (Double, Double)? in
                guard let candidateValue = candidateRows.value(metric, counts: counts).number,
                    let baselineValue = baselineRows.value(metric, counts: counts).number
                else { return nil }
                return Self.drop(metric, candidate: candidateValue, baseline: baselineValue)
            }
        }
        return Self.distributions(parts, metrics: metrics.count)
    }

    /// The candidate's drop against the baseline (positive: the candidate is worse) and
    /// the drop relative to the baseline's value.
    static func drop(_ metric: Metric, candidate: Double, baseline: Double) -> (drop: Double, relative: Double) {
        let drop = metric.higherIsBetter ? baseline - candidate : candidate - baseline
        let relative = baseline != 0 ? drop / abs(baseline) : (drop > 0 ? .infinity : 0)
        return (drop, relative)
    }

    /// Each metric's distribution over resamples `0..<resamples`, `computed(resample)`
    /// giving the candidate's and the baseline's metrics on that resample (sums drawn as
    /// the rows came: ``ResampledBinarySums``, ``ResampledRegressionSums``, ``ResampledMulticlassSums``).
    static func distributions(
        resamples: Int, metrics: [Metric], _ computed: (Int) -> (candidate: any ComputedMetrics, baseline: any ComputedMetrics)
    ) -> [Distribution] {
        let values = (0..<resamples).map { resample -> [(Double, Double)?] in
            let (candidate, baseline) = computed(resample)
            return metrics.map { metric in
                guard let candidateValue = candidate.value(of: metric).number, let baselineValue = baseline.value(of: metric).number
                else { return nil }
                return drop(metric, candidate: candidateValue, baseline: baselineValue)
            }
        }
        return distributions(values, metrics: metrics.count)
    }

    /// Each metric's distribution from every resample's drops (in resample order; nil
    /// where a value is undefined), sorted.
    static func distributions(_ parts: [[(Double, Double)?]], metrics count: Int) -> [Distribution] {
        var distributions = [Distribution](repeating: Distribution(), count: count)
        for resample in parts {
            for (index, pair) in resample.enumerated() {
                if let (drop, relative) = pair {
                    distributions[index].drops.append(drop)
                    distributions[index].relativeDrops.append(relative)
                } else {
                    distributions[index].undefined += 1
                }
            }
        }
        for index in distributions.indices {
            distributions[index].drops.sort()
            distributions[index].relativeDrops.sort()
        }
        return distributions
    }

    /// The paired rows grouped by both models' content (label, prediction, scores and
    /// weight of each).
    static func distinct(_ candidate: Predictions, _ baseline: Predictions, multiplicities: [UInt32]?) -> DistinctRows {
        let candidateClasses = candidate.classKeys, baselineClasses = baseline.classKeys
        return DistinctRows(count: candidate.count, multiplicities: multiplicities) { row, words in
            candidate.appendWords(of: row, classKeys: candidateClasses, to: &words)
            baseline.appendWords(of: row, classKeys: baselineClasses, to: &words)
        }
    }

    /// `body`'s value on every resample's counts (how often each distinct row is
    /// drawn), in resample order; the resamples are shared out over the cores, and each
    /// row's draw is seeded from the seed, the resample's index and the row's key, so
    /// the values depend neither on the cores nor on the rows' order.
    static func resamples<Value: Sendable>(
        _ distinct: DistinctRows, settings: BootstrapSettings, _ body: @escaping @Sendable ([UInt32]) -> Value
    ) async -> [Value] {
        let workers = max(1, min(ProcessInfoCores.count, settings.resamples))
        let resamples = settings.resamples, seed = settings.seed
        return await withTaskGroup(of: [(Int, Value)].self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var values: [(Int, Value)] = []
                    var counts = [UInt32](repeating: 0, count: distinct.count)
                    for resample in stride(from: worker, to: resamples, by: workers) {
                        draw(into: &counts, distinct, seed: seed, resample: resample)
                        values.append((resample, body(counts)))
                    }
                    return values
                }
            }
            var all: [(Int, Value)] = []
            for await part in group { all += part }
            return all.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// Fills `counts` with how often each distinct row is drawn in resample `resample`:
    /// Poisson with the row's count as its mean.
    static func draw(into counts: inout [UInt32], _ distinct: DistinctRows, seed: UInt64, resample: Int) {
        let stream = Self.stream(seed: seed, resample: resample)
        for index in counts.indices {
            counts[index] = draw(key: distinct.keys[index], count: distinct.counts[index], stream: stream)
        }
    }

    /// Resample `resample`'s word, which seeds its draws with each row's key.
    static func stream(seed: UInt64, resample: Int) -> UInt64 {
        DistinctRows.mix(seed &+ UInt64(resample) &* 0xD1B5_4A32_D192_ED03)
    }

    /// How often a resample (its ``stream(seed:resample:)``) draws the distinct row with
    /// content key `key` that stands for `count` rows.
    @inline(__always)
    static func draw(key: UInt64, count: UInt64, stream: UInt64) -> UInt32 {
        var generator = SplitMix64(seed: DistinctRows.mix(key ^ stream))
        return UInt32(clamping: PoissonDraw.sample(count: count, using: &generator))
    }

    /// How often each resample draws the distinct row with content key `key` that stands
    /// for `count` rows: `draws[i]` for the resample of `streams[i]` (rows that come one
    /// by one, ``ResampledBinarySums``).
    @inline(__always)
    static func draw(key: UInt64, count: UInt64, streams: [UInt64], into draws: UnsafeMutableBufferPointer<UInt32>) {
        for index in streams.indices { draws[index] = draw(key: key, count: count, stream: streams[index]) }
    }

    /// The two-sided percentile interval at `confidence` of sorted values, with numpy's
    /// default (linear) interpolation.
    static func interval(_ sorted: [Double], confidence: Double) -> (low: Double, high: Double)? {
        guard !sorted.isEmpty else { return nil }
        return (quantile(sorted, (1 - confidence) / 2), quantile(sorted, (1 + confidence) / 2))
    }

    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let position = Double(sorted.count - 1) * q
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        if sorted[upper].isInfinite || sorted[lower].isInfinite { return fraction < 0.5 ? sorted[lower] : sorted[upper] }
        return sorted[lower] + fraction * (sorted[upper] - sorted[lower])
    }
}

/// SplitMix64 (Steele, Lea and Flood): small, fast, and fully determined by its seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
