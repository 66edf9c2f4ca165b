/// Metric values computed from sums over a table's rows rather than from the rows in
/// memory: a regressor's sums computed by a server (``RegressionSums``), a binary
/// classifier's gathered from rows streamed in score order (``BinaryScoreMetrics``).
protocol ComputedMetrics: Sendable {
    /// The metric's value, or why it is undefined.
    func value(of metric: Metric) -> MetricValue
}

extension RegressionSums: ComputedMetrics {}
extension BinaryScoreMetrics: ComputedMetrics {}
