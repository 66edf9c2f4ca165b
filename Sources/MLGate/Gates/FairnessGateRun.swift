import Foundation

/// One fairness gate: reads the predictions once, groups the rows by the sensitive
/// columns, and judges every check on the groups large enough to judge.
struct FairnessGateRun: Sendable {
    var gate: FairnessGateConfig

    /// A measure's value and the sentence that explains it.
    struct Measured {
        var value: Double?
        var detail: String
        /// For measures against the reference: each group's value.
        var perGroup: [(key: [String], value: Double?)] = []
    }

    func run() async -> (checks: [CheckResult], groups: GroupTableReport?) {
        let clock = ContinuousClock()
        let start = clock.now
        var columns = gate.columns
        columns.slices = gate.sensitive
        let loaded: LoadedPredictions
        do {
            loaded = try await PredictionsLoader(columns: columns).load(
                url: gate.predictions.url, format: gate.predictions.format, dialect: gate.predictions.dialect,
                path: gate.predictions.path)
        } catch {
            return ([CheckResult(
                name: "input", check: "input", outcome: .error, message: error.message, details: "\(error)",
                duration: (clock.now - start).seconds, location: error.location)]
                + skipped("\(gate.predictions.path) could not be read (see 'input')"), nil)
        }
        let sensitive = gate.sensitive.map { loaded.slices[$0]! }
        let input = CheckResult(
            name: "input", check: "input", outcome: .passed,
            message: "\(gate.predictions.path): \(loaded.predictions.count) rows, grouped by \(gate.sensitive.joined(separator: " × "))",
            measurements: [Measurement("rows", Double(loaded.predictions.count))],
            duration: (clock.now - start).seconds, location: gate.predictions.location)
        switch loaded.predictions {
        case .classification(let data):
            return await classification(data, sensitive: sensitive, input: input)
        case .regression(let data):
            return regression(data, sensitive: sensitive, input: input)
        }
    }

    private func skipped(_ reason: String) -> [CheckResult] {
        gate.checks.map {
            CheckResult(
                name: $0.name, check: $0.measure.rawValue, severity: $0.severity, outcome: .skipped,
                message: "not run: \(reason)", location: $0.location)
        }
    }

    static func label(_ key: [String], features: [String]) -> String {
        zip(features, key).map { "\($0)=\($1)" }.joined(separator: ", ")
    }

    // MARK: Classifiers

    private func classification(_ data: ClassificationPredictions, sensitive: [[String]], input: CheckResult) async
        -> (checks: [CheckResult], groups: GroupTableReport?)
    {
        let positive = data.positiveClass ?? 1
        let labels = data.labels.map { Int($0) == positive }
        let predicted = data.predicted.map { Int($0) == positive }
        let full = FairnessTable(
            labels: labels, predicted: predicted, weights: data.weights, sensitive: sensitive, features: gate.sensitive)
        let judgedKeys = Set(full.groups.filter { $0.rates.count >= gate.minGroupSize }.map(\.key))
        let table = full.restricted(to: judgedKeys)
        var results = [input]
        let small = full.groups.filter { !judgedKeys.contains($0.key) }
        if !small.isEmpty {
            results.append(
                CheckResult(
                    name: "group_size", check: "min_group_size", severity: .warn, outcome: .warning,
                    message: "\(small.count) group\(small.count == 1 ? "" : "s") with fewer than \(gate.minGroupSize) rows reported, not judged: "
                        + small.map { "\(Self.label($0.key, features: gate.sensitive)) (\($0.rates.count))" }.joined(separator: "; "),
                    measurements: [Measurement("small_groups", Double(small.count))]))
        }
        var reference: [String]?
        var referenceError: String?
        if gate.checks.contains(where: { $0.measure.needsReference }) {
            switch gate.reference {
            case .group(let key)?:
                if judgedKeys.contains(key) { reference = key } else {
                    referenceError = full.groups.contains { $0.key == key }
                        ? "the reference group \(Self.label(key, features: gate.sensitive)) has fewer than \(gate.minGroupSize) rows"
                        : "no group \(Self.label(key, features: gate.sensitive)); groups: "
                            + full.groups.map { Self.label($0.key, features: gate.sensitive) }.joined(separator: "; ")
                }
            case .largest?: reference = table.groups.max { $0.rates.count < $1.rates.count }?.key
            case .best?:
                reference = table.groups.max {
                    ($0.rates.rate(.selectionRate) ?? -1) < ($1.rates.rate(.selectionRate) ?? -1)
                }?.key
            case nil: referenceError = "this check compares with a reference group: set 'reference' on the gate"
            }
        }
        let report = groupReport(full, judged: judgedKeys, reference: reference)
        guard judgedKeys.count >= 2 else {
            let reason = "fewer than two groups have at least \(gate.minGroupSize) rows (min_group_size): nothing to compare"
            return (results + gate.checks.map {
                CheckResult(name: $0.name, check: $0.measure.rawValue, severity: $0.severity, outcome: .error, message: reason, location: $0.location)
            }, report)
        }

        // The bootstrap draws rows once for every check.
        var intervals: [String: (low: Double, high: Double)] = [:]
        if let confidence = gate.confidence {
            intervals = await bootstrap(
                labels: labels, predicted: predicted, weights: data.weights, sensitive: sensitive,
                judged: judgedKeys, reference: reference, confidence: confidence)
        }
        for check in gate.checks {
            let clockStart = ContinuousClock.now
            if check.measure.needsReference, let referenceError {
                results.append(
                    CheckResult(name: check.name, check: check.measure.rawValue, severity: check.severity, outcome: .error,
                        message: referenceError, location: check.location))
                continue
            }
            let measured = Self.measure(check, table: table, reference: reference, features: gate.sensitive)
            results.append(judge(check, measured, interval: intervals[check.name], duration: (ContinuousClock.now - clockStart).seconds))
        }
        return (results, report)
    }

    /// A check's measure on a table of judged groups.
    static func measure(_ check: FairnessCheck, table: FairnessTable, reference: [String]?, features: [String]) -> Measured {
        func label(_ key: [String]) -> String { Self.label(key, features: features) }
        func format(_ value: Double?) -> String { value.map(MetricCheck.format) ?? "undefined" }
        /// The groups behind a fairlearn measure of `metric`, and the fairlearn-0 note.
        func explain(_ metric: GroupMetric, method: DisparityMethod) -> String {
            let values = table.groups.map { ($0.key, $0.rates.fairlearnValue(metric), $0.rates.rate(metric)) }
            var text: String
            switch method {
            case .betweenGroups:
                guard let high = values.max(by: { ($0.1 ?? -.infinity) < ($1.1 ?? -.infinity) }),
                    let low = values.filter({ $0.0 != high.0 }).min(by: { ($0.1 ?? .infinity) < ($1.1 ?? .infinity) })
                else { return "" }
                text = "\(metric.rawValue) of \(label(high.0)) \(format(high.1)) vs \(label(low.0)) \(format(low.1))"
            case .toOverall:
                let overall = table.overall.fairlearnValue(metric)
                guard let far = values.max(by: { abs(($0.1 ?? 0) - (overall ?? 0)) < abs(($1.1 ?? 0) - (overall ?? 0)) })
                else { return "" }
                text = "\(metric.rawValue) of \(label(far.0)) \(format(far.1)) vs overall \(format(overall))"
            }
            let undefined = values.filter { $0.2 == nil && $0.1 != nil }.map { label($0.0) }
            if !undefined.isEmpty {
                text += "; \(metric.rawValue) is undefined (0/0) for \(undefined.joined(separator: "; ")) and counts as 0, as in fairlearn"
            }
            return text
        }
        switch check.measure {
        case .demographicParityDifference:
            return Measured(value: table.demographicParityDifference(check.method), detail: explain(.selectionRate, method: check.method))
        case .demographicParityRatio:
            return Measured(value: table.demographicParityRatio(check.method), detail: explain(.selectionRate, method: check.method))
        case .equalOpportunityDifference:
            return Measured(value: table.equalOpportunityDifference(check.method), detail: explain(.truePositiveRate, method: check.method))
        case .equalOpportunityRatio:
            return Measured(value: table.equalOpportunityRatio(check.method), detail: explain(.truePositiveRate, method: check.method))
        case .equalizedOddsDifference, .equalizedOddsRatio:
            let difference = check.measure == .equalizedOddsDifference
            let tpr = difference ? table.difference(.truePositiveRate, method: check.method) : table.ratio(.truePositiveRate, method: check.method)
            let fpr = difference ? table.difference(.falsePositiveRate, method: check.method) : table.ratio(.falsePositiveRate, method: check.method)
            let value = difference
                ? table.equalizedOddsDifference(check.method, check.aggregation)
                : table.equalizedOddsRatio(check.method, check.aggregation)
            let worseIsTPR = difference ? (tpr ?? 0) >= (fpr ?? 0) : (tpr ?? 1) <= (fpr ?? 1)
            return Measured(
                value: value,
                detail: explain(worseIsTPR ? .truePositiveRate : .falsePositiveRate, method: check.method)
                    + "; TPR \(difference ? "difference" : "ratio") \(format(tpr)), FPR \(difference ? "difference" : "ratio") \(format(fpr))")
        case .groupDifference, .groupRatio:
            let metric = check.groupMetric ?? .accuracy
            let value = check.measure == .groupDifference ? table.difference(metric, method: check.method) : table.ratio(metric, method: check.method)
            return Measured(value: value, detail: explain(metric, method: check.method))
        case .disparateImpact, .statisticalParityDifference, .averageOddsDifference:
            let comparisons = reference.flatMap { table.compared(to: $0) } ?? []
            let perGroup = comparisons.map { comparison -> ([String], Double?) in
                switch check.measure {
                case .disparateImpact: (comparison.key, comparison.disparateImpact)
                case .statisticalParityDifference: (comparison.key, comparison.statisticalParityDifference)
                default: (comparison.key, comparison.averageOddsDifference)
                }
            }
            // The group that lies farthest beyond a bound (or, within bounds, nearest one).
            let worst = perGroup.compactMap { key, value in value.map { (key, $0) } }.max { a, b in
                Self.badness(a.1, check) < Self.badness(b.1, check)
            }
            let undefined = perGroup.filter { $0.1 == nil }.map { label($0.0) }
            var detail = worst.map { "\(label($0.0)) vs reference \(reference.map(label) ?? "")" } ?? "no group to compare"
            if !undefined.isEmpty { detail += "; undefined (0/0) for \(undefined.joined(separator: "; ")), not judged" }
            return Measured(value: worst?.1, detail: detail, perGroup: perGroup.map { (key: $0.0, value: $0.1) })
        case .fourFifths:
            let rules = table.fourFifths()
            let worst = rules.compactMap { rule in rule.ratio.map { (rule.key, $0) } }.min { $0.1 < $1.1 }
            let failing = rules.filter { !$0.passes }.map { label($0.key) }
            return Measured(
                value: worst?.1,
                detail: failing.isEmpty
                    ? "every group's selection rate is at least 0.8 of the highest"
                    : "selection rate below 0.8 of the highest group's for \(failing.joined(separator: "; "))")
        }
    }

    /// How far a value lies beyond the check's bounds (negative: inside, by how much).
    static func badness(_ value: Double, _ check: FairnessCheck) -> Double {
        var distances: [Double] = []
        if let minimum = check.minimum { distances.append(minimum - value) }
        if let maximum = check.maximum { distances.append(value - maximum) }
        return distances.max() ?? 0
    }

    private func judge(_ check: FairnessCheck, _ measured: Measured, interval: (low: Double, high: Double)?, duration: Double)
        -> CheckResult
    {
        guard let value = measured.value else {
            return CheckResult(
                name: check.name, check: check.measure.rawValue, severity: check.severity, outcome: .error,
                message: "\(check.measure.rawValue) is undefined: \(measured.detail)", duration: duration, location: check.location)
        }
        let minimum = check.measure == .fourFifths ? 0.8 : check.minimum
        let maximum = check.maximum
        var measurements = [Measurement("value", value)]
        if let minimum { measurements.append(Measurement("min", minimum)) }
        if let maximum { measurements.append(Measurement("max", maximum)) }
        // With an interval, a bound fails only when the whole interval lies beyond it.
        let belowMinimum = minimum.map { (interval?.high ?? value) < $0 } ?? false
        let aboveMaximum = maximum.map { (interval?.low ?? value) > $0 } ?? false
        let passed = !belowMinimum && !aboveMaximum
        var bounds: [String] = []
        if let minimum { bounds.append("≥ \(MetricCheck.format(minimum))") }
        if let maximum { bounds.append("≤ \(MetricCheck.format(maximum))") }
        var message = "\(check.measure.rawValue) \(MetricCheck.format(value)), expected \(bounds.joined(separator: " and "))"
        if let interval, let confidence = gate.confidence {
            measurements += [Measurement("ci_low", interval.low), Measurement("ci_high", interval.high), Measurement("confidence", confidence)]
            message += " (\(MetricCheck.format(confidence * 100))% CI \(MetricCheck.format(interval.low)) … \(MetricCheck.format(interval.high)))"
        }
        if !measured.detail.isEmpty { message += ": \(measured.detail)" }
        let outcome: CheckOutcome = passed ? .passed : (check.severity == .warn ? .warning : .failed)
        let details = measured.perGroup.isEmpty ? nil : measured.perGroup.map {
            "\(Self.label($0.key, features: gate.sensitive)): \($0.value.map(MetricCheck.format) ?? "undefined")"
        }.joined(separator: "\n")
        return CheckResult(
            name: check.name, check: check.measure.rawValue, severity: check.severity, outcome: outcome, message: message,
            details: details, measurements: measurements, duration: duration, location: check.location)
    }

    /// Bootstrap intervals of every check's measure (same seeded draws as the model gate's).
    private func bootstrap(
        labels: [Bool], predicted: [Bool], weights: [Double]?, sensitive: [[String]], judged: Set<[String]>,
        reference: [String]?, confidence: Double
    ) async -> [String: (low: Double, high: Double)] {
        let settings = gate.bootstrap, checks = gate.checks, features = gate.sensitive
        let workers = max(1, min(ProcessInfoCores.count, settings.resamples))
        let samples = await withTaskGroup(of: [[Double?]].self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var counts = [UInt32](repeating: 0, count: labels.count)
                    var values: [[Double?]] = []
                    for resample in stride(from: worker, to: settings.resamples, by: workers) {
                        PairedBootstrap.draw(into: &counts, seed: settings.seed, resample: resample)
                        let table = FairnessTable(
                            labels: labels, predicted: predicted, weights: weights, sensitive: sensitive,
                            features: features, counts: counts
                        ).restricted(to: judged)
                        values.append(checks.map { Self.measure($0, table: table, reference: reference, features: features).value })
                    }
                    return values
                }
            }
            var all: [[Double?]] = []
            for await part in group { all += part }
            return all
        }
        var intervals: [String: (low: Double, high: Double)] = [:]
        for (index, check) in checks.enumerated() {
            let values = samples.compactMap { $0[index] }.sorted()
            if let interval = PairedBootstrap.interval(values, confidence: confidence) { intervals[check.name] = interval }
        }
        return intervals
    }

    private func groupReport(_ table: FairnessTable, judged: Set<[String]>, reference: [String]?) -> GroupTableReport {
        let z = WilsonInterval.z(confidence: gate.confidence ?? 0.95)
        func row(_ key: [String], _ rates: GroupRates, judged: Bool) -> GroupTableReport.Row {
            var values: [String: Double] = [:]
            for metric in GroupMetric.allCases { values[metric.rawValue] = rates.rate(metric) }
            var intervals: [String: [Double]] = [:]
            for metric in GroupMetric.allCases {
                if let interval = rates.wilson(metric, z: z) { intervals[metric.rawValue] = [interval.lower, interval.upper] }
            }
            return GroupTableReport.Row(group: key, count: rates.count, judged: judged, values: values, intervals: intervals)
        }
        return GroupTableReport(
            features: gate.sensitive, minGroupSize: gate.minGroupSize, reference: reference,
            metrics: GroupMetric.allCases.map(\.rawValue),
            rows: table.groups.map { row($0.key, $0.rates, judged: judged.contains($0.key)) }
                + [row(["overall"], table.overall, judged: true)])
    }

    // MARK: Regressors

    private func regression(_ data: RegressionPredictions, sensitive: [[String]], input: CheckResult)
        -> (checks: [CheckResult], groups: GroupTableReport?)
    {
        let table = RegressionGroupTable(
            labels: data.labels, predicted: data.predicted, weights: data.weights, sensitive: sensitive, features: gate.sensitive)
        let judged = table.groups.filter { $0.sums.count >= gate.minGroupSize }
        var results = [input]
        for check in gate.checks {
            let metric = check.regressionMetric ?? .meanAbsoluteError
            let pick = { (sums: RegressionGroupTable.Sums) in
                metric == .meanPrediction ? sums.meanPrediction : sums.meanAbsoluteError
            }
            let values = judged.map { pick($0.sums) }
            let value = check.measure == .groupDifference
                ? FairnessTable.difference(values, overall: pick(table.overall), method: check.method)
                : FairnessTable.ratio(values, overall: pick(table.overall), method: check.method)
            let high = judged.max { (pick($0.sums) ?? -.infinity) < (pick($1.sums) ?? -.infinity) }
            let low = judged.min { (pick($0.sums) ?? .infinity) < (pick($1.sums) ?? .infinity) }
            let detail = high.flatMap { high in low.map { low in
                "\(metric.rawValue) of \(Self.label(high.key, features: gate.sensitive)) \(MetricCheck.format(pick(high.sums) ?? 0)) vs \(Self.label(low.key, features: gate.sensitive)) \(MetricCheck.format(pick(low.sums) ?? 0))"
            } } ?? ""
            results.append(judge(check, Measured(value: judged.count >= 2 ? value : nil, detail: judged.count >= 2 ? detail : "fewer than two groups have at least \(gate.minGroupSize) rows"), interval: nil, duration: 0))
        }
        let rows = table.groups.map { group in
            GroupTableReport.Row(
                group: group.key, count: group.sums.count, judged: group.sums.count >= gate.minGroupSize,
                values: [
                    "mean_prediction": group.sums.meanPrediction, "mean_absolute_error": group.sums.meanAbsoluteError,
                ].compactMapValues { $0 }, intervals: nil)
        }
        return (results, GroupTableReport(
            features: gate.sensitive, minGroupSize: gate.minGroupSize, reference: nil,
            metrics: ["mean_prediction", "mean_absolute_error"], rows: rows))
    }
}
