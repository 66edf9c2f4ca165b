import Foundation

/// A gate's checks, one line each (`PASSED  income: psi 0.0123 < 0.1, …`): what `mlgate
/// drift` prints.
public struct CheckLinesRenderer: Sendable {
    /// Creates a renderer.
    public init() {}

    /// One line per check, each ending with a line break.
    public func text(_ result: GateResult) -> String {
        result.checks.map { check in
            "\(check.outcome.rawValue.uppercased().padding(toLength: 7, withPad: " ", startingAt: 0)) \(check.name): \(check.message)\n"
        }.joined()
    }
}
