/// The limits mlgate puts on what it reads, so that a hostile or broken input (an
/// endless field from `/dev/zero`, a gzip bomb, a YAML alias bomb, a profile that claims
/// 10¹² values) ends with exit 2 and a located error instead of exhausting memory. Each
/// is far above real data; docs/limits.md lists them with what crossing each one gives.
public enum InputLimits {
    /// The longest CSV/TSV field, in bytes (after unquoting): 32 MiB.
    public static let fieldBytes = 32 << 20
    /// The longest CSV/TSV record or JSON Lines line, in bytes: 64 MiB (checked once per
    /// chunk read, so a record is refused within one chunk, 256 KiB, past the limit).
    public static let recordBytes = 64 << 20
    /// The most columns a table's header may name: 65 536.
    public static let columns = 65_536
    /// The largest YAML or JSON document mlgate reads as a config, schema, dialect,
    /// profile, attestation, key or report: 64 MiB.
    public static let documentBytes = 64 << 20
    /// The most values one column of a reference profile may claim (its `present`
    /// count, which the drift tests expand into that many numbers): 250 million.
    public static let profileValues = 250_000_000
    /// The most points of a reference profile's quantile sketch (`--quantiles`): 1 million.
    public static let profileQuantiles = 1_000_000
    /// The largest total of a predictions file's sample weights: 1e150, so that weighted
    /// sums (and their products, as in ROC AUC) stay finite.
    public static let weightTotal = 1e150
    /// The most columns of a reference profile.
    public static let profileColumns = columns

    /// The message for a bytes limit crossed: what, the limit, and where it is documented.
    static func exceeded(_ what: String, bytes limit: Int) -> String {
        "\(what) is longer than mlgate's limit of \(limit >> 20) MiB (\(limit) bytes; docs/limits.md): the input is not what it should be"
    }
}
