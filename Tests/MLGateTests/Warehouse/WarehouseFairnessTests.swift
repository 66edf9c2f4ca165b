import Foundation
import Testing

@testable import MLGate

/// A fairness gate on a database table folds the rows the server groups as they come
/// (``FairnessContentsConsumer``): a classifier's tallies by group, label and side of the
/// threshold its score falls on, its bootstrap drawn as the rows come in weight order;
/// a regressor's sums by group. The reports are the file mode's (``WarehouseAggregateTests``
/// checks the unweighted gates; this the weighted ones, continuous weights included, and
/// what the consumer keeps).
@Suite struct WarehouseFairnessTests {
    /// The aggregate tests' table: 20,000 rows, scores of three decimals (1,000 values),
    /// weights of three values, two sexes and four regions.
    static let table = "fairness_scored"

    /// The table's classifier with a weight of its own on every row (continuous weights).
    static func continuousQuery(_ table: String) -> String {
        "SELECT label, score, sex, region, 1 + substr(id, 2)::float8 / 7 AS cw FROM \(table)"
    }

    static func config(_ input: String, continuous: String) -> String {
        """
        version: 1
        gates:
          - name: continuous
            kind: fairness
            predictions: \(continuous)
            task: binary
            label: label
            score: score
            threshold: 0.5
            weight: cw
            sensitive: [sex, region]
            reference: {sex: M, region: north}
            confidence: 0.9
            bootstrap: {resamples: 120, seed: 5}
            checks: [{check: demographic_parity_difference, max: 1}, {check: equal_opportunity_difference, min: -1},
              {check: group_difference, metric: false_positive_rate, max: 1, method: to_overall}]
          - name: weighted
            kind: fairness
            predictions: \(input)
            task: binary
            label: label
            score: score
            threshold: 0.4
            weight: w
            sensitive: [sex, region]
            min_group_size: 50
            reference: {sex: F, region: east}
            confidence: 0.8
            bootstrap: {resamples: 150, seed: 21}
            checks: [{check: demographic_parity_ratio, min: 0}, {check: equalized_odds_difference, max: 1, agg: mean},
              {check: average_odds_difference, min: -1}, {check: group_ratio, metric: precision, min: 0}]
          - name: weighted-regression
            kind: fairness
            predictions: \(input)
            task: regression
            label: target
            prediction: estimate
            weight: w
            sensitive: [sex]
            checks: [{check: group_ratio, metric: mean_prediction, min: 0}, {check: group_difference, metric: mean_absolute_error, max: 100}]

        """
    }

    @Test func weightedGatesMatchFileMode() async throws {
        let server = try PostgresTestServer.shared.get()
        let folder = try WarehouseAggregateTests.prepare(server, as: Self.table)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = server.url()
        let query = Self.continuousQuery(Self.table)
        try server.export("(\(query))", to: folder.appendingPathComponent("continuous.csv"))
        let fromFile = await GateRunner(
            config: try ConfigLoader.parse(Self.config("scored.csv", continuous: "continuous.csv"), file: "f.yml", directory: folder)
        ).run().withFixedTimes()
        let fromServer = await GateRunner(
            config: try ConfigLoader.parse(
                Self.config("'\(url)#\(Self.table)'", continuous: "{database: '\(url)', query: \"\(query)\"}"), file: "f.yml",
                directory: folder)
        ).run().withFixedTimes()
        #expect(fromFile.gates.allSatisfy { gate in gate.checks.allSatisfy { $0.outcome != .error } }, "\(fromFile.gates)")
        for gate in fromServer.gates {
            let input = try #require(gate.checks.first)
            #expect(input.message.contains(": 20000 rows ("), "\(gate.name): \(input.message)")
        }
        for (gate, count) in [(0, 3), (1, 4)] {
            let intervals = fromServer.gates[gate].checks.filter { $0.measurements.contains { $0.name == "ci_low" } }
            #expect(intervals.count == count, "\(fromServer.gates[gate].checks.map(\.message))")
        }
        // Every continuous weight is a content of its own, which the server's read drew as it came.
        let continuous = try #require(fromServer.gates[0].checks.first)
        #expect(continuous.message.contains(": 20000 rows (20000 distinct rows counted by the server)"), "\(continuous.message)")
        var compared = 0
        let display = postgresDisplay(url: url)
        expectSameNumbers(
            try reportJSON(fromFile),
            try reportJSON(fromServer, renaming: [("\(display)#\(Self.table)", "scored.csv"), ("\(display)#query", "continuous.csv")]),
            path: "report", compared: &compared)
        #expect(compared > 50, "\(compared) numbers compared")
    }

    /// The consumer keeps a classifier's tallies by group, label and side of the
    /// threshold, not the server's rows; with a bootstrap it draws the rows as they come
    /// in descending weight order (and gives up on rows out of that order); a regressor's
    /// rows become one sum per group.
    @Test func theConsumerKeepsTalliesNotRows() throws {
        let server = try PostgresTestServer.shared.get()
        let name = "fairness_folded"
        let folder = try WarehouseAggregateTests.prepare(server, as: name)
        defer { try? FileManager.default.removeItem(at: folder) }
        func fold(
            _ columns: PredictionColumns, relation: DatabaseTable.Relation = .table(name), _ grouping: DatabaseTable.Grouping = .rows,
            bootstrap: BootstrapSettings? = nil
        ) throws -> (FairnessContentsConsumer.Folded?, slots: Int) {
            var columns = columns
            columns.multiplicity = DatabaseTable.rowCountColumn
            let table = DatabaseTable(connection: server.url(), relation: relation).grouped(grouping, reading: "\(columns)")
            var reader = try PostgresTableReader(table, location: SourceLocation(file: "f.yml"))
            var consumer = try FairnessContentsConsumer(columns: columns, header: reader.columns, path: name, bootstrap: bootstrap)
            reader.keptColumns = consumer.columnsRead
            try consumer.consume(&reader)
            #expect(consumer.loader.labels.count == 0 && consumer.loader.targets.count == 0)
            return (try consumer.finish(), consumer.slotCount)
        }
        let columns = PredictionColumns(task: .binary, label: "label", scores: .column("score"), weight: "w", slices: ["sex", "region"])
        let (folded, slots) = try fold(columns)
        let binary = try #require(folded)
        #expect(binary.rows == 20000 && binary.distinctRows > 4000, "\(binary.distinctRows) rows sent")
        guard case .classification(let table, let drawn) = binary.contents else {
            Issue.record("not a classifier's tallies")
            return
        }
        // Labels × sides × (8 groups and the whole table).
        #expect(slots <= 2 * 2 * 9 && drawn == nil, "\(slots) slots")
        #expect(table.groups.count == 8 && table.overall.count == 20000 && table.groups.reduce(0) { $0 + $1.rates.count } == 20000)

        // A weight per row, drawn in weight order: as many slots, every resample drawn.
        var weighted = columns
        weighted.weight = "cw"
        let query = DatabaseTable.Relation.query(WarehouseFairnessTests.continuousQuery(name))
        let settings = BootstrapSettings(resamples: 30, seed: 3)
        let (ordered, orderedSlots) = try fold(weighted, relation: query, .ordered(.descending(["cw"])), bootstrap: settings)
        guard case .classification(_, let drawnRows)? = ordered?.contents, let drawnRows else {
            Issue.record("the rows in weight order were not drawn")
            return
        }
        #expect(ordered?.distinctRows == 20000 && orderedSlots <= 2 * 2 * 9, "\(orderedSlots) slots")
        #expect(drawnRows.resamples == 30 && Set(drawnRows.parts.flatMap { Array($0.resamples) }) == Set(0..<30))
        // The same rows not in weight order cannot be drawn as in memory.
        let (unordered, _) = try fold(weighted, relation: query, .rows, bootstrap: settings)
        #expect(unordered == nil)

        let regression = try #require(
            try fold(PredictionColumns(task: .regression, label: "target", prediction: "estimate", weight: "w", slices: ["region"])).0)
        guard case .regression(let keys, let sums, let overall) = regression.contents else {
            Issue.record("not a regressor's sums")
            return
        }
        #expect(regression.distinctRows > 4000 && keys.count == 4 && sums.count == 4 && overall.count == 20000)
    }
}
