import Foundation

/// ``ScoreOrder``'s path for a score column of decimals read from text: every score is
/// exactly what parsing `m / 10^k` gives, one `k` for the column (``DecimalSort``'s
/// condition, checked score by score). Such scores order as their integers `m`, whose
/// range is far narrower than the doubles' bits (six decimals between 0 and 1 span a
/// million values, 20 bits). Each row becomes one word: its integer's distance below
/// the highest, its index, its label. One stable LSD radix sort on the distance (one to
/// three digits of at most 11 bits, each half of the words counted and scattered on its
/// own core) puts the words in the order; rows, labels and the starts of new scores are
/// then read off the words front to back. No score or label is looked up by row
/// afterwards: the general path's gather, whose reads jump through memory, cost as much
/// as its sort.
///
/// Equal integers are equal scores, and a larger integer a larger score (each integer is
/// checked to give its score back exactly, and below 2^51 two integers never give one
/// double), so the order is the general path's, bit for bit: ties in row order.
enum DecimalScoreOrder {
    /// One column's order: ``ScoreOrder``'s three arrays.
    struct Column {
        var rows: [Int32]
        var starts: [Bool]
        var labels: [Int32]
    }

    /// The widest digit: 2,048 buckets a part, which stay in the first-level cache.
    static let digitBits = 11
    /// Distances wider than this many digits are left to the general path.
    static let maximumPasses = 3
    /// Fewer rows than this are sorted on one core.
    static let parallelRows = 1 << 15

    /// What one part of the rows holds: its integers' range and its labels' range, and
    /// whether every score was such a decimal.
    private struct Summary {
        var low = Int64.max, high = Int64.min
        var lowestLabel = Int32.max, highestLabel = Int32.min
        var exact = true
    }

    /// The order of `column`'s scores in `data` (on `cores` cores, at most two), or nil
    /// when they are not decimals of one scale, or their distances, rows and labels do
    /// not fit one word in at most ``maximumPasses`` digits.
    static func column(_ data: ClassificationPredictions, column: Int, cores: Int) -> Column? {
        let count = data.count, width = data.scoreWidth
        guard count > 0, count <= Int(Int32.max), column < width, data.scores.count == count * width else { return nil }
        let scale = data.scores.withUnsafeBufferPointer { scores in
            DecimalSort.probeScale((0..<min(count, 64)).lazy.map { scores[$0 * width + column] })
        }
        guard let scale else { return nil }
        let factor = DecimalSort.exactPowersOfTen[scale]
        let parts = count >= parallelRows && cores > 1 ? 2 : 1
        let bounds = (0...parts).map { count * $0 / parts }

        // Each score's integer (its bit pattern), checked to give the score back.
        var words = [UInt64](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        var summaries = [Summary](repeating: Summary(), count: parts)
        words.withUnsafeMutableBufferPointer { wordBuffer in
            summaries.withUnsafeMutableBufferPointer { summaryBuffer in
                let words = SharedWrites(wordBuffer), summaries = SharedWrites(summaryBuffer)
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    var summary = Summary()
                    data.scores.withUnsafeBufferPointer { scores in
                        data.labels.withUnsafeBufferPointer { labels in
                            for row in bounds[part]..<bounds[part + 1] {
                                guard let scaled = DecimalSort.exactInteger(scores[row &* width &+ column], factor) else {
                                    summary.exact = false
                                    break
                                }
                                let integer = Int64(scaled)
                                words.buffer[row] = UInt64(bitPattern: integer)
                                summary.low = min(summary.low, integer)
                                summary.high = max(summary.high, integer)
                                summary.lowestLabel = min(summary.lowestLabel, labels[row])
                                summary.highestLabel = max(summary.highestLabel, labels[row])
                            }
                        }
                    }
                    summaries.buffer[part] = summary
                }
            }
        }
        guard summaries.allSatisfy(\.exact) else { return nil }
        let low = summaries.map(\.low).min()!, high = summaries.map(\.high).max()!
        guard summaries.map(\.lowestLabel).min()! >= 0 else { return nil }
        let highestLabel = summaries.map(\.highestLabel).max()!
        let distanceBits = Self.bits(UInt64(bitPattern: high &- low)), rowBits = Self.bits(UInt64(count - 1))
        let labelBits = Self.bits(UInt64(highestLabel))
        let passes = (distanceBits + digitBits - 1) / digitBits
        guard distanceBits + rowBits + labelBits <= 64, passes <= maximumPasses else { return nil }
        let digitWidth = passes == 0 ? 0 : (distanceBits + passes - 1) / passes
        let radix = 1 << digitWidth, mask = UInt64(radix - 1), distanceShift = UInt64(rowBits + labelBits)

        // The words, and each part's count of the first digit.
        var counts = [Int](repeating: 0, count: radix * parts)
        words.withUnsafeMutableBufferPointer { wordBuffer in
            counts.withUnsafeMutableBufferPointer { countBuffer in
                let words = SharedWrites(wordBuffer), counts = SharedWrites(countBuffer)
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    let histogram = UnsafeMutableBufferPointer(rebasing: counts.buffer[(part * radix)..<((part + 1) * radix)])
                    data.labels.withUnsafeBufferPointer { labels in
                        for row in bounds[part]..<bounds[part + 1] {
                            let distance = UInt64(bitPattern: high &- Int64(bitPattern: words.buffer[row]))
                            words.buffer[row] = distance << distanceShift | UInt64(row) << UInt64(labelBits) | UInt64(labels[row])
                            histogram[Int(distance & mask)] &+= 1
                        }
                    }
                }
            }
        }

        // Stable LSD passes: within a digit, part 0's words before part 1's, each part's
        // in its order. A pass moves words between the parts: each later digit is
        // counted in the parts as they then are.
        var scratch = [UInt64](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        for pass in 0..<passes {
            let shift = distanceShift + UInt64(pass * digitWidth)
            if pass > 0 {
                counts = Self.counts(words, parts: bounds, shift: shift, radix: radix)
            }
            let first = Int((words[0] >> shift) & mask)
            // A digit shared by every word reorders nothing.
            if (0..<parts).reduce(0, { $0 + counts[$1 * radix + first] }) == count { continue }
            var offsets = [Int](repeating: 0, count: radix * parts)
            var total = 0
            for digit in 0..<radix {
                for part in 0..<parts {
                    offsets[part * radix + digit] = total
                    total += counts[part * radix + digit]
                }
            }
            words.withUnsafeMutableBufferPointer { wordBuffer in
                scratch.withUnsafeMutableBufferPointer { scratchBuffer in
                    offsets.withUnsafeMutableBufferPointer { offsetBuffer in
                        let source = SharedWrites(wordBuffer), target = SharedWrites(scratchBuffer)
                        let offsets = SharedWrites(offsetBuffer)
                        DispatchQueue.concurrentPerform(iterations: parts) { part in
                            let slots = UnsafeMutableBufferPointer(rebasing: offsets.buffer[(part * radix)..<((part + 1) * radix)])
                            for index in bounds[part]..<bounds[part + 1] {
                                let word = source.buffer[index]
                                let slot = Int((word >> shift) & mask)
                                target.buffer[slots[slot]] = word
                                slots[slot] &+= 1
                            }
                        }
                    }
                }
            }
            swap(&words, &scratch)
        }
        scratch = []

        // Rows, labels and score starts, read off the sorted words.
        var result = Column(
            rows: [Int32](repeating: 0, count: count), starts: [Bool](repeating: false, count: count),
            labels: [Int32](repeating: 0, count: count))
        let rowMask = UInt64((1 << rowBits) - 1), labelMask = UInt64((1 << labelBits) - 1)
        words.withUnsafeBufferPointer { wordBuffer in
            result.rows.withUnsafeMutableBufferPointer { rowBuffer in
                result.starts.withUnsafeMutableBufferPointer { startBuffer in
                    result.labels.withUnsafeMutableBufferPointer { labelBuffer in
                        let words = SharedWrites(UnsafeMutableBufferPointer(mutating: wordBuffer))
                        let rows = SharedWrites(rowBuffer), starts = SharedWrites(startBuffer), labels = SharedWrites(labelBuffer)
                        DispatchQueue.concurrentPerform(iterations: parts) { part in
                            var previous = bounds[part] == 0 ? UInt64.max : words.buffer[bounds[part] - 1] >> distanceShift
                            for index in bounds[part]..<bounds[part + 1] {
                                let word = words.buffer[index], distance = word >> distanceShift
                                rows.buffer[index] = Int32(truncatingIfNeeded: (word >> UInt64(labelBits)) & rowMask)
                                labels.buffer[index] = Int32(truncatingIfNeeded: word & labelMask)
                                starts.buffer[index] = distance != previous
                                previous = distance
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    /// Each part's count of every digit (`radix` of them) at `shift` of `words`, the
    /// parts counted on their own cores.
    private static func counts(_ words: [UInt64], parts bounds: [Int], shift: UInt64, radix: Int) -> [Int] {
        let parts = bounds.count - 1, mask = UInt64(radix - 1)
        var counts = [Int](repeating: 0, count: radix * parts)
        counts.withUnsafeMutableBufferPointer { countBuffer in
            let counts = SharedWrites(countBuffer)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let histogram = UnsafeMutableBufferPointer(rebasing: counts.buffer[(part * radix)..<((part + 1) * radix)])
                words.withUnsafeBufferPointer { words in
                    for index in bounds[part]..<bounds[part + 1] { histogram[Int((words[index] >> shift) & mask)] &+= 1 }
                }
            }
        }
        return counts
    }

    /// The bits a value needs (0 for 0).
    private static func bits(_ value: UInt64) -> Int { UInt64.bitWidth - value.leadingZeroBitCount }
}
