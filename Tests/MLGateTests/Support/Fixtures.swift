import Foundation
import Testing

/// Paths to fixtures, golden files and the built tool.
enum Fixtures {
    /// `Tests/MLGateTests/Fixtures` in the source tree (golden files are recorded there).
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// The repository root.
    static let repositoryRoot = directory
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A fixture file.
    static func url(_ path: String) -> URL {
        directory.appendingPathComponent(path)
    }

    /// A fixture's text.
    static func text(_ path: String) throws -> String {
        try String(contentsOf: url(path), encoding: .utf8)
    }

    /// The `mlgate` executable built beside the test bundle.
    static var tool: URL {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [besideTests, besideTests.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("mlgate")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return repositoryRoot.appendingPathComponent(".build/debug/mlgate")
    }

    /// A new empty temporary folder, inside ``temporaryRoot`` (removed with it when the
    /// test process exits).
    static func temporaryDirectory() throws -> URL {
        let url = temporaryRoot.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The folder of this test process's temporary folders, removed when the process
    /// exits (most tests do not remove their own: a run left hundreds behind).
    static let temporaryRoot: URL = {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("mlgate-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        atexit { try? FileManager.default.removeItem(at: Fixtures.temporaryRoot) }
        return url
    }()
}

/// Compares `actual` with the golden file `Fixtures/golden/<name>`; with the
/// environment variable `MLGATE_RECORD_GOLDEN=1` it (re-)records the file instead.
func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = Fixtures.url("golden/\(name)")
    if ProcessInfo.processInfo.environment["MLGATE_RECORD_GOLDEN"] == "1" {
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try actual.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record(
            "golden file \(name) is missing; run with MLGATE_RECORD_GOLDEN=1 to record it",
            sourceLocation: sourceLocation)
        return
    }
    #expect(actual == expected, "differs from golden file \(name)", sourceLocation: sourceLocation)
}

/// The result of running the `mlgate` executable.
struct ToolRun {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Runs `mlgate` (or `tool`) with `arguments` in `directory` (with `environment`, else
    /// the test's own).
    init(
        _ arguments: [String], in directory: URL = Fixtures.directory, tool: URL = Fixtures.tool,
        environment: [String: String]? = nil
    ) throws {
        let process = Process()
        process.executableURL = tool
        process.arguments = arguments
        process.currentDirectoryURL = directory
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting, so that a large output cannot fill the pipe and block.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        status = process.terminationStatus
        stdout = String(decoding: outData, as: UTF8.self)
        stderr = String(decoding: errData, as: UTF8.self)
    }
}
