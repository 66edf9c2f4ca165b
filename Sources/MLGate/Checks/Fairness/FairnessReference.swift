extension FairnessGateConfig.Reference {
    /// The reference group for AIF360's measures among the groups of `full` (all
    /// groups) that are judged (`judged`, the keys of `table`); or why there is none.
    func group(
        in full: FairnessTable, judged: Set<[String]>, table: FairnessTable, minGroupSize: Int, features: [String]
    ) -> Result<[String]?, FairnessReferenceError> {
        func label(_ key: [String]) -> String { FairnessTable.label(key, features: features) }
        switch self {
        case .group(let key):
            if judged.contains(key) { return .success(key) }
            return .failure(FairnessReferenceError(
                message: full.groups.contains { $0.key == key }
                    ? "the reference group \(label(key)) has fewer than \(minGroupSize) rows"
                    : "no group \(label(key)); groups: " + full.groups.map { label($0.key) }.joined(separator: "; ")
                        + Suggestion.didYouMean(label(key), in: full.groups.map { label($0.key) })))
        case .largest: return .success(table.groups.max { $0.rates.count < $1.rates.count }?.key)
        case .best:
            return .success(table.groups.max {
                ($0.rates.rate(.selectionRate) ?? -1) < ($1.rates.rate(.selectionRate) ?? -1)
            }?.key)
        }
    }
}

/// Why a fairness gate has no reference group: its checks against one cannot run.
struct FairnessReferenceError: Error, Sendable {
    var message: String

    /// A check needs a reference and the gate names none.
    static let notSet = FairnessReferenceError(
        message: "this check compares with a reference group: set 'reference' on the gate")
}
