/// Every check mlgate knows, by gate kind: the single place a new check is registered.
public enum CheckCatalog {
    /// The checks a `data` gate accepts.
    public static let tableChecks: [any TableCheck.Type] = [
        RequiredColumnsCheck.self,
        RowCountCheck.self,
        MissingFractionCheck.self,
        ColumnMinCheck.self,
        ColumnMaxCheck.self,
        ColumnMeanCheck.self,
        ColumnStdCheck.self,
        ColumnQuantileCheck.self,
        DistinctCountCheck.self,
    ]

    /// The table check with this identifier.
    public static func tableCheck(_ identifier: String) -> (any TableCheck.Type)? {
        tableChecks.first { $0.identifier == identifier }
    }
}
