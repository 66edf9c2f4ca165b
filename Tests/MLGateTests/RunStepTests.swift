import Testing

@testable import MLGate

/// A read sent in descending order of several values, ties by the next: a row is in the
/// run before it, past it, or out of order (``RunStep``).
@Suite struct RunStepTests {
    @Test(arguments: [
        ([0.5, 2.0], [], RunStep.same),
        ([0.5, 2.0], [0.5, 2.0], .same),
        ([0.5, 1.0], [0.5, 2.0], .next),
        ([0.4, 9.0], [0.5, 2.0], .next),
        ([0.5, 3.0], [0.5, 2.0], .outOfOrder),
        ([0.6, 0.0], [0.5, 2.0], .outOfOrder),
        ([0.0, 1.0], [-0.0, 1.0], .same),
    ])
    func stepsAsTheOrderSays(current: [Double], previous: [Double], expected: RunStep) {
        #expect(RunStep(current, after: previous) == expected)
    }
}
