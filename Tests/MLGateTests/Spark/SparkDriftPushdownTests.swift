import Foundation
import Testing

@testable import MLGate

/// Drift between two relations of one Spark cluster, whose numeric columns the cluster
/// summarizes (``DriftPushdown``), as on PostgreSQL (``WarehouseDriftPushdownTests``):
/// the report is the file mode's on the same rows — ties, empty cells, NaN and
/// infinities, doubles, decimals and integers, a reference of at most 1,000 values,
/// `psi` and `jensenshannon` in reference-quantile bins — and a text column of numbers
/// is counted.
@Suite("Spark drift pushdown", .serialized)
struct SparkDriftPushdownTests {
    /// 6,000 rows: doubles that are never integers (a streamed read writes a double as
    /// Python's `repr`, `3.0`, which a file of `3` would read as an integer), decimals,
    /// integers spanning more than 10,000 values, and a text column of numbers.
    static func csv() -> String {
        var text = "id,x,dec,big,sparse,label,digits\n"
        for i in 1...6000 {
            let x: String
            if i % 97 == 0 { x = "" } else if i % 89 == 0 { x = "NaN" } else if i % 83 == 0 { x = "Infinity" } else if i % 79 == 0 {
                x = "-Infinity"
            } else {
                x = String(format: "%.2f", Double((i * 7919) % 10007) / 7 + 0.005)
            }
            let dec = String(format: "%.3f", Double((i * 104729) % 100003) / 1000)
            let sparse = i % 50 == 0 ? "" : "\((i * 13) % 30000)"
            text += "\(i),\(x),\(dec),\((i * 7) % 50000),\(sparse),\(["a", "b", "c"][i % 3]),\(Double((i * 31) % 4001) / 8 + 0.0625)\n"
        }
        return text
    }

    static func typed(_ view: String, where condition: String, shift: Bool) -> String {
        "SELECT CAST(id AS INT) AS id, CAST(x AS DOUBLE)\(shift ? " * 1.05" : "") AS x, CAST(dec AS DECIMAL(9, 3))\(shift ? " + 1" : "") AS dec, "
            + "CAST(big AS BIGINT)\(shift ? " + 100" : "") AS big, CAST(sparse AS INT) AS sparse, label, digits FROM \(view) WHERE CAST(id AS INT) \(condition)"
    }

    @Test func theClustersSummariesGiveTheFileModesReport() async throws {
        let url = try SparkTestServer.shared.get().url
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.csv().write(to: folder.appendingPathComponent("drift.csv"), atomically: true, encoding: .utf8)
        try SparkTableReaderTests.view("mlgate_drift_pushed", of: folder.appendingPathComponent("drift.csv"))
        let view = "global_temp.mlgate_drift_pushed"
        // The three relations as the streamed read writes their rows, as files.
        let relations = [
            ("reference", Self.typed(view, where: "> 0", shift: false)), ("small", Self.typed(view, where: "<= 900", shift: false)),
            ("current", Self.typed(view, where: "> 2000", shift: true)),
        ]
        for (name, query) in relations {
            let table = SparkTable(connection: url, relation: .query(query))
            var reader = try SparkTableReader(table, url: try table.url())
            let rows = try SparkTableReaderTests.cells(&reader)
            let lines = [reader.columns.joined(separator: ",")] + rows.map { $0.map { $0 ?? "" }.joined(separator: ",") }
            try (lines.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("\(name).csv"), atomically: true, encoding: .utf8)
        }
        func config(_ input: (String) -> String) -> String {
            """
            version: 1
            gates:
              - {name: auto, kind: drift, reference: \(input("reference")), current: \(input("current")), exclude: [id], drift_share: 0.9}
              - {name: small, kind: drift, reference: \(input("small")), current: \(input("current")), exclude: [id], drift_share: 0.9}
              - {name: binned, kind: drift, columns: [x, {name: dec, method: jensenshannon}, big, sparse], method: psi, bins: 7, drift_share: 0.9,
                 reference: \(input("reference")), current: \(input("current"))}

            """
        }
        let queries = Dictionary(uniqueKeysWithValues: relations)
        let fromFile = await GateRunner(config: try ConfigLoader.parse(config { "\($0).csv" }, file: "d.yml", directory: folder)).run()
        let fromServer = await GateRunner(
            config: try ConfigLoader.parse(config { "{spark: '\(url)', query: '\(queries[$0]!)'}" }, file: "d.yml", directory: folder)
        ).run()
        #expect(fromFile.gates.allSatisfy { gate in gate.checks.allSatisfy { $0.outcome != .error } }, "\(fromFile.gates.map { $0.checks.map(\.message) })")
        for gate in fromServer.gates {
            let input = try #require(gate.checks.first).message
            #expect(input.contains("compared (x, dec, big, sparse summarized by the server)"), "\(gate.name): \(input)")
        }
        for (file, server) in zip(fromFile.gates, fromServer.gates) {
            #expect(file.checks.count == server.checks.count)
            for (a, b) in zip(file.checks, server.checks).dropFirst() {
                #expect(a.name == b.name && a.outcome == b.outcome && a.message == b.message, "\(a.message) / \(b.message)")
                for (x, y) in zip(a.measurements, b.measurements) {
                    #expect(x.name == y.name && abs(x.value - y.value) <= 1e-12 * abs(x.value), "\(a.name) \(x.name): \(x.value) / \(y.value)")
                }
            }
            #expect(file.drift?.columns.map(\.histogram) == server.drift?.columns.map(\.histogram))
        }
    }
}
