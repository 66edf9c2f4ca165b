/// Neumaier's compensated sum: the error of a long sum stays near one rounding.
struct CompensatedSum: Hashable, Sendable {
    private var sum = 0.0
    private var compensation = 0.0

    @inline(__always)
    mutating func add(_ value: Double) {
        let t = sum + value
        if abs(sum) >= abs(value) {
            compensation += (sum - t) + value
        } else {
            compensation += (value - t) + sum
        }
        sum = t
    }

    var value: Double { sum + compensation }
}
