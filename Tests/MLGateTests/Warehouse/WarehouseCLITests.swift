import Foundation
import Testing

@testable import MLGate

/// The commands read database tables with `--database URL TABLE` or `URL#table`.
@Suite struct WarehouseCLITests {
    @Test func driftFromTheDatabaseMatchesFiles() throws {
        let server = try PostgresTestServer.shared.get()
        let example = Fixtures.repositoryRoot.appendingPathComponent("Examples/loans")
        try server.load("cli_loans", from: example.appendingPathComponent("loans.csv"))
        try server.load("cli_recent", from: example.appendingPathComponent("recent_applications.csv"))
        let files = try ToolRun(["drift", "loans.csv", "recent_applications.csv", "--format", "json", "--exclude", "application_id"], in: example)
        let database = try ToolRun(
            ["drift", "--database", server.url(), "cli_loans", "SELECT * FROM cli_recent", "--format", "json", "--exclude", "application_id"],
            in: example)
        #expect(database.status == files.status, "\(database.stderr)")
        // The console's redaction masks a URL's lone user name too (CredentialRedaction).
        let display = CredentialRedaction.redact(postgresDisplay(url: server.url()))
        let swapped = database.stdout
            .replacingOccurrences(of: "\(display)#cli_loans", with: "loans.csv")
            .replacingOccurrences(of: "\(display)#query", with: "recent_applications.csv")
        // Every verdict and statistic is the file mode's (the input line names the tables).
        func verdicts(_ text: String) -> [String] {
            text.split(separator: "\n").filter { $0.contains("\"message\"") && !$0.contains("rows;") && !$0.contains("counted by the server") }.map(String.init)
        }
        #expect(!verdicts(files.stdout).isEmpty)
        #expect(verdicts(swapped) == verdicts(files.stdout))
        #expect(swapped.contains("500 rows; recent_applications.csv: 500 rows") || swapped.contains("500 rows"), "\(swapped.prefix(400))")
        #expect(!database.stdout.contains(PostgresTestServer.password) && !database.stderr.contains(PostgresTestServer.password))
    }

    @Test func missingTableIsExitTwoWithoutPassword() throws {
        let server = try PostgresTestServer.shared.get()
        let url = server.url().replacingOccurrences(of: "?sslmode=disable", with: "?sslmode=prefer")
        let run = try ToolRun(["validate", "\(url)#analytics.nowhere"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("relation \"analytics.nowhere\" does not exist (SQLSTATE 42P01)"), "\(run.stderr)")
        #expect(!(run.stdout + run.stderr).contains(PostgresTestServer.password))
    }
}
