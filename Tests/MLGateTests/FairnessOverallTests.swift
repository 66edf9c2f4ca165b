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

    /// Rows that each weigh one are tallied by outcome as integers
    /// (``FairnessTable/outcomeTallies(labels:predicted:groups:)``): the table is the one
    /// that adding them one by one gives, here forced by weights of exactly one.
    @Test(arguments: [1, 7, 5_000])
    func rowsWeighingOneAreTalliedAsAddingThemGives(_ rows: Int) {
        var generator = SplitMix64(seed: UInt64(rows) &* 131)
        let sex = (0..<rows).map { _ in ["F", "M", "X"][Int.random(in: 0...2, using: &generator)] }
        let race = (0..<rows).map { _ in ["a", "b", "c", "d"][Int.random(in: 0...3, using: &generator)] }
        let labels = (0..<rows).map { _ in Bool.random(using: &generator) }
        let predicted = (0..<rows).map { _ in Bool.random(using: &generator) }
        let groups = RowGroups([sex, race])
        let tallied = FairnessTable(labels: labels, predicted: predicted, weights: nil, groups: groups, features: ["sex", "race"])
        let added = FairnessTable(
            labels: labels, predicted: predicted, weights: [Double](repeating: 1, count: rows), groups: groups,
            features: ["sex", "race"])
        #expect(tallied.groups.map(\.key) == added.groups.map(\.key))
        #expect(tallied.groups.map(\.rates) == added.groups.map(\.rates))
        #expect(tallied.overall == added.overall)
        #expect(tallied.overall.count == rows)
    }
}

/// A classifier's rows that each weigh one, tallied straight from their class and slice
/// codes (``FairnessTable/init(classCodes:predicted:positive:slices:features:)``): the
/// table that grouping the rows and adding them one by one gives.
@Suite("Fairness tables tallied from codes")
struct FairnessCodeTallyTests {
    @Test(arguments: [0, 1, 7, 5_000])
    func codesTallyAsRowsAddUp(_ rows: Int) throws {
        var generator = SplitMix64(seed: UInt64(rows) &* 977 &+ 1)
        let pools = [["F", "M", "X", ""], ["a", "b", "c", "d", "é"], ["young", "old"]]
        for columns in 1...3 {
            let values = (0..<columns).map { column in
                (0..<rows).map { _ in pools[column][Int.random(in: 0..<pools[column].count, using: &generator)] }
            }
            let classes = 3
            let labels = (0..<rows).map { _ in Int32.random(in: 0..<Int32(classes), using: &generator) }
            let predicted = (0..<rows).map { _ in Int32.random(in: 0..<Int32(classes), using: &generator) }
            for positive in Int32(0)..<Int32(classes) {
                let features = Array(["sex", "race", "age"].prefix(columns))
                let tallied = try #require(FairnessTable(
                    classCodes: labels, predicted: predicted, positive: positive, slices: values.map(SliceColumn.init),
                    features: features))
                let added = FairnessTable(
                    labels: labels.map { $0 == positive }, predicted: predicted.map { $0 == positive },
                    weights: [Double](repeating: 1, count: rows), groups: RowGroups(values), features: features)
                #expect(tallied.groups.map(\.key) == added.groups.map(\.key))
                #expect(tallied.groups.map(\.rates) == added.groups.map(\.rates))
                #expect(tallied.overall == added.overall)
                #expect(tallied.features == features)
            }
        }
    }

    /// Columns whose values combine in more ways than the limit are left to the row path.
    @Test func tooManyCombinationsAreLeftToTheRows() {
        let many = SliceColumn((0..<300).map { "v\($0)" })
        #expect(FairnessTable(
            classCodes: [Int32](repeating: 0, count: 300), predicted: [Int32](repeating: 1, count: 300), positive: 1,
            slices: [many, many], features: ["a", "b"]) == nil)
    }
}
