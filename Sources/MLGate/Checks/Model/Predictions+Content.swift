/// A row's content as ``DistinctRows`` compares and keys it: class names by their
/// keys (not their codes, which depend on the order classes were met), numbers by
/// their bits.
extension Predictions {
    /// Each class name's key (none for a regressor).
    var classKeys: [UInt64] {
        guard case .classification(let data) = self else { return [] }
        return data.classes.map { DistinctRows.key($0) }
    }

    /// Appends row `row`'s words: label, prediction, scores and weight.
    func appendWords(of row: Int, classKeys: [UInt64], to words: inout [UInt64]) {
        switch self {
        case .classification(let data):
            func word(_ code: Int32) -> UInt64 {
                classKeys.indices.contains(Int(code)) ? classKeys[Int(code)] : UInt64(bitPattern: Int64(code))
            }
            words.append(word(data.labels[row]))
            words.append(word(data.predicted[row]))
            let start = row * data.scoreWidth
            for column in 0..<data.scoreWidth { words.append(DistinctRows.word(data.scores[start + column])) }
            words.append(data.weights.map { DistinctRows.word($0[row]) } ?? DistinctRows.word(1))
        case .regression(let data):
            words.append(DistinctRows.word(data.labels[row]))
            words.append(DistinctRows.word(data.predicted[row]))
            words.append(data.weights.map { DistinctRows.word($0[row]) } ?? DistinctRows.word(1))
        }
    }
}
