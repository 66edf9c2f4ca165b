extension GroupTableReport {
    /// A classifier's per-group table: every rate of every group and overall, with its
    /// Wilson interval at `confidence` (0.95 when the gate has none).
    init(
        rates table: FairnessTable, judged: Set<[String]>, reference: [String]?, features: [String], minGroupSize: Int,
        confidence: Double?
    ) {
        let z = WilsonInterval.z(confidence: confidence ?? 0.95)
        func row(_ key: [String], _ rates: GroupRates, judged: Bool) -> GroupTableReport.Row {
            var values: [String: Double] = [:]
            for metric in GroupMetric.allCases { values[metric.rawValue] = rates.rate(metric) }
            var intervals: [String: [Double]] = [:]
            for metric in GroupMetric.allCases {
                if let interval = rates.wilson(metric, z: z) { intervals[metric.rawValue] = [interval.lower, interval.upper] }
            }
            return GroupTableReport.Row(group: key, count: rates.count, judged: judged, values: values, intervals: intervals)
        }
        self.init(
            features: features, minGroupSize: minGroupSize, reference: reference,
            metrics: GroupMetric.allCases.map(\.rawValue),
            rows: table.groups.map { row($0.key, $0.rates, judged: judged.contains($0.key)) }
                + [row(["overall"], table.overall, judged: true)])
    }

    /// A regressor's per-group table: mean prediction and mean absolute error.
    init(regression table: RegressionGroupTable, features: [String], minGroupSize: Int) {
        let rows = table.groups.map { group in
            GroupTableReport.Row(
                group: group.key, count: group.sums.count, judged: group.sums.count >= minGroupSize,
                values: [
                    "mean_prediction": group.sums.meanPrediction, "mean_absolute_error": group.sums.meanAbsoluteError,
                ].compactMapValues { $0 }, intervals: nil)
        }
        self.init(
            features: features, minGroupSize: minGroupSize, reference: nil,
            metrics: ["mean_prediction", "mean_absolute_error"], rows: rows)
    }
}
