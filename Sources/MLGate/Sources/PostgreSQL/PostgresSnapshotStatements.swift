import Foundation

/// Statements run at once, each on a connection of its own, in one exported snapshot
/// (`pg_export_snapshot()` on the first connection, `SET TRANSACTION SNAPSHOT` on the
/// others): the serial phases of one statement (a window's walk) overlap another's.
/// A binary model's ranking per set of rows (``BinaryRankingPushdown``) and a drift
/// gate's numeric columns (``DriftPushdown``) take them.
enum PostgresSnapshotStatements {
    /// The rows of `statements` (in order), in the snapshot of `connection`'s open
    /// transaction: one statement runs on `connection` itself, several each on a
    /// connection of its own (``rows(_:parameters:timeout:snapshot:settings:)``) that
    /// imports the snapshot `connection` exports; `settings` run first on each.
    static func rows(
        _ statements: [String], on connection: PostgresConnection, parameters: PostgresConnectionParameters, timeout: Int,
        settings: [String] = []
    ) throws(PostgresError) -> [[String?]] {
        guard statements.count > 1 else {
            guard let statement = statements.first else { return [] }
            for setting in settings { _ = try connection.query(setting) }
            return try connection.query(statement).rows
        }
        let exported = try connection.query("SELECT pg_export_snapshot()").rows.first?.first ?? nil
        guard let exported else { throw PostgresError(.protocolViolation, "the server exported no snapshot") }
        return try rows(statements, parameters: parameters, timeout: timeout, snapshot: PostgreSQLDialect().literal(exported), settings: settings)
    }

    /// The rows of `statements`, each run on a connection of its own that imports
    /// `snapshot` (a literal) and runs `settings` first, at most as many at once as there
    /// are cores; the first error is thrown once every statement has ended.
    static func rows(
        _ statements: [String], parameters: PostgresConnectionParameters, timeout: Int, snapshot: String, settings: [String] = []
    ) throws(PostgresError) -> [[String?]] {
        let results = ConcurrentResults(count: statements.count)
        DispatchQueue.concurrentPerform(iterations: statements.count) { index in
            do throws(PostgresError) {
                let connection = try PostgresConnection(parameters, statementTimeout: timeout)
                _ = try connection.query(PostgreSQLDialect.snapshotStatement)
                _ = try connection.query("SET TRANSACTION SNAPSHOT \(snapshot)")
                for setting in settings { _ = try connection.query(setting) }
                results.set(index, .success(try connection.query(statements[index]).rows))
            } catch {
                results.set(index, .failure(error))
            }
        }
        var rows: [[String?]] = []
        for result in results.all {
            switch result {
            case .success(let part): rows += part
            case .failure(let error): throw error
            case nil: throw PostgresError(.protocolViolation, "a statement ended without a result")
            }
        }
        return rows
    }

    /// The results of ``rows(_:parameters:timeout:snapshot:settings:)``'s statements, each
    /// set once by its own iteration.
    private final class ConcurrentResults: @unchecked Sendable {
        private let lock = NSLock()
        private var results: [Result<[[String?]], PostgresError>?]

        init(count: Int) { results = Array(repeating: nil, count: count) }

        func set(_ index: Int, _ result: Result<[[String?]], PostgresError>) {
            lock.lock()
            results[index] = result
            lock.unlock()
        }

        var all: [Result<[[String?]], PostgresError>?] {
            lock.lock()
            defer { lock.unlock() }
            return results
        }
    }
}
