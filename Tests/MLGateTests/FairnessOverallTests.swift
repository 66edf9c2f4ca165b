import Testing
@testable import MLGate

/// `to_overall` with `min_group_size`: the groups too small to judge are left out of
/// the table, but "all rows" keeps their rows (docs/fairness.md, Aggregates).
@Suite("Fairness: the overall row with small groups left out")
struct FairnessOverallTests {
    @Test func theOverallRowKeepsTheRowsOfGroupsTooSmallToJudge() throws {
        // Group c (2 rows, both selected) is too small to judge.
        let groups = RowGroups([["a", "a", "a", "a", "b", "b", "b", "b", "c", "c"]])
        let predicted = [true, false, false, false, true, true, false, false, true, true]
        let full = FairnessTable(
            labels: predicted, predicted: predicted, weights: nil, groups: groups, features: ["g"])
        let judged = full.restricted(to: [["a"], ["b"]])
        #expect(judged.groups.map(\.key) == [["a"], ["b"]])
        #expect(judged.overall.count == 10)
        // Selection rates: a 0.25, b 0.5, all rows 0.5 (not 0.375 over a and b alone).
        let difference = try #require(judged.difference(.selectionRate, method: .toOverall))
        #expect(abs(difference - 0.25) < 1e-12)
    }
}
