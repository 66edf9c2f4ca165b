import Foundation
@testable import MLGate
import Testing

/// The bundled example with every table in PostgreSQL (loaded by COPY, as text): every
/// gate kind reads the server, and the JSON, JUnit and Markdown reports are the file
/// mode's once the input names are swapped back: the same text, the same numbers (to
/// 1e-12 relative: the model gate's champion is paired and grouped by the server, so
/// its log loss is summed over distinct rows in another order; ``reportTextDifference(_:_:)``).
@Suite struct WarehouseExampleTests {
    /// The example's folder copied to a temporary one, its tables loaded into the server.
    static func prepare(_ server: PostgresTestServer) throws -> URL {
        let folder = try Fixtures.temporaryDirectory()
        let example = Fixtures.repositoryRoot.appendingPathComponent("Examples/loans")
        for name in try FileManager.default.contentsOfDirectory(atPath: example.path) where name != "reports" {
            try FileManager.default.copyItem(at: example.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        for table in ["loans", "predictions", "champion_predictions", "recent_applications"] {
            try server.load(table, from: folder.appendingPathComponent("\(table).csv"))
        }
        return folder
    }

    /// The example's config with each file named as a database table, on the same lines
    /// (the scalar `URL#table` form, the mapping form, and a query).
    static func databaseConfig(_ text: String, url: String) -> String {
        var text = text
        text = text.replacingOccurrences(of: "input: loans.csv", with: "input: \(url)#loans")
        text = text.replacingOccurrences(
            of: "      path: predictions.csv\n      format: csv", with: "      database: \(url)\n      table: public.predictions")
        text = text.replacingOccurrences(of: "predictions: predictions.csv", with: "predictions: \(url)#predictions")
        text = text.replacingOccurrences(of: "predictions: champion_predictions.csv", with: "predictions: \(url)#champion_predictions")
        text = text.replacingOccurrences(
            of: "reference: loans.csv", with: "reference: {database: '\(url)', query: 'SELECT * FROM loans;', statementTimeout: 60}")
        text = text.replacingOccurrences(of: "current: recent_applications.csv", with: "current: \(url)#recent_applications")
        return text
    }

    @Test func everyGateKindMatchesFileMode() async throws {
        let server = try PostgresTestServer.shared.get()
        let folder = try Self.prepare(server)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = server.url()
        let original = try String(contentsOf: folder.appendingPathComponent("mlgate.yml"), encoding: .utf8)
        let database = Self.databaseConfig(original, url: url)
        #expect(database.components(separatedBy: "\n").count == original.components(separatedBy: "\n").count)
        #expect(!database.contains(".csv"), "every table is read from the server")
        try database.write(to: folder.appendingPathComponent("mlgate-db.yml"), atomically: true, encoding: .utf8)

        let fileReport = await GateRunner(config: try ConfigLoader.load(path: folder.appendingPathComponent("mlgate.yml").path)).run().withFixedTimes()
        let dbReport = await GateRunner(config: try ConfigLoader.load(path: folder.appendingPathComponent("mlgate-db.yml").path)).run().withFixedTimes()
        #expect(fileReport.status == .passed)

        let display = postgresDisplay(url: url)
        func swapped(_ data: Data) -> String {
            var text = String(decoding: data, as: UTF8.self)
            for (shown, file) in [
                ("\(display)#champion_predictions", "champion_predictions.csv"), ("\(display)#public.predictions", "predictions.csv"),
                ("\(display)#predictions", "predictions.csv"), ("\(display)#recent_applications", "recent_applications.csv"),
                ("\(display)#loans", "loans.csv"), ("\(display)#query", "loans.csv"),
            ] {
                text = text.replacingOccurrences(of: shown, with: file)
            }
            // A data gate whose checks the server computed says where the rows came from.
            text = text.replacingOccurrences(of: "columns (PostgreSQL)", with: "columns (CSV)")
            // A gate the server grouped the rows for says how many it sent.
            text = text.replacing(/\ \(\d+ (distinct rows|values) counted by the server\)/, with: "")
            // A champion's predictions were joined with the candidate's on the server.
            text = text.replacing(/\ \(joined by the server[^()]*\)/, with: "")
            return text.replacingOccurrences(of: "mlgate-db.yml", with: "mlgate.yml")
        }
        let renderings: [(String, (RunReport) throws -> Data)] = [
            ("JSON", { try JSONRenderer().render($0) }), ("JUnit", { try JUnitRenderer().render($0) }),
            ("Markdown", { MarkdownRenderer().render($0) }),
        ]
        for (name, render) in renderings {
            let fromFiles = String(decoding: try render(fileReport), as: UTF8.self)
            let fromServer = try render(dbReport)
            #expect(!String(decoding: fromServer, as: UTF8.self).contains(PostgresTestServer.password), "\(name) holds no password")
            let difference = reportTextDifference(fromFiles, swapped(fromServer))
            #expect(difference == nil, "the \(name) report differs from file mode: \(difference ?? "")")
        }
        // The gates did read the server: its names are in the report; the champion's
        // predictions were paired with the candidate's by the server.
        let json = String(decoding: try JSONRenderer().render(dbReport), as: UTF8.self)
        #expect(json.contains("#recent_applications"))
        #expect(json.contains("paired by 'application_id' (joined by the server"))
    }
}

/// The display name of a test server URL (the password left out), as reports show it.
func postgresDisplay(url: String) -> String {
    let table = TableInput(database: DatabaseTable(connection: url, relation: .table("x")), location: SourceLocation(file: "t"))
    return String(table.path.dropLast(2))
}
