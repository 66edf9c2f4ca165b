import Foundation
import Testing

@testable import MLGate

/// A fairness gate on a database table folds the rows the server groups as they come
/// (``FairnessContentsConsumer``): a classifier's distinct contents (label, the side of
/// the threshold its score falls on, weight, group) with their counts, a regressor's
/// sums by group. The reports are the file mode's (``WarehouseAggregateTests`` checks
/// the unweighted gates; this the weighted ones and what the consumer keeps).
@Suite struct WarehouseFairnessTests {
    /// The aggregate tests' table: 20,000 rows, scores of three decimals (1,000 values),
    /// weights of three values, two sexes and four regions.
    static let table = "fairness_scored"

    static func config(_ input: String) -> String {
        """
        version: 1
        gates:
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
        let fromFile = await GateRunner(config: try ConfigLoader.parse(Self.config("scored.csv"), file: "f.yml", directory: folder)).run()
            .withFixedTimes()
        let fromServer = await GateRunner(config: try ConfigLoader.parse(Self.config("'\(url)#\(Self.table)'"), file: "f.yml", directory: folder))
            .run().withFixedTimes()
        #expect(fromFile.gates.allSatisfy { gate in gate.checks.allSatisfy { $0.outcome != .error } }, "\(fromFile.gates)")
        for gate in fromServer.gates {
            let input = try #require(gate.checks.first)
            #expect(input.message.contains(": 20000 rows ("), "\(gate.name): \(input.message)")
        }
        let intervals = fromServer.gates[0].checks.filter { $0.measurements.contains { $0.name == "ci_low" } }
        #expect(intervals.count == 4, "\(fromServer.gates[0].checks.map(\.message))")
        var compared = 0
        let display = postgresDisplay(url: url)
        expectSameNumbers(
            try reportJSON(fromFile), try reportJSON(fromServer, renaming: [("\(display)#\(Self.table)", "scored.csv")]), path: "report",
            compared: &compared)
        #expect(compared > 50, "\(compared) numbers compared")
    }

    /// The consumer keeps a classifier's contents, not the server's rows: 1,000 scores
    /// fall on two sides of the threshold, so at most labels × sides × weights × groups
    /// contents remain; a regressor's rows become one sum per group.
    @Test func theConsumerKeepsContentsNotRows() throws {
        let server = try PostgresTestServer.shared.get()
        let name = "fairness_folded"
        let folder = try WarehouseAggregateTests.prepare(server, as: name)
        defer { try? FileManager.default.removeItem(at: folder) }
        func fold(_ columns: PredictionColumns) throws -> FairnessContentsConsumer.Folded {
            var columns = columns
            columns.multiplicity = DatabaseTable.rowCountColumn
            let table = DatabaseTable(connection: server.url(), relation: .table(name)).grouped(.rows, reading: "\(columns)")
            var reader = try PostgresTableReader(table, location: SourceLocation(file: "f.yml"))
            var consumer = try FairnessContentsConsumer(columns: columns, header: reader.columns, path: name)
            reader.keptColumns = consumer.columnsRead
            try consumer.consume(&reader)
            #expect(consumer.loader.labels.count == 0 && consumer.loader.targets.count == 0)
            return try #require(try consumer.finish())
        }
        let binary = try fold(PredictionColumns(task: .binary, label: "label", scores: .column("score"), weight: "w", slices: ["sex", "region"]))
        #expect(binary.rows == 20000 && binary.distinctRows > 4000, "\(binary.distinctRows) rows sent")
        guard case .classification(let labels, let predicted, let weights, let groups, let counts) = binary.contents else {
            Issue.record("not a classifier's contents")
            return
        }
        #expect(labels.count <= 2 * 2 * 3 * 8 && predicted.count == labels.count && weights?.count == labels.count, "\(labels.count) contents")
        #expect(groups.keys.count == 8 && counts.reduce(0) { $0 + Int($1) } == 20000)
        let regression = try fold(PredictionColumns(task: .regression, label: "target", prediction: "estimate", weight: "w", slices: ["region"]))
        guard case .regression(let keys, let sums, let overall) = regression.contents else {
            Issue.record("not a regressor's sums")
            return
        }
        #expect(regression.distinctRows > 4000 && keys.count == 4 && sums.count == 4 && overall.count == 20000)
    }
}
