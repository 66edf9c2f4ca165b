/// The L-infinity distance of TensorFlow Data Validation's drift/skew comparators
/// (`tensorflow_data_validation/anomalies/metrics.cc::LInftyDistance`): each side's category
/// counts normalised by its own total, then the largest absolute difference of shares over
/// the union of categories (a category missing on one side counts 0 there).
public enum LInfinity {
    /// A distance and the category where it is reached.
    public struct Result<Key: Hashable & Comparable & Sendable>: Sendable, Hashable {
        /// max |reference share − current share|, in [0, 1].
        public var value: Double
        /// The category of the largest difference; on ties the greatest key, as TFDV's
        /// `>=` scan over an ordered map picks the last one.
        public var key: Key

        public init(value: Double, key: Key) {
            self.value = value
            self.key = key
        }
    }

    /// The distance between two count tables (zero counts ignored; each side must have a
    /// positive total). Keys are ordered by `<`, which for `String` is byte order on NFC
    /// text, as TFDV's `std::map<std::string, …>`.
    public static func distance<Key: Hashable & Comparable & Sendable>(
        reference: [Key: Int], current: [Key: Int]
    ) -> Result<Key> {
        let (keys, histogram) = DriftBinning.categories(reference: reference, current: current)
        precondition(histogram.referenceTotal > 0 && histogram.currentTotal > 0, "L-infinity needs at least one value per side")
        let r = histogram.referenceShares, c = histogram.currentShares
        var best = Result(value: -1, key: keys[0])
        for index in keys.indices {
            let difference = abs(r[index] - c[index])
            if difference >= best.value { best = Result(value: difference, key: keys[index]) }
        }
        return best
    }
}
