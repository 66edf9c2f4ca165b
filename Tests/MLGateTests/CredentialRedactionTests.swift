import Foundation
import Testing
@testable import MLGate

/// Issue #21, item 7: no URL credential is printed or written, whatever carries it.
@Suite("Credential redaction")
struct CredentialRedactionTests {
    @Test(arguments: [
        ("mlflow:http://user:s3cret@host:5000#loans@champion", "mlflow:http://user:***@host:5000#loans@champion"),
        ("https://ghp_abcdef@github.com/o/r.git", "https://***@github.com/o/r.git"),
        ("http://host/api?token=abc&run=7", "http://host/api?token=***&run=7"),
        ("see http://h/x?X-Amz-Credential=AK%2F1&X-Amz-Signature=ff; done", "see http://h/x?X-Amz-Credential=***&X-Amz-Signature=***; done"),
        (#"{"url":"http:\/\/u:p@h\/x?api_key=1"}"#, #"{"url":"http:\/\/u:***@h\/x?api_key=***"}"#),
        ("<a href=\"http://h/?a=1&amp;access_token=zz\">", "<a href=\"http://h/?a=1&amp;access_token=***\">"),
        ("dir:registry#loans@champion and user@example.com", "dir:registry#loans@champion and user@example.com"),
        ("http://host:5000/#/models/loans", "http://host:5000/#/models/loans"),
    ])
    func masksCredentials(text: String, expected: String) {
        #expect(CredentialRedaction.redact(text) == expected)
    }

    @Test func registryNamesAreRedacted() {
        let registry = MLflowRegistry(baseURL: URL(string: "http://user:pw@mlflow.example:5000/?token=t")!, credentials: .init(environment: [:]))
        #expect(!registry.name.contains("pw") && !registry.name.contains("=t"), "\(registry.name)")
    }

    /// The champion loop against an MLflow URL with credentials that cannot be reached:
    /// stderr, the JSON, HTML, Markdown and JUnit reports hold the URL without them.
    @Test func noReportOrMessageCarriesTheCredentials() throws {
        let folder = try Fixtures.temporaryDirectory()
        try Data("label,score\n1,0.9\n0,0.2\n1,0.7\n0,0.4\n".utf8).write(to: folder.appendingPathComponent("p.csv"))
        let registry = "mlflow:http://alice:hunter2@127.0.0.1:9/?token=tok123#loans@champion"
        let config = "version: 1\ngates:\n  - {name: m, kind: model, predictions: p.csv, task: binary, label: label, score: score, "
            + "baseline: {registry: \"\(registry)\"}, metrics: [{metric: roc_auc, max_drop: 0.1}]}\n"
        try Data(config.utf8).write(to: folder.appendingPathComponent("mlgate.yml"))
        let run = try ToolRun(
            ["check", "--json", "r/report.json", "--html", "r/report.html", "--markdown", "r/summary.md", "--junit", "r/junit.xml"], in: folder)
        #expect(run.status == 2, "\(run.stdout)\n\(run.stderr)")
        var texts = [run.stdout, run.stderr]
        for file in ["report.json", "report.html", "summary.md", "junit.xml"] {
            texts.append(try String(contentsOf: folder.appendingPathComponent("r/\(file)"), encoding: .utf8))
        }
        #expect(texts.contains { $0.contains("alice:***@127.0.0.1:9") }, "the URL is still shown")
        for text in texts {
            #expect(!text.contains("hunter2") && !text.contains("tok123"), "\(text.prefix(2000))")
        }
    }
}
