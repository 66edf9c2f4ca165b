import Foundation
import Synchronization

/// The stretches ("regions") of one file that a parallel scan reads, each by its own
/// reader and consumer, and how they are shared out while the scan runs.
///
/// The scan starts with one region, the whole file, cut (``take()``) into one region per
/// worker before they start: the back half of the region with the most bytes left to
/// read, from the first line feed after that region's unread middle, taken again and
/// again. A worker whose region is done takes another back half the same way, until no
/// region has more than ``minimumTaken`` twice over left. So the cores stay busy until the file ends: a core slowed by other work
/// simply reads less of it, and a fixed split (half a file each) cannot leave one core
/// idle while the other reads on. The regions always tile the file in order, each
/// ending where the next begins.
///
/// A region's reader asks for its bytes chunk by chunk (``claim(_:upTo:)``), so a region
/// is only ever cut beyond what its reader has already been given. A line feed may lie
/// inside a quoted field; then the region before the cut ends inside a quote, its reader
/// fails, and the caller reads the file again sequentially (``ParallelCSVScan``).
final class ScanRegions: Sendable {
    /// One region: the bytes `start..<end`, of which `start..<position` were handed to
    /// its reader.
    struct Region: Sendable, Equatable {
        let start: Int
        var position: Int
        var end: Int
    }

    /// The fewest bytes a worker takes from another region: below this, a new reader and
    /// consumer cost more than the time they even out.
    let minimumTaken: Int
    private let regions: Mutex<[Region]>
    private let abandoned = Atomic<Bool>(false)
    /// The file, opened once to look for line feeds.
    private let descriptor: Int32

    /// One region over the first `size` bytes of the file at `url`; nil when the file
    /// cannot be opened.
    init?(url: URL, size: Int, minimumTaken: Int = 1 << 20) {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
        self.minimumTaken = max(1, minimumTaken)
        regions = Mutex([Region(start: 0, position: 0, end: size)])
    }

    deinit { close(descriptor) }

    /// How many bytes the reader of region `index` may read next, at most `wanted`, from
    /// where its last claim ended; 0 once the region (or the whole scan) is over.
    func claim(_ index: Int, upTo wanted: Int) -> Int {
        guard !abandoned.load(ordering: .relaxed) else { return 0 }
        return regions.withLock { regions in
            let count = max(0, min(wanted, regions[index].end - regions[index].position))
            regions[index].position += count
            return count
        }
    }

    /// Cuts the back half off the region with the most bytes left to read and returns it
    /// as a new region (its index and bytes); nil when no region has at least twice
    /// ``minimumTaken`` left, or the scan was abandoned.
    func take() -> (index: Int, bytes: Range<Int>)? {
        guard !abandoned.load(ordering: .relaxed) else { return nil }
        return regions.withLock { regions in
            let byBytesLeft = regions.indices.sorted { regions[$0].end - regions[$0].position > regions[$1].end - regions[$1].position }
            for victim in byBytesLeft {
                let region = regions[victim]
                let left = region.end - region.position
                guard left >= 2 * minimumTaken else { return nil }
                // Held while the line feed is looked for: the victim's reader cannot be
                // handed the bytes beyond the cut meanwhile.
                guard let cut = lineStart(from: region.position + left / 2, before: region.end) else { continue }
                regions[victim].end = cut
                regions.append(Region(start: cut, position: cut, end: region.end))
                return (regions.count - 1, cut..<region.end)
            }
            return nil
        }
    }

    /// Stops every reader at its next claim and every worker at its next ``take()``: a
    /// region failed, the file will be read again sequentially.
    func abandon() {
        abandoned.store(true, ordering: .relaxed)
    }

    /// The regions, as they stand.
    var snapshot: [Region] {
        regions.withLock { $0 }
    }

    /// The offset just after the first line feed at or after `offset`, if it is before
    /// `end`.
    private func lineStart(from offset: Int, before end: Int) -> Int? {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var offset = offset
        while offset < end {
            let wanted = min(buffer.count, end - offset)
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, wanted, off_t(offset)) }
            guard count > 0 else { return nil }
            if let lineFeed = buffer[..<count].firstIndex(of: 0x0A) {
                let start = offset + lineFeed + 1
                return start < end ? start : nil
            }
            offset += count
        }
        return nil
    }
}
