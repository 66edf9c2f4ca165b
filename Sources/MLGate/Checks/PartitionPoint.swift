extension RandomAccessCollection where Index == Int {
    /// The first index where `predicate` holds, for a predicate that is false and then
    /// true along the collection (an ascending array against a bound): ``endIndex`` when
    /// it never holds. A binary search.
    func partitionPoint(where predicate: (Element) -> Bool) -> Int {
        var low = startIndex, high = endIndex
        while low < high {
            let middle = low + (high - low) / 2
            if predicate(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
