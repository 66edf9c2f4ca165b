/// A fairness measure's value on a table of groups, and the sentence that explains it.
struct FairnessMeasurement: Sendable {
    var value: Double?
    var detail: String
    /// For measures against the reference: each group's value.
    var perGroup: [(key: [String], value: Double?)] = []

    /// Why a check could not judge an undefined value.
    func undefinedMessage(_ measure: FairnessCheck.Measure) -> String {
        "\(measure.rawValue) is undefined: \(detail)"
    }
}

extension FairnessCheck {
    /// A check's measure on a table of judged groups.
    func measure(on table: FairnessTable, reference: [String]?, features: [String]) -> FairnessMeasurement {
        let check = self
        func label(_ key: [String]) -> String { FairnessTable.label(key, features: features) }
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
            return FairnessMeasurement(value: table.demographicParityDifference(check.method), detail: explain(.selectionRate, method: check.method))
        case .demographicParityRatio:
            return FairnessMeasurement(value: table.demographicParityRatio(check.method), detail: explain(.selectionRate, method: check.method))
        case .equalOpportunityDifference:
            return FairnessMeasurement(value: table.equalOpportunityDifference(check.method), detail: explain(.truePositiveRate, method: check.method))
        case .equalOpportunityRatio:
            return FairnessMeasurement(value: table.equalOpportunityRatio(check.method), detail: explain(.truePositiveRate, method: check.method))
        case .equalizedOddsDifference, .equalizedOddsRatio:
            let difference = check.measure == .equalizedOddsDifference
            let tpr = difference ? table.difference(.truePositiveRate, method: check.method) : table.ratio(.truePositiveRate, method: check.method)
            let fpr = difference ? table.difference(.falsePositiveRate, method: check.method) : table.ratio(.falsePositiveRate, method: check.method)
            let value = difference
                ? table.equalizedOddsDifference(check.method, check.aggregation)
                : table.equalizedOddsRatio(check.method, check.aggregation)
            let worseIsTPR = difference ? (tpr ?? 0) >= (fpr ?? 0) : (tpr ?? 1) <= (fpr ?? 1)
            return FairnessMeasurement(
                value: value,
                detail: explain(worseIsTPR ? .truePositiveRate : .falsePositiveRate, method: check.method)
                    + "; TPR \(difference ? "difference" : "ratio") \(format(tpr)), FPR \(difference ? "difference" : "ratio") \(format(fpr))")
        case .groupDifference, .groupRatio:
            let metric = check.groupMetric ?? .accuracy
            let value = check.measure == .groupDifference ? table.difference(metric, method: check.method) : table.ratio(metric, method: check.method)
            return FairnessMeasurement(value: value, detail: explain(metric, method: check.method))
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
                check.badness(a.1) < check.badness(b.1)
            }
            let undefined = perGroup.filter { $0.1 == nil }.map { label($0.0) }
            var detail = worst.map { "\(label($0.0)) vs reference \(reference.map(label) ?? "")" } ?? "no group to compare"
            if !undefined.isEmpty { detail += "; undefined (0/0) for \(undefined.joined(separator: "; ")), not judged" }
            return FairnessMeasurement(value: worst?.1, detail: detail, perGroup: perGroup.map { (key: $0.0, value: $0.1) })
        case .fourFifths:
            let rules = table.fourFifths()
            let worst = rules.compactMap { rule in rule.ratio.map { (rule.key, $0) } }.min { $0.1 < $1.1 }
            let failing = rules.filter { !$0.passes }.map { label($0.key) }
            return FairnessMeasurement(
                value: worst?.1,
                detail: failing.isEmpty
                    ? "every group's selection rate is at least 0.8 of the highest"
                    : "selection rate below 0.8 of the highest group's for \(failing.joined(separator: "; "))")
        }
    }

    /// How far a value lies beyond the check's bounds (negative: inside, by how much).
    func badness(_ value: Double) -> Double {
        var distances: [Double] = []
        if let minimum { distances.append(minimum - value) }
        if let maximum { distances.append(value - maximum) }
        return distances.max() ?? 0
    }

    /// The verdict on a measurement: `nil` when the measure is undefined (the check
    /// cannot run; ``FairnessMeasurement/undefinedMessage(_:)`` says why). With an
    /// interval, a bound fails only when the whole interval lies beyond it.
    func evaluate(
        _ measured: FairnessMeasurement, interval: (low: Double, high: Double)?, confidence: Double?, features: [String]
    ) -> CheckEvaluation? {
        guard let value = measured.value else { return nil }
        let minimum = measure == .fourFifths ? 0.8 : minimum
        let maximum = maximum
        var measurements = [Measurement("value", value)]
        if let minimum { measurements.append(Measurement("min", minimum)) }
        if let maximum { measurements.append(Measurement("max", maximum)) }
        let belowMinimum = minimum.map { (interval?.high ?? value) < $0 } ?? false
        let aboveMaximum = maximum.map { (interval?.low ?? value) > $0 } ?? false
        var bounds: [String] = []
        if let minimum { bounds.append("≥ \(MetricCheck.format(minimum))") }
        if let maximum { bounds.append("≤ \(MetricCheck.format(maximum))") }
        var message = "\(measure.rawValue) \(MetricCheck.format(value)), expected \(bounds.joined(separator: " and "))"
        if let interval, let confidence {
            measurements += [Measurement("ci_low", interval.low), Measurement("ci_high", interval.high), Measurement("confidence", confidence)]
            message += " (\(MetricCheck.format(confidence * 100))% CI \(MetricCheck.format(interval.low)) … \(MetricCheck.format(interval.high)))"
        }
        if !measured.detail.isEmpty { message += ": \(measured.detail)" }
        let details = measured.perGroup.isEmpty ? nil : measured.perGroup.map {
            "\(FairnessTable.label($0.key, features: features)): \($0.value.map(MetricCheck.format) ?? "undefined")"
        }.joined(separator: "\n")
        return CheckEvaluation(
            passed: !belowMinimum && !aboveMaximum, message: message, details: details, measurements: measurements)
    }

    /// A regressor's group difference or ratio of its metric (mean prediction or mean
    /// absolute error) over the groups with at least `minGroupSize` rows.
    func measure(on table: RegressionGroupTable, minGroupSize: Int, features: [String]) -> FairnessMeasurement {
        let judged = table.groups.filter { $0.sums.count >= minGroupSize }
        let metric = regressionMetric ?? .meanAbsoluteError
        let pick = { (sums: RegressionGroupTable.Sums) in
            metric == .meanPrediction ? sums.meanPrediction : sums.meanAbsoluteError
        }
        let values = judged.map { pick($0.sums) }
        let value = measure == .groupDifference
            ? FairnessTable.difference(values, overall: pick(table.overall), method: method)
            : FairnessTable.ratio(values, overall: pick(table.overall), method: method)
        let high = judged.max { (pick($0.sums) ?? -.infinity) < (pick($1.sums) ?? -.infinity) }
        let low = judged.min { (pick($0.sums) ?? .infinity) < (pick($1.sums) ?? .infinity) }
        let detail = high.flatMap { high in low.map { low in
            "\(metric.rawValue) of \(FairnessTable.label(high.key, features: features)) \(MetricCheck.format(pick(high.sums) ?? 0)) vs \(FairnessTable.label(low.key, features: features)) \(MetricCheck.format(pick(low.sums) ?? 0))"
        } } ?? ""
        return FairnessMeasurement(
            value: judged.count >= 2 ? value : nil,
            detail: judged.count >= 2 ? detail : "fewer than two groups have at least \(minGroupSize) rows")
    }
}

extension FairnessTable {
    /// A group as reports name it: `sex=F, race=B`.
    static func label(_ key: [String], features: [String]) -> String {
        zip(features, key).map { "\($0)=\($1)" }.joined(separator: ", ")
    }
}
