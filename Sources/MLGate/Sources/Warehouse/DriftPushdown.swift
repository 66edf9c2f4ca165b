import Foundation

/// A drift gate's numeric columns summarized by the engine that holds both tables
/// (``DriftPushdownStatement``) instead of counted value by value: a counted read sends a
/// row per distinct value of each column, about as many as the tables have rows when the
/// values are continuous; this sends a row per column.
///
/// Columns of integers spanning at most ``countedSpan`` values stay counted (a few
/// thousand rows, and every test can take them); so do columns whose test needs their
/// values (``DriftColumnTest/run(summary:)``), which the gate reads counted afterwards.
enum DriftPushdown {
    /// Integer columns whose values (of both sides) span at most this many are counted,
    /// not summarized.
    static let countedSpan = 10_000.0

    /// Where the config names the reference and the current table (an error is located at
    /// the table's).
    typealias Locations = (reference: SourceLocation, current: SourceLocation)

    /// What the engine gave: both tables' rows, and the columns it summarized (by their
    /// position among the names asked for).
    struct Result: Sendable {
        var referenceRows: Int
        var currentRows: Int
        var summaries: [Int: NumericDriftSummary]
    }

    /// The summaries of the columns named `names` of `reference` and `current` that are
    /// of a numeric SQL type on both sides (by their position in `names`), or nil when
    /// the engine cannot give them with the file mode's definitions and the gate counts
    /// the values instead: the tables are on different servers, the engine is not
    /// PostgreSQL's own, or a value overflows a double (SQLSTATE 22003). Both statements
    /// run in one read-only snapshot; the columns' statements each on a connection of its
    /// own, in that snapshot. The columns at `quantiles` (positions in `names`) also get
    /// their reference-quantile bins, `bins` of them (``NumericDriftSummary/quantileBins``).
    static func run(
        reference: DatabaseTable, current: DatabaseTable, names: [String], locations: Locations,
        quantiles: Set<Int> = [], bins: Int = DriftGateConfig.defaultBins, dialect: PostgreSQLDialect = PostgreSQLDialect()
    ) throws(TableReadError) -> Result? {
        guard !names.isEmpty, reference.connection == current.connection, reference.dialect == current.dialect,
            reference.statementTimeoutMilliseconds == current.statementTimeoutMilliseconds
        else { return nil }
        // The table an error names (and where): the current one while it is described.
        var failing = (reference, locations.reference)
        do throws(PostgresError) {
            let (connection, parameters, engine) = try reference.session()
            guard engine == .postgresql else { return nil }
            _ = try connection.query(PostgreSQLDialect.snapshotStatement)
            let referenceColumns = try connection.query(dialect.describeStatement(reference.relation)).columns
            failing = (current, locations.current)
            let currentColumns = try connection.query(dialect.describeStatement(current.relation)).columns
            failing = (reference, locations.reference)
            guard let (statement, kept) = dialect.driftStatement(
                reference: reference.relation, referenceColumns: referenceColumns, current: current.relation,
                currentColumns: currentColumns, names: names)
            else { return nil }
            do throws(PostgresError) {
                guard let sides = try Sides(connection.query(statement.sidesStatement).rows, columns: kept.count) else {
                    throw PostgresError(.protocolViolation, "the drift summary came back in an unexpected shape")
                }
                let parts = plan(statement, sides: sides, quantiled: Set(kept.indices.filter { quantiles.contains(kept[$0]) }), bins: bins)
                // The values are grouped by a sort, whose order the windows take, rather
                // than by a hash table that the planner expects to fit in `work_mem` and
                // that spills batch after batch: 19 s against 27 s for a column of 12M
                // distinct values in two 10M-row tables.
                let rows = try PostgresSnapshotStatements.rows(
                    parts.map(\.sql), on: connection, parameters: parameters, timeout: reference.statementTimeoutMilliseconds,
                    settings: ["SET LOCAL enable_hashagg = off"])
                guard var result = result(rows, parts: parts, sides: sides, kept: kept, bins: bins) else {
                    throw PostgresError(.protocolViolation, "the drift summary came back in an unexpected shape")
                }
                // The reference-quantile bins' counts in the same snapshot, on the first
                // connection: a few groups, which a hash table holds.
                if let (sql, columns) = quantileCountStatement(statement, result: result, kept: kept) {
                    _ = try connection.query("SET LOCAL enable_hashagg = on")
                    guard result.countQuantileBins(try connection.query(sql).rows, columns: columns) else {
                        throw PostgresError(.protocolViolation, "the drift summary's quantile bins came back in an unexpected shape")
                    }
                }
                return result
            } catch where error.sqlState == "22003" {
                return nil
            }
        } catch {
            throw error.tableReadError(failing.0, at: failing.1)
        }
    }

    /// A column's statement, with what its row is read with.
    struct Part {
        /// The column's position among the statement's.
        var index: Int
        var edges: [Double]
        var scales: (Double, Double)
        /// The reference's order statistics its reference-quantile edges are made of
        /// (``DriftBinning/quantilePositions(count:bins:)``); empty when not asked for.
        var positions: [Int] = []
        var sql: String
    }

    /// The statements of the columns to summarize, from the first statement's rows: every
    /// column with values on both sides but integers spanning at most ``countedSpan``
    /// values (their counts are few) and columns whose range or mean overflows. The
    /// columns at `quantiled` (the statement's) also get their order statistics for
    /// `bins` reference-quantile bins, unless more than ``quantileBinLimit``.
    static func plan(_ statement: DriftPushdownStatement, sides: Sides, quantiled: Set<Int> = [], bins: Int = DriftGateConfig.defaultBins)
        -> [Part]
    {
        var parts: [Part] = []
        for index in sides.reference.columns.indices {
            let (r, c) = (sides.reference.columns[index], sides.current.columns[index])
            guard r.present > 0, c.present > 0 else { continue }
            let low = min(r.minimum, c.minimum), high = max(r.maximum, c.maximum)
            if r.nonIntegers == 0, c.nonIntegers == 0, high - low <= countedSpan { continue }
            let edges = DriftBinning.sturgesEdges(
                low: low, high: high, size: r.present + c.present,
                integerData: r.nonIntegers == 0 && c.nonIntegers == 0 && r.present == sides.reference.rows
                    && c.present == sides.current.rows)
            let mean = r.sum / Double(r.present)
            // Each Wasserstein term is at most its gap (the ECDFs differ by at most 1),
            // each squared deviation at most the farthest value's.
            let farthest = max(abs(low - mean), abs(high - mean))
            guard mean.isFinite, edges.allSatisfy(\.isFinite), (high - low).isFinite, (farthest * farthest).isFinite else { continue }
            let scales = (ExactSum.scale(bound: high - low), ExactSum.scale(bound: Double(r.present) * farthest * farthest))
            let positions = quantiled.contains(index) && bins <= quantileBinLimit
                ? DriftBinning.quantilePositions(count: r.present, bins: bins) : []
            parts.append(Part(
                index: index, edges: edges, scales: scales, positions: positions,
                sql: statement.columnStatement(
                    index, sides: (r.present, c.present), mean: mean, edges: edges, scales: scales, positions: positions)))
        }
        return parts
    }

    /// The summaries from the parts' rows (one each, in order), by the column's position
    /// among the names asked for (`kept`: the statement's columns' positions), with the
    /// reference-quantile edges of the parts with order statistics (for `bins` bins);
    /// nil when a row is not a summary.
    static func result(
        _ rows: [[String?]], parts: [Part], sides: Sides, kept: [Int], bins: Int = DriftGateConfig.defaultBins
    ) -> Result? {
        guard rows.count == parts.count else { return nil }
        var summaries: [Int: NumericDriftSummary] = [:]
        for (part, row) in zip(parts, rows) {
            guard let summary = summary(
                row, sides: sides, index: part.index, edges: part.edges, scales: part.scales, positions: part.positions, bins: bins)
            else { return nil }
            summaries[kept[part.index]] = summary
        }
        return Result(referenceRows: sides.reference.rows, currentRows: sides.current.rows, summaries: summaries)
    }

    /// The first statement's two rows (``DriftPushdownStatement/sidesStatement``).
    struct Sides {
        struct Column {
            var present: Int
            var minimum: Double
            var maximum: Double
            var sum: Double
            var nonIntegers: Int
        }

        struct Side {
            var rows: Int
            var columns: [Column]
        }

        var reference: Side
        var current: Side

        init?(_ rows: [[String?]], columns: Int) {
            var sides: [Int: Side] = [:]
            for row in rows {
                guard row.count == 2 + 5 * columns, let side = row[0].flatMap({ Int($0) }), let count = row[1].flatMap({ Int($0) }),
                    count >= 0
                else { return nil }
                var parsed: [Column] = []
                for index in 0..<columns {
                    let cells = row[(2 + 5 * index)..<(7 + 5 * index)].map { $0 ?? "" }
                    guard let present = Int(cells[cells.startIndex]), let nonIntegers = Int(cells[cells.startIndex + 4]),
                        (0...count).contains(present), (0...present).contains(nonIntegers)
                    else { return nil }
                    // No present value: no minimum, maximum or sum (NULL).
                    parsed.append(Column(
                        present: present, minimum: Double(cells[cells.startIndex + 1]) ?? .nan,
                        maximum: Double(cells[cells.startIndex + 2]) ?? .nan, sum: Double(cells[cells.startIndex + 3]) ?? .nan,
                        nonIntegers: nonIntegers))
                }
                sides[side] = Side(rows: count, columns: parsed)
            }
            guard let reference = sides[0], let current = sides[1] else { return nil }
            (self.reference, self.current) = (reference, current)
        }
    }

    /// A column's summary from its statement's row (``DriftPushdownStatement/columnStatement(_:sides:mean:edges:scales:positions:)``),
    /// with its reference-quantile edges for `bins` bins when the row holds the order
    /// statistics at `positions`.
    static func summary(
        _ row: [String?], sides: Sides, index: Int, edges: [Double], scales: (Double, Double), positions: [Int] = [],
        bins quantileBins: Int = DriftGateConfig.defaultBins
    ) -> NumericDriftSummary? {
        let bins = max(edges.count - 1, 1)
        guard row.count == (positions.isEmpty ? 12 : 13), let ends = binCounts(row[11] ?? "", bins: bins) else { return nil }
        let numbers = row.map { $0.flatMap { Double($0) } }
        let counts = row.map { $0.flatMap { Int($0) } }
        // One value in all: no Wasserstein term (NULL sums).
        guard counts[0] == index, let distinct = counts[1], let referenceDistinct = counts[2], let currentDistinct = counts[3],
            let largest = numbers[4], let smallest = numbers[5],
            let wasserstein = ExactSum.value(whole: row[6], fraction: row[7], scale: scales.0),
            let squares = ExactSum.value(whole: row[8], fraction: row[9], scale: scales.1), let deviations = numbers[10]
        else { return nil }
        let (r, c) = (sides.reference.columns[index], sides.current.columns[index])
        // Every value in one bin, each distinct value counted once: the first statement's counts.
        guard ends.reference.reduce(0, +) == r.present, ends.current.reduce(0, +) == c.present,
            (0...(r.present + c.present)).contains(distinct), (0...min(distinct, r.present)).contains(referenceDistinct),
            (0...min(distinct, c.present)).contains(currentDistinct)
        else { return nil }
        var value: [Int: Double] = [:]
        if !positions.isEmpty {
            guard let statistics = orderStatistics(row[12] ?? "", positions: positions, reference: r) else { return nil }
            value = statistics
        }
        let n = Double(r.present)
        // Σ(v − μ)² = Σ(v − c)² − (Σ(v − c))² / n for the approximate mean c.
        let variance = (squares - deviations * deviations / n) / n
        return NumericDriftSummary(
            reference: .init(
                present: r.present, missing: sides.reference.rows - r.present, integers: r.nonIntegers == 0,
                distinct: referenceDistinct, bins: ends.reference),
            current: .init(
                present: c.present, missing: sides.current.rows - c.present, integers: c.nonIntegers == 0,
                distinct: currentDistinct, bins: ends.current),
            distinct: distinct, largestDifference: largest, smallestDifference: smallest, wasserstein: wasserstein,
            referenceDeviation: max(variance, 0).squareRoot(), edges: edges,
            quantileEdges: positions.isEmpty
                ? nil : DriftBinning.quantileEdges(count: r.present, bins: quantileBins, value: { value[$0] ?? .nan }))
    }

    /// The reference's values at `positions` from the values holding them
    /// (``DriftPushdownStatement/orderStatistics(_:)``: `value before through` per value);
    /// nil when a position is not held or the values are not ascending within the
    /// reference's range.
    static func orderStatistics(_ text: String, positions: [Int], reference: Sides.Column) -> [Int: Double]? {
        var held: [(value: Double, before: Int, through: Int)] = []
        for parts in entries(text) {
            guard parts.count == 3, let value = Double(parts[0]), let before = Int(parts[1]), let through = Int(parts[2]),
                value >= reference.minimum, value <= reference.maximum, 0 <= before, before < through, through <= reference.present
            else { return nil }
            held.append((value, before, through))
        }
        held.sort { $0.before < $1.before }
        guard zip(held, held.dropFirst()).allSatisfy({ $0.through <= $1.before && $0.value < $1.value }) else { return nil }
        var values: [Int: Double] = [:]
        for position in positions {
            guard let holder = held.first(where: { $0.before <= position && position < $0.through }) else { return nil }
            values[position] = holder.value
        }
        return values
    }

    /// The rows of ``DriftPushdownStatement/binEnds``'s text: their values, in order.
    static func entries(_ text: String) -> [[Substring]] {
        text.split(separator: ",").map { $0.split(separator: " ") }
    }

    /// Each bin's values on both sides from the bins' ends (``DriftPushdownStatement/binEnds``):
    /// `bin reference current` running counts, a bin without values left out.
    static func binCounts(_ text: String, bins: Int) -> (reference: [Int], current: [Int])? {
        var ends: [(bin: Int, reference: Int, current: Int)] = []
        for entry in entries(text) {
            let parts = entry.compactMap { Int($0) }
            guard parts.count == 3, (0..<bins).contains(parts[0]) else { return nil }
            ends.append((parts[0], parts[1], parts[2]))
        }
        ends.sort { $0.bin < $1.bin }
        var reference = [Int](repeating: 0, count: bins), current = reference
        var before = (0, 0)
        for end in ends {
            guard end.reference >= before.0, end.current >= before.1 else { return nil }
            reference[end.bin] = end.reference - before.0
            current[end.bin] = end.current - before.1
            before = (end.reference, end.current)
        }
        return (reference, current)
    }
}
