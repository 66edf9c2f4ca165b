import Foundation
import Testing

@testable import MLGate

/// Drift on database tables whose numbers outgrow the spill budget: each column's values,
/// counted by the server, go to disk in sorted runs and are read back merged
/// (docs/warehouse.md, "Drift in constant memory"), and the report is the file mode's.
@Suite(.serialized) struct WarehouseDriftSpillTests {
    /// A budget of one value: every numeric column of the 20,000-row table spills.
    static let budget = 1

    /// The aggregate tests' table under a name of its own, and its current rows.
    static let name = "spill_scored"
    static let currentQuery = WarehouseAggregateTests.currentQuery.replacingOccurrences(of: "scored", with: name)

    @Test func spilledColumnsGiveTheFileModesReport() async throws {
        let server = try PostgresTestServer.shared.get()
        let folder = try WarehouseAggregateTests.prepare(server, as: Self.name)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = server.url()
        // The current rows through another connection string: the server cannot be known
        // to hold both tables, so it counts each column's values rather than summarize it.
        let currentURL = url + "&application_name=mlgate-current"
        // The two drift gates of the aggregate tests' config (every method, every column).
        func driftGates(_ text: String) -> String { String(text[..<text.range(of: "  - name: binary")!.lowerBound]) }
        let fileConfig = try ConfigLoader.parse(
            driftGates(WarehouseAggregateTests.config("scored.csv", current: "current.csv")), file: "file.yml", directory: folder)
        let dbConfig = try ConfigLoader.parse(
            driftGates(WarehouseAggregateTests.config(
                "'\(url)#\(Self.name)'", current: "{database: '\(currentURL)', query: \"\(Self.currentQuery)\"}")),
            file: "file.yml", directory: folder)
        let fromFile = await GateRunner(config: fileConfig).run().withFixedTimes()
        let fromServer = await DriftCollector.$serverSpillBudget.withValue(Self.budget) {
            await GateRunner(config: dbConfig).run().withFixedTimes()
        }
        #expect(fromServer.gates.count == 2)
        #expect(fromFile.gates.allSatisfy { gate in gate.checks.allSatisfy { $0.outcome != .error } }, "\(fromFile.gates)")

        let display = postgresDisplay(url: url)
        #expect(!String(decoding: try JSONRenderer().render(fromServer), as: UTF8.self).contains("summarized by the server"))
        let fileJSON = try reportJSON(fromFile)
        let serverJSON = try reportJSON(
            fromServer, renaming: [("\(display)#\(Self.name)", "scored.csv"), ("\(postgresDisplay(url: currentURL))#query", "current.csv")])
        var compared = 0
        expectSameNumbers(fileJSON, serverJSON, path: "report", compared: &compared)
        #expect(compared > 100, "\(compared) numbers compared")
    }

    /// The drift read of the table under the budget: its numeric columns are on disk,
    /// every row's value once, ascending.
    @Test func theCountedValuesGoToDisk() async throws {
        let server = try PostgresTestServer.shared.get()
        let folder = try WarehouseAggregateTests.prepare(server, as: Self.name)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = TableInput(database: DatabaseTable(connection: server.url(), relation: .table(Self.name)), location: SourceLocation(file: "t.yml"))
        let header = try input.readHeader()
        let positions = ["score", "target", "region"].map { header.firstIndex(of: $0)! }
        let read = await DriftCollector.$serverSpillBudget.withValue(Self.budget) {
            await SharedScan.read([DriftGate.demand(input, positions: positions)])
        }
        var tables = ScannedTables(results: read)
        var collector = try tables.take(0, as: DriftCollector.self)
        collector.settle()
        #expect(collector.rows == 20000 && collector.samples.allSatisfy { $0.spillLimit == DriftCollector.smallestSpill })
        for slot in 0..<2 {
            var sample = collector.samples[slot]
            sample.sortStoredNumbers()
            let spilled = try #require(sample.spilled, "column \(slot)")
            let values = spilled.allValues()
            #expect(values.count == 20000 && zip(values, values.dropFirst()).allSatisfy { $0 <= $1 })
        }
        #expect(collector.samples[2].spilled == nil && collector.samples[2].categories.count == 4)
    }

    /// A reference profile of the table under the budget (its numbers read back from disk)
    /// is the profile of the same rows as a file: values, quantiles, mean and deviation.
    @Test func aProfileOfTheTableIsTheFilesProfile() async throws {
        let server = try PostgresTestServer.shared.get()
        let folder = try WarehouseAggregateTests.prepare(server, as: Self.name)
        defer { try? FileManager.default.removeItem(at: folder) }
        let table = TableInput(database: DatabaseTable(connection: server.url(), relation: .table(Self.name)), location: SourceLocation(file: "t.yml"))
        let fromServer = try await DriftCollector.$serverSpillBudget.withValue(Self.budget) {
            try await ReferenceProfile.make(table, valueLimit: 500, quantileCount: 11)
        }
        let file = TableInput(
            path: "scored.csv", url: folder.appendingPathComponent("scored.csv"), format: .csv, dialect: .csv, location: SourceLocation(file: "scored.csv"))
        let fromFile = try await ReferenceProfile.make(file, valueLimit: 500, quantileCount: 11)
        #expect(fromServer.rows == 20000 && fromServer.columns.count == fromFile.columns.count)
        for (server, file) in zip(fromServer.columns, fromFile.columns) {
            #expect(server == file, "\(server.name)")
        }
        // The score has more distinct values than the limit: quantiles, not values.
        #expect(fromServer.columns.first { $0.name == "score" }?.quantiles?.count == 11)
    }
}
