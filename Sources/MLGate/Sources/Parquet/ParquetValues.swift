/// The values of one page (or of a dictionary), decoded from their encoding, by
/// physical type.
enum ParquetValues: Sendable {
    /// Byte arrays back to back: value `i` is `data[ends[i - 1]..<ends[i]]` (from 0 for
    /// the first).
    struct ByteArrays: Sendable {
        var data: [UInt8] = []
        var ends: [Int] = []

        var count: Int { ends.count }

        /// The bytes of value `index`.
        func bytes(_ index: Int) -> ArraySlice<UInt8> {
            data[(index == 0 ? 0 : ends[index - 1])..<ends[index]]
        }
    }

    case booleans([Bool])
    case int32([Int32])
    case int64([Int64])
    /// INT96 as 12 bytes each.
    case int96([UInt8])
    case float([Float])
    case double([Double])
    /// BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY.
    case bytes(ByteArrays)

    /// The number of values.
    var count: Int {
        switch self {
        case .booleans(let values): values.count
        case .int32(let values): values.count
        case .int64(let values): values.count
        case .int96(let bytes): bytes.count / 12
        case .float(let values): values.count
        case .double(let values): values.count
        case .bytes(let arrays): arrays.count
        }
    }
}
