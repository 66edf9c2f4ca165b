/// Type inference over a whole column, for `mlgate infer`: how many non-missing cells
/// each candidate type reads, and the first candidate (in Frictionless's order) that
/// reads at least `confidence` of them.
///
/// Frictionless decides from a 100-row sample and stops at the first candidate that
/// qualifies, so the schema it infers can reject later rows of the same file; counted
/// over every cell with `confidence` 1, the schema accepts the file it was inferred
/// from. A candidate that can no longer qualify stops being tried.
struct ColumnTypeCounts: Sendable {
    private static let casters: [FieldCaster] = TypeInferrer.candidates.map {
        try! FieldCaster(type: $0, format: nil, options: FieldCastOptions())
    }

    let confidence: Double
    /// Cells each candidate read.
    private var reads = [Int](repeating: 0, count: TypeInferrer.candidates.count)
    /// Cells each candidate could not read.
    private var misses = [Int](repeating: 0, count: TypeInferrer.candidates.count)
    private(set) var cells = 0

    init(confidence: Double) {
        self.confidence = confidence
    }

    mutating func observe(_ bytes: UnsafeBufferPointer<UInt8>) {
        cells += 1
        for index in reads.indices {
            // With confidence 1, one miss rules a candidate out for good.
            if confidence >= 1, misses[index] > 0 { continue }
            if Self.casters[index].isValid(bytes) { reads[index] += 1 } else { misses[index] += 1 }
        }
    }

    /// The first candidate reading at least `confidence` of the cells; `any` without cells.
    var inferred: FieldType {
        guard cells > 0 else { return .any }
        for (index, type) in TypeInferrer.candidates.enumerated()
        where Double(reads[index]) >= confidence * Double(cells) && misses[index] <= cells - reads[index] {
            if confidence >= 1, misses[index] > 0 { continue }
            return type
        }
        return .string
    }
}
