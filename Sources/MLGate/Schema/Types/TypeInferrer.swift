/// Frictionless-style type inference over a sample of cells of one column.
///
/// frictionless/detector/detector.py `Detector.detect_schema`: every candidate type
/// of `settings.DEFAULT_FIELD_CANDIDATES` (in that order, default formats and options)
/// keeps a score, +1 for each cell it reads and -1 for each it does not; a candidate
/// whose score fell below `rows × (confidence − 1)` is dropped; the first candidate
/// whose score reaches `confidence × (rows − missing cells seen so far)` wins, checked
/// after every cell. No winner (or no rows) gives `any`. Only the first `sampleSize`
/// cells (frictionless's `sample_size`, 100 rows) count.
public struct TypeInferrer: Sendable {
    /// `settings.DEFAULT_FIELD_CANDIDATES`, in order.
    public static let candidates: [FieldType] = [
        .yearmonth, .geopoint, .duration, .geojson, .object, .array, .datetime, .time, .date,
        .integer, .number, .boolean, .year, .string,
    ]

    private static let casters: [FieldCaster] = candidates.map {
        try! FieldCaster(type: $0, format: nil, options: FieldCastOptions())
    }

    private let missingValues: [[UInt8]]
    private let sampleSize: Int
    private let confidence: Double
    /// Per observed cell: bit i set when candidate i reads it; `missingMark` for a
    /// missing value.
    private var masks: [UInt16] = []
    private static let missingMark: UInt16 = 0x8000

    /// An inferrer for a column whose missing values are `missingValues`, counting the
    /// first `sampleSize` cells, with frictionless's `field_confidence`.
    public init(missingValues: [String] = [""], sampleSize: Int = 100, confidence: Double = 0.9) {
        self.missingValues = missingValues.map { Array($0.utf8) }
        self.sampleSize = sampleSize
        self.confidence = confidence
        masks.reserveCapacity(min(sampleSize, 128))
    }

    /// Takes one cell of the column (the next row's).
    public mutating func observe(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard masks.count < sampleSize else { return }
        for missing in missingValues where missing.count == bytes.count && missing.elementsEqual(bytes) {
            masks.append(Self.missingMark)
            return
        }
        var mask: UInt16 = 0
        if bytes.isEmpty {
            // Not a missing value of the detector, but the candidate fields' own
            // missing value ("") reads without a type error.
            mask = (1 << Self.candidates.count) - 1
        } else {
            for (index, caster) in Self.casters.enumerated() where caster.isValid(bytes) {
                mask |= 1 << index
            }
        }
        masks.append(mask)
    }

    /// Convenience: observe(String).
    public mutating func observe(_ text: String) {
        var text = text
        text.withUTF8 { observe($0) }
    }

    /// The inferred type and format, as frictionless's `describe` infers with its
    /// default confidence (0.9) and candidate order. The format is nil (`default`):
    /// inference only tries default formats.
    public func inferred() -> (type: FieldType, format: String?) {
        let rows = masks.count
        guard rows > 0 else { return (.any, nil) }
        var scores = [Int](repeating: 0, count: Self.candidates.count)
        var maxScore = rows
        let threshold = Double(rows) * (confidence - 1)
        for mask in masks {
            let isMissing = mask == Self.missingMark
            if isMissing { maxScore -= 1 }
            for index in 0..<Self.candidates.count {
                if Double(scores[index]) < threshold { continue }
                if !isMissing { scores[index] += mask & (1 << index) != 0 ? 1 : -1 }
                if maxScore > 0, Double(scores[index]) >= Double(maxScore) * confidence {
                    return (Self.candidates[index], nil)
                }
            }
        }
        return (.any, nil)
    }
}
