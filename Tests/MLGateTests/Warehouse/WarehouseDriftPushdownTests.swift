import Foundation
import Testing

@testable import MLGate

/// Drift between two relations of one server, whose numeric columns the server
/// summarizes (``DriftPushdown``): the report is the file mode's on the same rows, to
/// 1e-12 — ties, NULL, NaN and infinities, `numeric`, `real` and `bigint` columns, a
/// reference of at most 1,000 values (`ks`, exact p-values), forced methods and the
/// asymptotic `ks_method` — and the columns whose test needs their values (a reference of
/// few distinct values, a current side of few integers, an overflow) are counted instead.
@Suite struct WarehouseDriftPushdownTests {
    static let table = """
        DROP TABLE IF EXISTS drift_pushed;
        CREATE TABLE drift_pushed AS SELECT i AS id,
          CASE WHEN i % 97 = 0 THEN NULL WHEN i % 89 = 0 THEN 'NaN'::float8 WHEN i % 83 = 0 THEN 'Infinity'::float8
            WHEN i % 79 = 0 THEN '-Infinity'::float8 ELSE round((((i * 7919) % 10007) / 7.0)::numeric, 2)::float8 END AS x,
          (((i * 104729) % 100003)::numeric / 1000)::numeric(12, 3) AS dec,
          ((((i * 31) % 4001) / 8.0)::float4) AS r4,
          ((i * 7) % 50000)::int8 AS big,
          CASE WHEN i % 50 = 0 THEN NULL ELSE (i * 13) % 30000 END AS sparse,
          (i % 15)::float8 AS few,
          ((i * 37) % 20000)::int AS cats,
          CASE WHEN i % 2 = 0 THEN 1e300 ELSE -1e300 END::float8 AS huge,
          (ARRAY['a', 'b', 'c'])[i % 3 + 1] AS label
        FROM generate_series(1, 6000) AS i;
        """

    /// The current rows: a part of the table, shifted; `few` and `cats` turned into many
    /// distinct values and into seven integers.
    static let currentQuery = "SELECT id, x * 1.05 AS x, dec + 1 AS dec, r4, big + 100 AS big, sparse, few + (id % 1000) / 1000.0 AS few, "
        + "(id % 7)::int AS cats, huge, label FROM drift_pushed WHERE id > 2000"
    static let smallReference = "SELECT * FROM drift_pushed WHERE id <= 900"

    static func config(reference: String, small: String, current: String) -> String {
        """
        version: 1
        gates:
          - {name: auto, kind: drift, reference: \(reference), current: \(current), exclude: [id], drift_share: 0.9}
          - {name: small, kind: drift, reference: \(small), current: \(current), exclude: [id], drift_share: 0.9}
          - {name: forced, kind: drift, reference: \(reference), current: \(current), ks_method: asymp, numeric: [cats], drift_share: 0.9,
             columns: [{name: x, method: ks}, {name: dec, method: wasserstein, threshold: 0.2}, {name: big, method: ks}, {name: cats, method: ks},
               {name: sparse, method: psi}]}

        """
    }

    @Test func theServersSummariesGiveTheFileModesReport() async throws {
        let server = try PostgresTestServer.shared.get()
        try server.psql(Self.table)
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try server.export("drift_pushed", to: folder.appendingPathComponent("reference.csv"))
        try server.export("(\(Self.smallReference))", to: folder.appendingPathComponent("small.csv"))
        try server.export("(\(Self.currentQuery))", to: folder.appendingPathComponent("current.csv"))
        let url = server.url()
        let fromFile = await GateRunner(
            config: try ConfigLoader.parse(
                Self.config(reference: "reference.csv", small: "small.csv", current: "current.csv"), file: "d.yml", directory: folder)
        ).run().withFixedTimes()
        let fromServer = await GateRunner(
            config: try ConfigLoader.parse(
                Self.config(
                    reference: "'\(url)#drift_pushed'", small: "{database: '\(url)', query: '\(Self.smallReference)'}",
                    current: "{database: '\(url)', query: '\(Self.currentQuery)'}"),
                file: "d.yml", directory: folder)
        ).run().withFixedTimes()
        #expect(fromFile.gates.allSatisfy { gate in gate.checks.allSatisfy { $0.outcome != .error } }, "\(fromFile.gates.map { $0.checks.map(\.message) })")

        // What the server summarized: the continuous columns (`huge` overflows, and
        // `few` and `cats` need their values, so the server counts those; `sparse` under
        // `psi` in reference-quantile bins).
        let summarized = ["auto": "x, dec, r4, big, sparse", "small": "x, dec, r4, big, sparse", "forced": "x, dec, big, cats, sparse"]
        for gate in fromServer.gates {
            let input = try #require(gate.checks.first).message
            #expect(input.contains("compared (\(summarized[gate.name]!) summarized by the server)"), "\(gate.name): \(input)")
        }
        // Each method the file mode chose, and the exact p-values of the small reference.
        let methods = fromFile.gates.flatMap { gate in gate.checks.dropFirst().map { "\(gate.name).\($0.name): \($0.message)" } }
        for expected in ["auto.x: wasserstein", "small.x: ks", "forced.x: ks", "forced.cats: ks", "auto.few: wasserstein", "auto.cats: jensenshannon", "small.cats: chisquare"] {
            #expect(methods.contains { $0.hasPrefix(expected) }, "\(expected): \(methods)")
        }
        #expect(fromFile.gates[1].checks.contains { $0.measurements.contains { $0.name == "exact" && $0.value == 1 } })

        let display = postgresDisplay(url: url)
        // The queries' names: a query is `#query`.
        let fileJSON = try reportJSON(fromFile, renaming: [("small.csv", "\(display)#query"), ("current.csv", "\(display)#query")])
        let serverJSON = try reportJSON(fromServer, renaming: [("\(display)#drift_pushed", "reference.csv")])
        var compared = 0
        expectSameNumbers(fileJSON, serverJSON, path: "report", compared: &compared)
        #expect(compared > 500, "\(compared) numbers compared")
    }

    /// `psi` and `jensenshannon` named on numeric columns: the server gives the
    /// reference's order statistics and both sides' counts up to each edge of the
    /// reference-quantile bins, and the report is the file mode's — ties that merge
    /// edges, missing cells, a reference of at most 1,000 values, 4 and 10 bins; more
    /// bins than ``DriftPushdown/quantileBinLimit`` are counted.
    @Test func referenceQuantileBinsFromTheServer() async throws {
        let server = try PostgresTestServer.shared.get()
        try server.psql("""
            DROP TABLE IF EXISTS drift_binned;
            CREATE TABLE drift_binned AS SELECT i AS id,
              CASE WHEN i % 3 = 0 THEN 2.5 WHEN i % 7 = 0 THEN NULL ELSE (i % 97) + 0.25 END::float8 AS tied,
              CASE WHEN i % 89 = 0 THEN 'NaN'::float8 WHEN i % 83 = 0 THEN 'Infinity'::float8
                ELSE (((i * 7919) % 10007) / 7.0)::float8 END AS x,
              (((i * 104729) % 100003)::numeric / 1000)::numeric(12, 3) AS n,
              ((i * 7) % 50000)::int8 AS big
            FROM generate_series(1, 5000) AS i;
            """)
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let current = "SELECT id, tied * 1.1 AS tied, x + 40 AS x, n, big * 2 AS big FROM drift_binned WHERE id > 1500"
        let small = "SELECT * FROM drift_binned WHERE id <= 800"
        try server.export("drift_binned", to: folder.appendingPathComponent("reference.csv"))
        try server.export("(\(small))", to: folder.appendingPathComponent("small.csv"))
        try server.export("(\(current))", to: folder.appendingPathComponent("current.csv"))
        func config(_ reference: String, _ small: String, _ current: String) -> String {
            """
            version: 1
            gates:
              - {name: psi, kind: drift, reference: \(reference), current: \(current), exclude: [id], method: psi, drift_share: 0.9}
              - {name: mixed, kind: drift, reference: \(reference), current: \(current), bins: 4, drift_share: 0.9,
                 columns: [{name: x, method: jensenshannon}, {name: tied, method: psi}, {name: n, method: jensenshannon}, big]}
              - {name: small, kind: drift, reference: \(small), current: \(current), exclude: [id], method: jensenshannon, drift_share: 0.9}
              - {name: many, kind: drift, columns: [x], method: psi, bins: 1500, reference: \(reference), current: \(current)}

            """
        }
        let url = server.url()
        let fromFile = await GateRunner(
            config: try ConfigLoader.parse(config("reference.csv", "small.csv", "current.csv"), file: "d.yml", directory: folder)
        ).run().withFixedTimes()
        let fromServer = await GateRunner(
            config: try ConfigLoader.parse(
                config("'\(url)#drift_binned'", "{database: '\(url)', query: '\(small)'}", "{database: '\(url)', query: '\(current)'}"),
                file: "d.yml", directory: folder)
        ).run().withFixedTimes()
        #expect(fromFile.gates.allSatisfy { gate in gate.checks.allSatisfy { $0.outcome != .error } }, "\(fromFile.gates.map { $0.checks.map(\.message) })")
        let summarized = ["psi": "tied, x, n, big", "mixed": "x, tied, n, big", "small": "tied, x, n, big"]
        for gate in fromServer.gates {
            let input = try #require(gate.checks.first).message
            if let columns = summarized[gate.name] {
                #expect(input.contains("compared (\(columns) summarized by the server)"), "\(gate.name): \(input)")
            } else {
                #expect(input.contains("summarized by the server") == false, "\(gate.name): \(input)")
            }
        }
        // The methods named, and edges merged by the ties (`tied`: fewer bins than asked).
        let methods = fromFile.gates.flatMap { gate in gate.checks.dropFirst().map { "\(gate.name).\($0.name): \($0.message)" } }
        for expected in ["psi.x: psi", "mixed.x: jensenshannon", "mixed.tied: psi", "mixed.big: wasserstein", "small.n: jensenshannon"] {
            #expect(methods.contains { $0.hasPrefix(expected) }, "\(expected): \(methods)")
        }
        var tied: [Double] = []
        for i in 1...5000 where i % 3 == 0 || i % 7 != 0 { tied.append(i % 3 == 0 ? 2.5 : Double(i % 97) + 0.25) }
        let tiedEdges = DriftBinning.quantileEdges(sortedReference: tied.sorted(), bins: 10)
        #expect(tiedEdges.count < 9, "\(tiedEdges)")

        let display = postgresDisplay(url: url)
        let fileJSON = try reportJSON(fromFile, renaming: [("small.csv", "\(display)#query"), ("current.csv", "\(display)#query")])
        let serverJSON = try reportJSON(fromServer, renaming: [("\(display)#drift_binned", "reference.csv")])
        var compared = 0
        expectSameNumbers(fileJSON, serverJSON, path: "report", compared: &compared)
        #expect(compared > 300, "\(compared) numbers compared")
    }

    /// The quantile bins' counts are checked before they are believed: a row per side,
    /// column and bin in range, adding up to the present values; so are the
    /// values holding the order statistics (each position held, ascending, in range).
    @Test func quantileCountsThatDisagreeAreRefused() {
        let column = DriftPushdown.Sides.Column(present: 10, minimum: 1, maximum: 9, sum: 50, nonIntegers: 10)
        let held = DriftPushdown.orderStatistics("4.5 5 8,1.25 0 2", positions: [0, 1, 5, 7], reference: column)
        #expect(held == [0: 1.25, 1: 1.25, 5: 4.5, 7: 4.5])
        for refused in ["4.5 5 8", "4.5 5 8,1.25 0 6", "4.5 0 2,1.25 5 8", "1.25 0 2,9.5 5 8", "1.25 0 2,4.5 5 11", "1.25 0 x"] {
            #expect(DriftPushdown.orderStatistics(refused, positions: [0, 1, 5, 7], reference: column) == nil, "\(refused)")
        }
        let side = NumericDriftSummary.Side(present: 9, missing: 0, integers: false, distinct: 9, bins: [9])
        let summary = NumericDriftSummary(
            reference: side, current: side, distinct: 9, largestDifference: 0, smallestDifference: 0, wasserstein: 0,
            referenceDeviation: 1, edges: [0, 1], quantileEdges: [1.5, 4])
        var result = DriftPushdown.Result(referenceRows: 9, currentRows: 9, summaries: [3: summary])
        let columns: [DriftPushdown.QuantileColumn] = [(3, 0, [1.5, 4])]
        // Bins counted from the top: 2 is (−∞, 1.5], 0 is (4, ∞); −1 the missing values.
        let rows: [[String?]] = [["0", "2", "2"], ["0", "1", "3"], ["0", "0", "4"], ["1", "1", "9"], ["1", "-1", "4"]]
        var refused = result
        let short = refused.countQuantileBins(Array(rows.dropFirst()), columns: columns)
        let twice = refused.countQuantileBins(rows + [["1", "1", "0"]], columns: columns)
        let outside = refused.countQuantileBins(rows + [["1", "3", "0"]], columns: columns)
        let counted = result.countQuantileBins(rows, columns: columns)
        #expect(short == false && twice == false && outside == false && counted)
        #expect(result.summaries[3]?.quantileBins == DriftHistogram(referenceCounts: [2, 3, 4], currentCounts: [0, 9, 0]))
    }

    /// A value that overflows a double (SQLSTATE 22003 in the sides' statement): the
    /// server counts the values instead, and the report is the file mode's.
    @Test func anOverflowIsCounted() async throws {
        let server = try PostgresTestServer.shared.get()
        try server.psql("""
            DROP TABLE IF EXISTS drift_vast;
            CREATE TABLE drift_vast AS SELECT i AS id, CASE WHEN i = 5 THEN 1e400 ELSE i * 1.5 END::numeric AS v FROM generate_series(1, 3000) AS i;
            """)
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try server.export("drift_vast", to: folder.appendingPathComponent("vast.csv"))
        let query = "SELECT id, v + 1 AS v FROM drift_vast WHERE id > 1000"
        try server.export("(\(query))", to: folder.appendingPathComponent("current.csv"))
        func config(_ reference: String, _ current: String) -> String {
            "version: 1\ngates:\n  - {name: d, kind: drift, reference: \(reference), current: \(current), exclude: [id]}\n"
        }
        let url = server.url()
        let fromFile = await GateRunner(config: try ConfigLoader.parse(config("vast.csv", "current.csv"), file: "d.yml", directory: folder)).run()
        let fromServer = await GateRunner(
            config: try ConfigLoader.parse(config("'\(url)#drift_vast'", "{database: '\(url)', query: '\(query)'}"), file: "d.yml", directory: folder)
        ).run()
        let file = fromFile.gates[0].checks, pushed = fromServer.gates[0].checks
        #expect(pushed.first?.message.contains("summarized by the server") == false, "\(pushed.first?.message ?? "")")
        #expect(pushed.first?.message.contains("values counted by the server") == true, "\(pushed.first?.message ?? "")")
        #expect(file.count == pushed.count && file.count == 3)
        for (a, b) in zip(file, pushed).dropFirst() {
            #expect(a.message == b.message && a.measurements == b.measurements, "\(a.message) / \(b.message)")
        }
    }

    /// The statements' text: the sides' counts, and one column's walk up the union of
    /// both sides' distinct values.
    @Test func statementText() throws {
        let dialect = PostgreSQLDialect()
        let columns = [PostgresConnection.Column(name: "a", typeOID: 701), PostgresConnection.Column(name: "t", typeOID: 25)]
        let (statement, kept) = try #require(
            dialect.driftStatement(
                reference: .table("r"), referenceColumns: columns, current: .query("SELECT * FROM c"), currentColumns: columns,
                names: ["t", "a"]))
        #expect(kept == [1])
        let finite = "CASE WHEN \"a\" IN ('NaN', 'Infinity', '-Infinity') THEN NULL ELSE \"a\" END"
        #expect(
            statement.sidesStatement
                == "SELECT 0, count(*), count(v0), min(v0), max(v0), sum(v0), sum(CASE WHEN v0 IS NULL THEN 0 ELSE i0 END) FROM (SELECT \(finite) AS v0, CASE WHEN (\"a\" <> trunc(\"a\") OR abs(\"a\") >= '1e15'::float8) THEN 1 ELSE 0 END AS i0 FROM \"r\") AS mlgate_side"
                + " UNION ALL SELECT 1, count(*), count(v0), min(v0), max(v0), sum(v0), sum(CASE WHEN v0 IS NULL THEN 0 ELSE i0 END) FROM (SELECT \(finite) AS v0, CASE WHEN (\"a\" <> trunc(\"a\") OR abs(\"a\") >= '1e15'::float8) THEN 1 ELSE 0 END AS i0 FROM (SELECT * FROM c) AS mlgate_query) AS mlgate_side")
        let column = statement.columnStatement(0, sides: (10, 20), mean: 1.5, edges: [0, 1, 2, 3], scales: (0x1p58, 0x1p40))
        #expect(column.hasPrefix("SELECT 0, count(*), count(*) FILTER (WHERE nr > 0), count(*) FILTER (WHERE nc > 0), max(d), min(d), sum((tw)::int8), "))
        #expect(column.contains("width_bucket(v, '{1.0,2.0}'::float8[]) AS b, width_bucket(nv, '{1.0,2.0}'::float8[]) AS nb"))
        #expect(column.contains("cr / '10.0'::float8 - cc / '20.0'::float8 AS d"))
        #expect(column.contains("string_agg(concat_ws(' ', (b)::int8, (cr)::int8, (cc)::int8), ',') FILTER (WHERE nv IS NULL OR nb <> b)"))
        // The values holding the reference's order statistics 2 and 7, and the counts up to two edges.
        let quantiled = statement.columnStatement(0, sides: (10, 20), mean: 1.5, edges: [0, 1, 2, 3], scales: (0x1p58, 0x1p40), positions: [2, 7])
        #expect(quantiled == column.replacingOccurrences(of: " FROM (SELECT *, abs(d)", with: ", string_agg(concat_ws(' ', v, (cr - nr)::int8, (cr)::int8), ',') FILTER (WHERE width_bucket(cr - nr, '{3.0,8.0}'::float8[]) <> width_bucket(cr, '{3.0,8.0}'::float8[])) FROM (SELECT *, abs(d)"))
        let bins = "CASE WHEN v0 IS NULL THEN -1 ELSE width_bucket(-v0, '{-4.0,-1.5}'::float8[]) END AS b0"
        #expect(
            statement.quantileCountStatement([(0, [1.5, 4])])
                == "SELECT s, b0, count(*) FROM (SELECT 0 AS s, \(bins) FROM (SELECT \(finite) AS v0 FROM \"r\") AS mlgate_side"
                + " UNION ALL SELECT 1 AS s, \(bins) FROM (SELECT \(finite) AS v0 FROM (SELECT * FROM c) AS mlgate_query) AS mlgate_side) AS mlgate_binned GROUP BY GROUPING SETS ((s, b0))")
    }

    /// Bins' ends as running counts give each bin's values; a bin without values counts 0.
    @Test func binCountsFromTheirEnds() {
        let counts = DriftPushdown.binCounts("2 7 9,0 3 0", bins: 4)
        #expect(counts?.reference == [3, 0, 4, 0] && counts?.current == [0, 0, 9, 0])
        #expect(DriftPushdown.binCounts("0 3 1,1 2 5", bins: 2) == nil)
        #expect(DriftPushdown.binCounts("4 1 1", bins: 2) == nil)
    }

    /// The server's rows are checked against each other before they are believed: a
    /// summary whose bins, distinct counts or present values disagree is refused (the
    /// gate then reports the shape as an error, never a wrong number or a crash).
    @Test func aSummaryThatDisagreesWithItselfIsRefused() throws {
        let sides = try #require(DriftPushdown.Sides([["0", "10", "8", "1.5", "9.5", "40", "0"], ["1", "5", "5", "2", "7", "20", "0"]], columns: 1))
        #expect(sides.reference.columns[0].present == 8 && sides.current.rows == 5)
        let edges = [1.5, 5.5, 9.5], scales = (1.0, 1.0)
        func row(_ distinct: String, _ ends: String) -> [String?] { ["0", distinct, "6", "4", "0.2", "-0.1", "3", "0", "12", "0", "0.5", ends] }
        let good = try #require(DriftPushdown.summary(row("9", "0 3 1,1 8 5"), sides: sides, index: 0, edges: edges, scales: scales))
        #expect(good.reference.bins == [3, 5] && good.current.bins == [1, 4] && good.distinct == 9 && good.wasserstein == 3)
        #expect(abs(good.referenceDeviation - ((12 - 0.25 / 8) / 8).squareRoot()) < 1e-15)
        // Bins that do not hold every present value, a distinct count beyond the values, a count that is no integer.
        #expect(DriftPushdown.summary(row("9", "0 3 1,1 7 5"), sides: sides, index: 0, edges: edges, scales: scales) == nil)
        #expect(DriftPushdown.summary(row("14", "0 3 1,1 8 5"), sides: sides, index: 0, edges: edges, scales: scales) == nil)
        #expect(DriftPushdown.summary(row("1e300", "0 3 1,1 8 5"), sides: sides, index: 0, edges: edges, scales: scales) == nil)
        // More present values than rows, or a side missing.
        #expect(DriftPushdown.Sides([["0", "10", "11", "1.5", "9.5", "40", "0"], ["1", "5", "5", "2", "7", "20", "0"]], columns: 1) == nil)
        #expect(DriftPushdown.Sides([["0", "10", "8", "1.5", "9.5", "40", "0"]], columns: 1) == nil)
    }

    /// A fixed-point sum's two parts give the sum of the terms.
    @Test func exactSumsOfTheParts() {
        let scale = ExactSum.scale(bound: 3000)
        #expect(scale * 3000 < 0x1p61 && scale * 3000 >= 0x1p60)
        let terms = [1e-9, 2999.5, 0.25, 1.0 / 3]
        let wholes = terms.map { ($0 * scale).rounded() }
        let fractions = zip(terms, wholes).map { (($0 * scale - $1) * ExactSum.fractionScale).rounded() }
        let whole = String(format: "%.0f", wholes.reduce(0, +)), fraction = String(format: "%.0f", fractions.reduce(0, +))
        let value = try? #require(ExactSum.value(whole: whole, fraction: fraction, scale: scale))
        #expect(abs((value ?? 0) - terms.reduce(0, +)) <= 1e-15 * 3000)
        #expect(ExactSum.value(whole: nil, fraction: nil, scale: 1) == 0)
        #expect(ExactSum.value(whole: "1e5", fraction: "0", scale: 1) == nil)
    }
}
