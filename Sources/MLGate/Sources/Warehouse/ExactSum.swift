/// The exact sum of many non-negative doubles in an engine that adds doubles one after
/// another (each addition rounded): each term, scaled by a power of two so that the
/// largest possible term stays below 2^61, is split into its integer part and its
/// fraction's first 62 bits, and each part is summed as integers, exactly
/// (``DriftPushdownStatement``). The sum is then off by less than 2^-62 of the scale's
/// unit per term, where a running double sum is off by up to half a unit in the last
/// place of the sum per addition.
enum ExactSum {
    /// 2^62, the fraction's scale.
    static let fractionScale = 0x1p62

    /// The scale (a power of two) of terms whose sum is at most `bound`: the largest that
    /// keeps the bound below 2^61.
    static func scale(bound: Double) -> Double {
        guard bound.isFinite, bound > 0 else { return 1 }
        return Double(sign: .plus, exponent: 60 - bound.exponent, significand: 1)
    }

    /// The integer parts' sum and the fractions' sum of a scaled term over the rows.
    static func sums(_ term: String, of statement: DriftPushdownStatement) -> [String] {
        let whole = statement.integer(term)
        let fraction = statement.integer("(\(term) - \(statement.toDouble(whole))) * \(statement.double(fractionScale))")
        return [statement.exactSum(whole), statement.exactSum(fraction)]
    }

    /// The sum of the terms (unscaled) from the two sums' texts (integers of any size);
    /// nil when they are not integers.
    static func value(whole: String?, fraction: String?, scale: Double) -> Double? {
        // No row with a term: no sum (NULL).
        guard let whole, let fraction else { return whole == nil && fraction == nil ? 0 : nil }
        guard whole.allSatisfy({ $0.isNumber || $0 == "-" }), fraction.allSatisfy({ $0.isNumber || $0 == "-" }),
            let w = Double(whole), let f = Double(fraction)
        else { return nil }
        return (w + f / fractionScale) / scale
    }
}
