/// A seeded, deterministic paired bootstrap of the difference between a candidate's and
/// a baseline's metrics on the same rows.
///
/// Each resample draws the rows with replacement (the same draw for both models, which
/// is what makes it paired) and is seeded from the seed and its own index, so the result
/// is the same on every run and on any number of cores. Resamples are shared out over
/// the machine's cores in a task group.
struct PairedBootstrap: Sendable {
    var settings: BootstrapSettings

    /// The distribution of one metric's drop over the resamples where both values are
    /// defined.
    struct Distribution: Sendable {
        var drops: [Double] = []
        var relativeDrops: [Double] = []
        var undefined = 0
    }

    /// Resamples `rows` rows and returns, per metric, the candidate's drop against the
    /// baseline in each resample (positive: the candidate is worse).
    func run(candidate: MetricEvaluator, baseline: MetricEvaluator, metrics: [Metric], rows: Int) async
        -> [Distribution]
    {
        let parts = await Self.resamples(rows: rows, settings: settings) { counts in
            metrics.map { metric -> (Double, Double)? in
                guard let candidateValue = candidate.value(metric, counts: counts).number,
                    let baselineValue = baseline.value(metric, counts: counts).number
                else { return nil }
                let drop = metric.higherIsBetter ? baselineValue - candidateValue : candidateValue - baselineValue
                let relative = baselineValue != 0 ? drop / abs(baselineValue) : (drop > 0 ? .infinity : 0)
                return (drop, relative)
            }
        }
        var distributions = [Distribution](repeating: Distribution(), count: metrics.count)
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

    /// `body`'s value on every resample's row counts (how often each of `rows` rows is
    /// drawn), in resample order; the resamples are shared out over the cores, and each
    /// is seeded from the seed and its index, so the values do not depend on the cores.
    static func resamples<Value: Sendable>(
        rows: Int, settings: BootstrapSettings, _ body: @escaping @Sendable ([UInt32]) -> Value
    ) async -> [Value] {
        let workers = max(1, min(ProcessInfoCores.count, settings.resamples))
        let resamples = settings.resamples, seed = settings.seed
        return await withTaskGroup(of: [(Int, Value)].self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var values: [(Int, Value)] = []
                    var counts = [UInt32](repeating: 0, count: rows)
                    for resample in stride(from: worker, to: resamples, by: workers) {
                        draw(into: &counts, seed: seed, resample: resample)
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

    /// Fills `counts` with how often each row is drawn in resample `resample`.
    static func draw(into counts: inout [UInt32], seed: UInt64, resample: Int) {
        for index in counts.indices { counts[index] = 0 }
        var generator = SplitMix64(seed: seed &+ UInt64(resample) &* 0xD1B5_4A32_D192_ED03)
        let n = UInt64(counts.count)
        for _ in 0..<counts.count {
            counts[Int(generator.next().multipliedFullWidth(by: n).high)] += 1
        }
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
