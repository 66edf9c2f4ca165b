import Foundation
import Testing

@testable import MLGate

/// `NumberParser.double` against the standard library's correctly rounded `Double(_:)`
/// (glibc's `strtod`), on seeded texts of every shape its paths take: 16 to 19 digits
/// over a power of ten (the exact division), exact midpoints between two doubles
/// (ties to even), full-precision doubles as Swift and Python write them, and plain
/// decimals of every length (the fast path's and past it), with their near misses.
@Suite struct NumberParserTests {
    static func parsed(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { NumberParser.double($0) }
    }

    static func expectStandard(_ text: String) {
        let expected = Double(text)
        let got = parsed(text)
        #expect(got?.bitPattern == expected?.bitPattern, "\(text): \(String(describing: got)) against \(String(describing: expected))")
    }

    @Test func manyDigitsOverAPowerOfTen() {
        var generator = SplitMix64(seed: 20261206)
        var checked = 0
        for _ in 0..<300_000 {
            let digits = Int.random(in: 16...19, using: &generator)
            var text = String(UInt64.random(in: 1...9, using: &generator))
            for _ in 1..<digits { text += String(UInt64.random(in: 0...9, using: &generator)) }
            // The point anywhere from before the first digit to after the last, a sign, or
            // an exponent instead of some of the point's shift.
            let point = Int.random(in: 0...digits, using: &generator)
            var number = point == digits ? text : String(text.prefix(point)) + "." + String(text.dropFirst(point))
            if number.hasPrefix(".") { number = "0" + number }
            if Bool.random(using: &generator) { number = "-" + number }
            if Int.random(in: 0..<4, using: &generator) == 0 { number += "e-\(Int.random(in: 0...3, using: &generator))" }
            let expected = Double(number)!, got = Self.parsed(number)
            if got?.bitPattern != expected.bitPattern {
                Issue.record("\(number): \(String(describing: got)) against \(expected)")
                return
            }
            checked += 1
        }
        #expect(checked == 300_000)
    }

    @Test func midpointsRoundToEven() {
        // 2^53 + odd is halfway between two doubles; so is it over 2, 4, 8, … (an exact
        // decimal with as many more digits), written with a point and trailing zeros.
        for odd in stride(from: UInt64(1), through: 2001, by: 2) {
            let midpoint = (UInt64(1) << 53) + odd
            Self.expectStandard("\(midpoint).0")
            Self.expectStandard("\(midpoint).000")
            Self.expectStandard("\(midpoint / 2).5")
            Self.expectStandard("\(midpoint / 4).\(["25", "75"][Int(midpoint % 4) / 2])")
            Self.expectStandard("-\(midpoint).00")
        }
    }

    @Test func fullPrecisionDoublesReadBack() {
        for value in SeededDoubles(seed: 20261206, count: 200_000) where value.isFinite {
            for text in [value.description, String(format: "%.17g", value), String(format: "%.16f", value)] {
                let got = Self.parsed(text), expected = Double(text)
                if got?.bitPattern != expected?.bitPattern {
                    Issue.record("\(text): \(String(describing: got)) against \(String(describing: expected))")
                    return
                }
            }
        }
    }

    @Test func plainDecimalsOfEveryLengthAndPointPosition() {
        // 1 to 17 bytes: digits with the point at every place (or none), with and
        // without a minus sign, and near misses: a second point, a letter or a space
        // at every place, a point first or last, a plus sign, an exponent.
        var generator = SplitMix64(seed: 20261205)
        var checked = 0
        for length in 1...17 {
            for _ in 0..<400 {
                var digits = (0..<length).map { _ in UInt8(ascii: "0") + UInt8.random(in: 0...9, using: &generator) }
                if Bool.random(using: &generator) { digits[0] = UInt8(ascii: "0") + UInt8.random(in: 1...9, using: &generator) }
                var texts: [[UInt8]] = [digits]
                for point in 0..<length {
                    var text = digits
                    text[point] = UInt8(ascii: ".")
                    texts.append(text)
                    let odd = [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: " "), UInt8(ascii: "/"), UInt8(ascii: ":"), 0xC3]
                    var other = text
                    other[Int.random(in: 0..<length, using: &generator)] = odd.randomElement(using: &generator)!
                    texts.append(other)
                }
                for text in texts {
                    for prefix in [[], [UInt8(ascii: "-")], [UInt8(ascii: "+")]] {
                        // Spaces around a number are read past (as pandas does).
                        let text = String(decoding: prefix + text, as: UTF8.self)
                        let expected = Double(text) ?? Double(text.trimmingCharacters(in: .whitespaces))
                        let got = Self.parsed(text)
                        #expect(got?.bitPattern == expected?.bitPattern, "\(text): \(String(describing: got)) against \(String(describing: expected))")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 300_000)
    }
}
