/// Every check mlgate knows, of every kind: the single place a new check is registered.
public enum CheckCatalog {
    /// The checks a `data` gate accepts (`check:`), each a ``TableCheck`` type.
    public static let tableChecks: [any TableCheck.Type] = [
        RequiredColumnsCheck.self,
        RowCountCheck.self,
        MissingFractionCheck.self,
        ColumnMinCheck.self,
        ColumnMaxCheck.self,
        ColumnMeanCheck.self,
        ColumnStdCheck.self,
        ColumnSumCheck.self,
        ColumnQuantileCheck.self,
        DistinctCountCheck.self,
    ]

    /// The table check with this identifier.
    public static func tableCheck(_ identifier: String) -> (any TableCheck.Type)? {
        tableChecks.first { $0.identifier == identifier }
    }

    /// Every check of every gate kind, one line each, in reference order.
    public static let all: [CheckDeclaration] = [
        // What every gate reports first.
        GateInputCheck.input.declaration,
        GateInputCheck.baseline.declaration,
        // Data gates: the contract's checks, then `check:` in `checks`.
        ContractCheck.header.declaration,
        ContractCheck.rows.declaration,
        ContractCheck.type.declaration,
        ContractCheck.constraint.declaration,
        ContractCheck.unique.declaration,
        ContractCheck.primaryKey.declaration,
        ContractCheck.uniqueKeys.declaration,
        ContractCheck.foreignKeys.declaration,
    ] + tableChecks.map { $0.declaration } + [
        // Model gates: `metric:` in `metrics`, by family.
        MetricFamily.classification.declaration,
        MetricFamily.score.declaration,
        MetricFamily.regression.declaration,
        // Fairness gates: `check:` in `checks`.
        FairnessCheck.Measure.demographicParityDifference.declaration,
        FairnessCheck.Measure.demographicParityRatio.declaration,
        FairnessCheck.Measure.equalizedOddsDifference.declaration,
        FairnessCheck.Measure.equalizedOddsRatio.declaration,
        FairnessCheck.Measure.equalOpportunityDifference.declaration,
        FairnessCheck.Measure.equalOpportunityRatio.declaration,
        FairnessCheck.Measure.groupDifference.declaration,
        FairnessCheck.Measure.groupRatio.declaration,
        FairnessCheck.Measure.disparateImpact.declaration,
        FairnessCheck.Measure.statisticalParityDifference.declaration,
        FairnessCheck.Measure.averageOddsDifference.declaration,
        FairnessCheck.Measure.fourFifths.declaration,
        // Drift gates.
        DriftCheck.column.declaration,
        DriftCheck.dataset.declaration,
    ]

    /// The declaration with this identifier.
    public static func declaration(_ identifier: String) -> CheckDeclaration? {
        all.first { $0.identifier == identifier }
    }
}
