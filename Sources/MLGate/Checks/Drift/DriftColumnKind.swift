/// How a drift gate compares a column.
public enum DriftColumnKind: String, Sendable, Hashable, Codable {
    /// Compared as numbers (distribution tests, distances on bins).
    case numeric
    /// Compared as categories (frequencies).
    case categorical
    /// Free text (more than half the values distinct): not compared.
    case text

    /// The kind Evidently 0.7 infers from the current data as pandas reads a CSV: a float
    /// column (a decimal point, an exponent, or any missing cell) is numeric; an integer
    /// column is categorical with at most 10 distinct values, else numeric; text is
    /// categorical unless more than half of its present values are distinct (text).
    /// Columns named in `categorical` or `numeric` are what they are named.
    static func infer(_ current: DriftColumnSample, forcedCategorical: Bool, forcedNumeric: Bool) -> DriftColumnKind {
        if current.allNumbers, current.present > 0 {
            return numbers(
                integers: current.allIntegers, missing: current.missing, distinct: { current.distinctNumbers(upTo: 10) },
                forcedCategorical: forcedCategorical, forcedNumeric: forcedNumeric)
        }
        if forcedCategorical { return .categorical }
        if forcedNumeric { return .numeric }
        if current.categoriesOverflowed || Double(current.categories.count) > Double(current.present) * 0.5 { return .text }
        return .categorical
    }

    /// ``infer(_:forcedCategorical:forcedNumeric:)`` for a current side of numbers (at
    /// least one): `integers` when every value is an integer's text, `missing` cells,
    /// and its distinct values (asked only of integers without a missing cell; counted
    /// up to 11 is enough).
    static func numbers(integers: Bool, missing: Int, distinct: () -> Int, forcedCategorical: Bool, forcedNumeric: Bool) -> DriftColumnKind {
        if forcedCategorical { return .categorical }
        if forcedNumeric { return .numeric }
        guard integers, missing == 0 else { return .numeric }
        return distinct() <= 10 ? .categorical : .numeric
    }
}
