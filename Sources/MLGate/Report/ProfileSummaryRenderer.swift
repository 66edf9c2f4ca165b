/// The line `mlgate profile` prints once it has written a profile: where, how many rows
/// and columns, and which columns are sketched rather than exact.
public struct ProfileSummaryRenderer: Sendable {
    /// Creates a renderer.
    public init() {}

    /// `profile: PATH (N rows, M columns, all exact)`, ending with a line break.
    public func text(_ profile: ReferenceProfile, path: String) -> String {
        let sketched = profile.columns.filter { $0.quantiles != nil }.map(\.name)
        let exactness = sketched.isEmpty ? ", all exact" : "; sketched: \(sketched.joined(separator: ", "))"
        return "profile: \(path) (\(profile.rows) rows, \(profile.columns.count) columns\(exactness))\n"
    }
}
