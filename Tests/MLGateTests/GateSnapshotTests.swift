import Foundation
import MLGate
import Testing

/// Every report of whole runs, byte for byte: the bundled example, the fixture configs,
/// and runs in which several gates read one file (clean, with a damaged row, and large
/// enough to be read on both cores with the damage in its second half).
///
/// Durations and start times are set to zero and a fixed instant and the temporary
/// folder's path is replaced by `$TMP` before rendering (and the HTML page's style sheet,
/// which `mixed.report.html` pins, by an ellipsis), so that a snapshot changes only
/// when what a run finds or how it is rendered changes. Re-record with
/// `MLGATE_RECORD_GOLDEN=1 swift test --filter GateSnapshotTests`.
@Suite struct GateSnapshotTests {
    /// A run to snapshot: a config, and the files it reads when they are made by the test.
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        /// A config in the repository (relative to its root), or `nil` for `shared.yml`
        /// written with ``files`` into a temporary folder.
        var config: String?
        var files: @Sendable () -> [String: [UInt8]] = { [:] }
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "example", config: "Examples/loans/mlgate.yml"),
        Case(name: "passing", config: "Tests/MLGateTests/Fixtures/configs/passing.yml"),
        Case(name: "failing", config: "Tests/MLGateTests/Fixtures/configs/failing.yml"),
        Case(name: "missing-data", config: "Tests/MLGateTests/Fixtures/configs/missing-data.yml"),
        Case(name: "drift-missing-column", config: "Tests/MLGateTests/Fixtures/configs/drift-missing-column.yml"),
        Case(name: "shared-clean", files: { SharedTable.files(rows: 400, damagedRow: nil) }),
        Case(name: "shared-damaged", files: { SharedTable.files(rows: 400, damagedRow: 123) }),
        // Over 4 MB: read on both cores; the damaged row lies in the second half.
        Case(name: "shared-large-damaged", files: { SharedTable.files(rows: 120_000, damagedRow: 100_000) }),
        Case(name: "shared-large-clean", files: { SharedTable.files(rows: 120_000, damagedRow: nil) }),
    ]

    @Test(arguments: cases)
    func reports(_ snapshot: Case) async throws {
        let configURL: URL
        var temporary: URL?
        if let config = snapshot.config {
            configURL = Fixtures.repositoryRoot.appendingPathComponent(config)
        } else {
            let folder = try Fixtures.temporaryDirectory()
            temporary = folder
            for (name, bytes) in snapshot.files() {
                try Data(bytes).write(to: folder.appendingPathComponent(name))
            }
            configURL = folder.appendingPathComponent("shared.yml")
            try SharedTable.config.write(to: configURL, atomically: true, encoding: .utf8)
        }
        defer { if let temporary { try? FileManager.default.removeItem(at: temporary) } }
        let config = try ConfigLoader.load(path: configURL.path)
        let report = await GateRunner(config: config).run().withFixedTimes()
        func normalized(_ data: Data) -> String {
            var text = String(decoding: data, as: UTF8.self)
            if let temporary { text = text.replacingOccurrences(of: temporary.path, with: "$TMP") }
            text = text.replacingOccurrences(of: Fixtures.repositoryRoot.path, with: "$ROOT")
            return text.replacingOccurrences(of: MLGateVersion.current, with: "$VERSION")
        }
        let prefix = "snapshots/\(snapshot.name)"
        try expectGolden(normalized(try JSONRenderer().render(report)), "\(prefix).report.json")
        try expectGolden(normalized(try JUnitRenderer().render(report)), "\(prefix).junit.xml")
        try expectGolden(normalized(MarkdownRenderer().render(report)), "\(prefix).summary.md")
        try expectGolden(normalized(OpenMetricsRenderer().render(report)), "\(prefix).openmetrics.txt")
        // The style sheet is the same on every page (mixed.report.html pins it).
        let html = normalized(HTMLRenderer().render(report))
            .replacing(/<style>[\s\S]*?<\/style>/, with: "<style>…</style>")
        try expectGolden(html, "\(prefix).report.html")
        try expectGolden(normalized(Data(TextSummaryRenderer().text(report).utf8)), "\(prefix).summary.txt")
        try expectGolden(normalized(Data(GitHubAnnotationsRenderer().text(report).utf8)), "\(prefix).annotations.txt")
    }
}

/// One predictions table read by a data gate with a contract, a model, a fairness and a
/// drift gate: the case the run's shared scan serves.
enum SharedTable {
    /// Every gate pins `encoding: utf-8`: a small file with one byte that is not UTF-8
    /// would otherwise be detected as Windows-1252 (as frictionless decodes it), and the
    /// damaged row is what these runs are about.
    static let config = """
        version: 1
        gates:
          - name: table
            kind: data
            input: {path: predictions.csv, encoding: utf-8}
            schema: predictions.schema.json
            checks:
              - check: row_count
                min: 10
              - check: column_mean
                column: score
                min: 0.2
                max: 0.8
          - name: model
            kind: model
            predictions: {path: predictions.csv, encoding: utf-8}
            task: binary
            label: label
            score: score
            prediction: prediction
            slices: [region]
            metrics:
              - metric: roc_auc
                min: 0.6
              - metric: accuracy
                min: 0.6
          - name: fairness
            kind: fairness
            predictions: {path: predictions.csv, encoding: utf-8}
            task: binary
            label: label
            prediction: prediction
            sensitive: [sex]
            checks:
              - check: demographic_parity_difference
                max: 0.1
          - name: drift
            kind: drift
            reference: reference.csv
            current: {path: predictions.csv, encoding: utf-8}
            exclude: [id]

        """

    static let schema = """
        {"fields": [
          {"name": "id", "type": "integer", "constraints": {"required": true, "unique": true}},
          {"name": "label", "type": "integer", "constraints": {"enum": [0, 1]}},
          {"name": "score", "type": "number", "constraints": {"minimum": 0, "maximum": 1}},
          {"name": "prediction", "type": "integer"},
          {"name": "sex", "type": "string", "constraints": {"enum": ["F", "M"]}},
          {"name": "region", "type": "string", "constraints": {"pattern": "[a-z]+"}},
          {"name": "note", "type": "string"}
        ], "primaryKey": ["id"]}
        """

    /// `predictions.csv` (with one cell that is not UTF-8 when `damagedRow` is set),
    /// `reference.csv`, the schema and nothing random: a fixed linear congruential stream.
    static func files(rows: Int, damagedRow: Int?) -> [String: [UInt8]] {
        func table(seed: UInt64, shift: Double, damaged: Int?) -> [UInt8] {
            var state = seed
            func next() -> Double {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Double(state >> 11) / Double(1 << 53)
            }
            let regions = ["north", "south", "east", "west"]
            var bytes = Array("id,label,score,prediction,sex,region,note\n".utf8)
            for row in 1...rows {
                let label = next() < 0.4 ? 1 : 0
                let score = min(1, max(0, (label == 1 ? 0.65 : 0.35) + (next() - 0.5) * 0.6 + shift))
                let prediction = score >= 0.5 ? 1 : 0
                let sex = next() < 0.5 ? "F" : "M"
                let region = regions[Int(next() * 4) % 4]
                let scoreText = String(format: "%.6f", score)
                bytes += Array("\(row),\(label),\(scoreText),\(prediction),\(sex),\(region),".utf8)
                if row == damaged { bytes += [0x6E, 0xFF, 0x74] } else { bytes += Array("ok".utf8) }
                bytes.append(0x0A)
            }
            return bytes
        }
        return [
            "predictions.csv": table(seed: 42, shift: 0, damaged: damagedRow),
            "reference.csv": table(seed: 7, shift: 0.05, damaged: nil),
            "predictions.schema.json": Array(schema.utf8),
        ]
    }
}
