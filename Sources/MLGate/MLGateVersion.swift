/// The version of mlgate, as printed by `mlgate --version` and recorded in reports.
public enum MLGateVersion {
    /// The current version.
    public static let current = "0.1.0"
}
