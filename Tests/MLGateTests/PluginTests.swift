import Foundation
import Testing

@testable import MLGatePluginSupport

/// What the command plugins run. SwiftPM itself is exercised by
/// IntegrationTests/tests_02_plugins (a consumer package running both verbs); these tests
/// pin the plugins' own logic and run the tool exactly as a plugin does.
@Suite("Command plugins")
struct PluginTests {
    let package = URL(fileURLWithPath: "/work/consumer")

    @Test(arguments: [[], ["--help"], ["--junit", "out/junit.xml"], ["check", "--quiet"]])
    func mlgateForwardsArgumentsUnchangedFromThePackageRoot(arguments: [String]) {
        let invocation = PluginInvocation.gate(packageDirectory: package, arguments: arguments)
        #expect(invocation.arguments == arguments)
        #expect(invocation.workingDirectory == package)
    }

    @Test(arguments: [[], ["--ci", "github"], ["--force", "--data", "d.csv"]])
    func mlgateInitRunsInitFromThePackageRoot(arguments: [String]) {
        let invocation = PluginInvocation.initialize(packageDirectory: package, arguments: arguments)
        #expect(invocation.arguments == ["init"] + arguments)
        #expect(invocation.workingDirectory == package)
    }

    @Test(arguments: [(false, Int32(0), Int32(0)), (false, 1, 1), (false, 2, 2), (true, 9, 2)])
    func passesTheToolsStatusOn(signalled: Bool, status: Int32, expected: Int32) {
        #expect(PluginInvocation.exitStatus(terminatedBySignal: signalled, status: status) == expected)
    }

    /// Both verbs as the plugins run them, in a fresh package root: init, then the gate
    /// with no arguments, reading mlgate.yml there and writing reports where the
    /// documentation says (mlgate-reports/ in the package root).
    @Test func theVerbsWorkFromAPackageRoot() throws {
        let root = try Fixtures.temporaryDirectory()
        try FileManager.default.createDirectory(at: root.appendingPathComponent("data"), withIntermediateDirectories: true)
        try "id,label\n1,0\n2,1\n".write(to: root.appendingPathComponent("data/train.csv"), atomically: true, encoding: .utf8)

        let initialize = PluginInvocation.initialize(packageDirectory: root, arguments: ["--data", "data/train.csv"])
        let initRun = try ToolRun(initialize.arguments, in: initialize.workingDirectory)
        #expect(initRun.status == 0, "\(initRun.stderr)")

        let gate = PluginInvocation.gate(packageDirectory: root, arguments: [])
        let gateRun = try ToolRun(gate.arguments, in: gate.workingDirectory)
        #expect(gateRun.status == 0, "\(gateRun.stdout)\(gateRun.stderr)")
        for report in ["junit.xml", "report.json", "summary.md"] {
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("mlgate-reports/\(report)").path))
        }
    }
}
