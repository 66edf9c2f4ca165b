/// Which engine behind the PostgreSQL wire protocol a table lives in, where the SQL
/// mlgate sends must differ (docs/warehouse.md, "Other PostgreSQL-wire engines"):
/// `dialect:` of a database input, or detected from the server when not given.
public enum WarehouseDialect: String, Sendable, Hashable, CaseIterable {
    /// PostgreSQL itself (and engines that take its SQL unchanged).
    case postgresql
    /// Citus: refuses `GROUPING SETS` on a distributed table (citusdata/citus#2219).
    case citus
    /// Amazon Redshift: the same form as Citus for grouped reads.
    case redshift

    /// Whether a read of each column's value counts may use `GROUP BY GROUPING SETS`
    /// (one scan); otherwise it is a `UNION ALL` of one `GROUP BY` per column.
    var groupingSets: Bool { self == .postgresql }

    /// Whether a multiclass model's score columns may be unpivoted with
    /// `CROSS JOIN LATERAL (VALUES …)` (one scan); otherwise it is a `UNION ALL` of one
    /// `SELECT` per score column.
    var lateralValues: Bool { self == .postgresql }

    /// The engine a server's `SELECT version()` names (Redshift says so there), with
    /// whether the `citus` extension is installed.
    static func detect(version: String, citus: Bool) -> WarehouseDialect {
        if version.localizedCaseInsensitiveContains("redshift") { return .redshift }
        return citus ? .citus : .postgresql
    }

    /// The engine of the server behind `connection`: `SELECT version()`, then (not on
    /// Redshift, which has no `pg_extension`) whether `citus` is installed.
    static func detect(on connection: PostgresConnection) throws(PostgresError) -> WarehouseDialect {
        let version = try connection.query("SELECT version()").rows.first?.first.flatMap { $0 } ?? ""
        if detect(version: version, citus: false) == .redshift { return .redshift }
        let citus = try connection.query("SELECT count(*) FROM pg_catalog.pg_extension WHERE extname = 'citus'").rows.first?.first.flatMap { $0 }
        return detect(version: version, citus: (citus.flatMap { Int($0) } ?? 0) > 0)
    }
}
