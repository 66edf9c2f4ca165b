import Foundation
import Testing

@testable import MLGate

/// The drift statistics against scipy 1.17.1 / numpy 2.4.6 / Evidently 0.7.23 on the committed
/// fixtures (`Fixtures/drift`: make_fixtures.py wrote the CSVs, make_golden.py golden.json).
/// Values agree to 1e-9: absolute below 1, relative above 1 and, for p-values under 1e-6,
/// relative (an expected 0 must be 0 or subnormal).
@Suite("Drift statistics equal scipy and Evidently")
struct DriftStatisticsTests {
    // MARK: Fixtures

    nonisolated(unsafe) static let golden: [String: Any] = {
        let data = try! Data(contentsOf: Fixtures.url("drift/golden.json"))
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }()

    nonisolated(unsafe) static let pairs = golden["pairs"] as! [String: [String: Any]]

    /// One column of one fixture pair.
    struct Column: CustomTestStringConvertible, Sendable, Hashable {
        var pair: String
        var name: String
        var testDescription: String { "\(pair).\(name)" }

        var golden: [String: Any] {
            (DriftStatisticsTests.pairs[pair]!["columns"] as! [String: [String: Any]])[name]!
        }

        /// The column's non-empty cells (missing = empty cell), reference and current.
        var cells: (reference: [String], current: [String]) {
            (DriftStatisticsTests.csv("\(pair)_reference.csv")[name]!.compactMap { $0 },
             DriftStatisticsTests.csv("\(pair)_current.csv")[name]!.compactMap { $0 })
        }

        var sortedNumbers: (reference: [Double], current: [Double]) {
            let (reference, current) = cells
            return (reference.map { Double($0)! }.sorted(), current.map { Double($0)! }.sorted())
        }

        /// Both sides int64 in pandas (no missing cell, integers only).
        var integerData: Bool {
            golden["pandas_dtype_ref"] as? String == "int64" && golden["pandas_dtype_cur"] as? String == "int64"
        }
    }

    static let columns: [Column] = ["tiny", "small", "large"].flatMap { pair in
        (pairs[pair]!["columns"] as! [String: Any]).keys.sorted().map { Column(pair: pair, name: $0) }
    }

    static var numericColumns: [Column] { columns.filter { $0.golden["numeric"] != nil } }
    static var categoricalColumns: [Column] { columns.filter { $0.golden["categorical"] != nil } }

    /// The CSV fixtures by file name: header → cells, `nil` for an empty cell.
    static let tables: [String: [String: [String?]]] = Dictionary(uniqueKeysWithValues:
        ["tiny", "small", "large"].flatMap { ["\($0)_reference.csv", "\($0)_current.csv"] }.map { ($0, parseCSV($0)) })

    static func csv(_ name: String) -> [String: [String?]] { tables[name]! }

    /// A CSV fixture (plain RFC 4180 without quoting, `\n` line ends, header row).
    static func parseCSV(_ name: String) -> [String: [String?]] {
        let text = try! Fixtures.text("drift/\(name)")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var columns = [String: [String?]](uniqueKeysWithValues: header.map { ($0, []) })
        for line in lines.dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            precondition(cells.count == header.count, "\(name): \(line)")
            for (title, cell) in zip(header, cells) { columns[title]!.append(cell.isEmpty ? nil : String(cell)) }
        }
        return columns
    }

    static func counts<Key: Hashable>(_ values: [Key]) -> [Key: Int] {
        values.reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }

    /// A golden number; non-finite values are the strings "Infinity", "-Infinity", "NaN".
    /// Read from the number's text: JSONSerialization keeps decimals as NSDecimalNumber,
    /// whose `doubleValue` is not correctly rounded (124361.87000000001 → 124361.87).
    static func number(_ any: Any?) -> Double? {
        if let text = any as? String {
            switch text {
            case "Infinity": return .infinity
            case "-Infinity": return -.infinity
            case "NaN": return .nan
            default: return nil
            }
        }
        return (any as? NSNumber).flatMap { Double($0.stringValue) }
    }

    static func numbers(_ any: Any?) -> [Double] { (any as! [Any]).map { number($0)! } }
    static func integers(_ any: Any?) -> [Int] { (any as! [NSNumber]).map(\.intValue) }

    /// `actual` equals `expected` to 1e-9: absolute below 1, relative above; with
    /// `tinyRelative`, relative under 1e-6 too (and an expected 0 must be 0 or subnormal).
    static func expectClose(
        _ actual: Double, _ expected: Double?, _ what: @autoclosure () -> String, tinyRelative: Bool = true,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        guard let expected else {
            Issue.record("no golden value for \(what())", sourceLocation: sourceLocation)
            return
        }
        if expected.isNaN || expected.isInfinite {
            #expect(actual == expected || (actual.isNaN && expected.isNaN),
                    "\(what()): \(actual) vs golden \(expected)", sourceLocation: sourceLocation)
            return
        }
        let tolerance: Double
        if expected == 0 {
            tolerance = tinyRelative ? Double.leastNormalMagnitude : 1e-9
        } else if tinyRelative && abs(expected) < 1e-6 {
            tolerance = 1e-9 * abs(expected)
        } else {
            tolerance = 1e-9 * max(1, abs(expected))
        }
        #expect(abs(actual - expected) <= tolerance,
                "\(what()): \(actual) vs golden \(expected) (difference \(actual - expected))",
                sourceLocation: sourceLocation)
    }

    static func branch(_ golden: String) -> KolmogorovDistribution.Branch? {
        switch golden.split(separator: "(").first.map(String.init) ?? golden {
        case "support_low:sf=1": return .belowSupport
        case "support_high:sf=0": return .aboveSupport
        case "ruben_gambino_low": return .rubenGambinoLow
        case "ruben_gambino_high:2*": return .rubenGambinoHigh
        case "2*smirnov": return .twiceSmirnov
        case "1-DMTW": return .durbinMatrix
        case "1-Pomeranz": return .pomeranz
        case "1-PelzGood": return .pelzGood
        case "zero": return .zero
        default: return nil
        }
    }

    // MARK: Golden columns

    @Test func theFixturesComeFromScipy1171AndEvidently0723() {
        let versions = Self.golden["versions"] as! [String: String]
        #expect(versions["scipy"] == "1.17.1")
        #expect(versions["numpy"] == "2.4.6")
        #expect(versions["evidently"] == "0.7.23")
        #expect(Self.columns.count == 19)
        #expect(Self.numericColumns.count == 16)
        #expect(Self.categoricalColumns.count == 11)
    }

    @Test(arguments: numericColumns)
    func kolmogorovSmirnov(_ column: Column) throws {
        let (reference, current) = column.sortedNumbers
        let golden = column.golden["numeric"] as! [String: Any]
        let ks = golden["ks"] as! [String: [String: Any]]
        #expect(reference.count == column.golden["n_ref"] as? Int)
        #expect(current.count == column.golden["n_cur"] as? Int)
        for method in KolmogorovSmirnov.Method.allCases {
            let expected = ks[method.rawValue]!
            let result = KolmogorovSmirnov.test(sortedReference: reference, sortedCurrent: current, method: method)
            Self.expectClose(result.statistic, Self.number(expected["statistic"]), "\(method) statistic")
            Self.expectClose(result.pValue, Self.number(expected["pvalue"]), "\(method) p-value")
            Self.expectClose(result.location, Self.number(expected["statistic_location"]), "\(method) location")
            #expect(result.sign == expected["statistic_sign"] as? Int, "\(method) sign")
            let used: KolmogorovSmirnov.Method
            switch method {
            case .auto: used = KolmogorovSmirnov.Method(rawValue: expected["mode_used"] as! String)!
            case .exact: used = expected["fell_back_to_asymp"] as! Bool ? .asymp : .exact
            case .asymp: used = .asymp
            }
            #expect(result.method == used, "\(method) used \(result.method)")
        }
        // The exact path's h and lcm, and the asymptotic path's effective size and branch.
        let exact = ks["exact"]!, asymp = ks["asymp"]!
        let lcm = exact["lcm"] as! Int
        #expect((reference.count / KolmogorovSmirnovExact.greatestCommonDivisor(reference.count, current.count)) * current.count == lcm)
        let d = KolmogorovSmirnov.largestGap(reference, current).statistic
        #expect(Int((d * Double(lcm)).rounded(.toNearestOrEven)) == exact["h"] as? Int)
        let size = asymp["n_rounded"] as! Int
        let m = Double(max(reference.count, current.count)), n = Double(min(reference.count, current.count))
        #expect(Int((m * n / (m + n)).rounded(.toNearestOrEven)) == size)
        #expect(KolmogorovDistribution.branch(d, n: size) == Self.branch(asymp["kstwo_branch"] as! String))
    }

    @Test(arguments: numericColumns)
    func wasserstein(_ column: Column) {
        let (reference, current) = column.sortedNumbers
        let golden = (column.golden["numeric"] as! [String: Any])["wasserstein"] as! [String: Any]
        Self.expectClose(Wasserstein.distance(sortedReference: reference, sortedCurrent: current),
                         Self.number(golden["raw"]), "distance")
        Self.expectClose(Wasserstein.populationStandardDeviation(reference), Self.number(golden["ref_std_ddof0"]), "std")
        Self.expectClose(Wasserstein.normalizedDistance(sortedReference: reference, sortedCurrent: current),
                         Self.number(golden["normalized"]), "normalized")
        // Symmetric in its two samples.
        Self.expectClose(Wasserstein.distance(sortedReference: current, sortedCurrent: reference),
                         Self.number(golden["raw"]), "distance, sides swapped")
    }

    @Test(arguments: numericColumns)
    func evidentlyBinsPSIAndJensenShannon(_ column: Column) {
        let (reference, current) = column.sortedNumbers
        let golden = column.golden["numeric"] as! [String: Any]
        let binning = golden["evidently_binning"] as! [String: Any]
        let (bins, histogram) = DriftBinning.evidently(
            sortedReference: reference, sortedCurrent: current, integerData: column.integerData)
        switch (bins, binning["mode"] as! String) {
        case (.equalWidth(let edges), "sturges_on_combined"):
            let expected = Self.numbers(binning["edges"])
            #expect(edges.count == expected.count)
            for (edge, expectedEdge) in zip(edges, expected) { Self.expectClose(edge, expectedEdge, "edge") }
            #expect(edges == expected, "edges are not bit-identical to numpy's")
        case (.distinctValues(let values), "distinct_values"):
            #expect(values == Self.numbers(binning["values"]))
        default:
            Issue.record("binning \(bins) vs golden mode \(binning["mode"]!)")
        }
        Self.expect(histogram, binning: binning, psi: golden["psi_evidently"], jensenShannon: golden["jensenshannon_evidently"])
    }

    /// Counts as the golden binning has them, and PSI / Jensen–Shannon over them.
    static func expect(
        _ histogram: DriftHistogram, binning: [String: Any], psi: Any?, jensenShannon: Any?,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        #expect(histogram.binCount == binning["n_bins"] as? Int, sourceLocation: sourceLocation)
        #expect(histogram.referenceCounts == integers(binning["ref_counts"]), sourceLocation: sourceLocation)
        #expect(histogram.currentCounts == integers(binning["cur_counts"]), sourceLocation: sourceLocation)
        expectClose(PopulationStabilityIndex.value(histogram), number(psi), "PSI", sourceLocation: sourceLocation)
        expectClose(JensenShannon.distance(histogram), number(jensenShannon), "JS", sourceLocation: sourceLocation)
    }

    @Test(arguments: numericColumns)
    func referenceQuantileBins(_ column: Column) {
        let (reference, current) = column.sortedNumbers
        let golden = column.golden["numeric"] as! [String: Any]
        let binning = golden["quantile_binning"] as! [String: Any]
        let requested = binning["n_bins_requested"] as! Int
        let raw = (1..<requested).map {
            DriftBinning.quantile(sorted: reference, probability: Double($0) / Double(requested))
        }
        let expectedRaw = Self.numbers(binning["quantile_edges"])
        #expect(raw.count == expectedRaw.count)
        for (edge, expected) in zip(raw, expectedRaw) { Self.expectClose(edge, expected, "quantile") }
        let (edges, histogram) = DriftBinning.referenceQuantiles(
            sortedReference: reference, sortedCurrent: current, bins: requested)
        #expect(edges == Self.numbers(binning["edges"]))
        Self.expect(histogram, binning: binning, psi: golden["psi_quantile_10"], jensenShannon: golden["jensenshannon_quantile_10"])
        // The edges from the order statistics at their positions alone (what an engine
        // sends, ``DriftPushdown``), for any number of bins.
        for bins in [2, 3, requested, 64] {
            let positions = DriftBinning.quantilePositions(count: reference.count, bins: bins)
            #expect(positions.count <= 2 * (bins - 1) && positions == positions.sorted())
            let read = DriftBinning.quantileEdges(count: reference.count, bins: bins) { position in
                #expect(positions.contains(position))
                return reference[position]
            }
            #expect(read == DriftBinning.quantileEdges(sortedReference: reference, bins: bins))
        }
    }

    @Test(arguments: categoricalColumns)
    func categoricalStatistics(_ column: Column) {
        let (referenceCells, currentCells) = column.cells
        let reference = Self.counts(referenceCells), current = Self.counts(currentCells)
        let golden = column.golden["categorical"] as! [String: Any]
        let (keys, histogram) = DriftBinning.categories(reference: reference, current: current)
        #expect(keys == golden["categories"] as? [String])
        #expect(histogram.referenceCounts == keys.map { (golden["ref_counts"] as! [String: Int])[$0]! })
        #expect(histogram.currentCounts == keys.map { (golden["cur_counts"] as! [String: Int])[$0]! })

        let chi = golden["chisquare"] as! [String: Any]
        let result = ChiSquare.test(reference: reference, current: current)
        Self.expectClose(result.statistic, Self.number(chi["statistic"]), "chi-square statistic")
        Self.expectClose(result.pValue, Self.number(chi["pvalue"]), "chi-square p-value")
        #expect(result.degreesOfFreedom == chi["df"] as? Int)

        Self.expectClose(PopulationStabilityIndex.value(histogram), Self.number(golden["psi_evidently"]), "PSI")
        Self.expectClose(JensenShannon.distance(histogram), Self.number(golden["jensenshannon_evidently"]), "JS")

        let linf = golden["linf"] as! [String: Any]
        let distance = LInfinity.distance(reference: reference, current: current)
        Self.expectClose(distance.value, Self.number(linf["value"]), "L-infinity")
        #expect(distance.key == linf["key"] as? String)
    }

    @Test(arguments: columns.filter { $0.golden["ztest"] != nil })
    func proportionZTest(_ column: Column) {
        let (reference, current) = column.sortedNumbers
        let golden = column.golden["ztest"] as! [String: Any]
        let result = ProportionZTest.test(reference: Self.counts(reference), current: Self.counts(current))
        Self.expectClose(result.statistic, Self.number(golden["statistic"]), "z")
        // Evidently's 2·(1 − Φ(|z|)) has absolute precision only: compare absolutely.
        Self.expectClose(result.pValue, Self.number(golden["pvalue"]), "p-value", tinyRelative: false)
        Self.expectClose(result.referenceShare, Self.number(golden["p_ref"]), "reference share")
        Self.expectClose(result.currentShare, Self.number(golden["p_cur"]), "current share")
        // Text keys sort the same for 0/1 and give the same test.
        let text = ProportionZTest.test(reference: Self.counts(column.cells.reference), current: Self.counts(column.cells.current))
        #expect(text == result)
    }

    /// Every score Evidently's registered stat tests returned (called directly and inside
    /// `Report([DataDriftPreset()])`), recomputed from the statistic it names.
    @Test(arguments: columns)
    func evidentlyScores(_ column: Column) throws {
        let direct = column.golden["evidently_direct"] as! [String: [String: Any]]
        var scores = direct.mapValues { Self.number($0["score"])! }
        let report = column.golden["evidently"] as! [String: Any]
        let type = report["column_type"] as! String == "num" ? "numerical" : "categorical"
        let chosen = report["stattest"] as! String
        scores["report: \(chosen)(\(type))"] = Self.number(report["score"])!
        #expect(!scores.isEmpty)
        for (name, expected) in scores.sorted(by: { $0.key < $1.key }) {
            let test = name.replacingOccurrences(of: "report: ", with: "")
            // Evidently's z-test p-value has absolute precision only (see proportionZTest).
            Self.expectClose(try score(test, column), expected, name, tinyRelative: !test.hasPrefix("z"))
        }
    }

    /// The score of an Evidently stat test named like the golden keys ("ks(numerical)", "z", …).
    func score(_ name: String, _ column: Column) throws -> Double {
        let cells = column.cells
        let categorical = (reference: Self.counts(cells.reference), current: Self.counts(cells.current))
        switch name {
        case "z", "z(categorical)", "z(numerical)":
            let (reference, current) = column.sortedNumbers
            return ProportionZTest.test(reference: Self.counts(reference), current: Self.counts(current)).pValue
        case "ks(numerical)":
            let (reference, current) = column.sortedNumbers
            return KolmogorovSmirnov.test(sortedReference: reference, sortedCurrent: current).pValue
        case "wasserstein(numerical)":
            let (reference, current) = column.sortedNumbers
            return Wasserstein.normalizedDistance(sortedReference: reference, sortedCurrent: current)
        case "psi(numerical)", "jensenshannon(numerical)":
            let (reference, current) = column.sortedNumbers
            let histogram = DriftBinning.evidently(
                sortedReference: reference, sortedCurrent: current, integerData: column.integerData).histogram
            return name.hasPrefix("psi") ? PopulationStabilityIndex.value(histogram) : JensenShannon.distance(histogram)
        case "chisquare(categorical)", "chisquare(numerical)":
            return ChiSquare.test(reference: categorical.reference, current: categorical.current).pValue
        case "psi(categorical)", "jensenshannon(categorical)":
            let histogram = DriftBinning.categories(reference: categorical.reference, current: categorical.current).histogram
            return name.hasPrefix("psi") ? PopulationStabilityIndex.value(histogram) : JensenShannon.distance(histogram)
        default:
            throw UnknownStatTest(name: name)
        }
    }

    struct UnknownStatTest: Error { var name: String }

    // MARK: Distribution cases

    struct KolmogorovCase: CustomTestStringConvertible, Sendable {
        var n: Int
        var x: Double
        var survival: Double
        var branch: String
        var testDescription: String { "kstwo.sf(\(x), \(n)) [\(branch)]" }
    }

    static let kolmogorovCases: [KolmogorovCase] = (golden["kstwo_sf_cases"] as! [[String: Any]]).map {
        KolmogorovCase(n: $0["n"] as! Int, x: number($0["x"])!, survival: number($0["sf"])!, branch: $0["branch"] as! String)
    }

    @Test(arguments: kolmogorovCases)
    func kstwoSurvival(_ item: KolmogorovCase) {
        #expect(KolmogorovDistribution.branch(item.x, n: item.n) == Self.branch(item.branch))
        Self.expectClose(KolmogorovDistribution.survival(item.x, n: item.n), item.survival, "sf")
    }

    @Test func kstwoCasesCoverEveryBranch() {
        let covered = Set(Self.kolmogorovCases.compactMap { Self.branch($0.branch) })
        #expect(covered == Set(KolmogorovDistribution.Branch.allCases).subtracting([.aboveSupport]))
        #expect(Self.kolmogorovCases.count == 121)
    }

    struct ExactCase: CustomTestStringConvertible, Sendable {
        var n1: Int, n2: Int, h: Int, lcm: Int
        var pValue: Double?
        var testDescription: String { "P(D ≥ \(h)/\(lcm)) for \(n1) × \(n2)" }
    }

    static let exactCases: [ExactCase] = (golden["ks_exact_cases"] as! [[String: Any]]).map {
        ExactCase(n1: $0["n1"] as! Int, n2: $0["n2"] as! Int, h: $0["h"] as! Int, lcm: $0["lcm"] as! Int,
                  pValue: $0["success"] as! Bool ? number($0["pvalue"])! : nil)
    }

    @Test(arguments: exactCases)
    func exactTwoSamplePValue(_ item: ExactCase) {
        let g = KolmogorovSmirnovExact.greatestCommonDivisor(item.n1, item.n2)
        #expect((item.n1 / g) * item.n2 == item.lcm)
        let p = KolmogorovSmirnovExact.pValue(n1: item.n1, n2: item.n2, h: item.h)
        guard let expected = item.pValue else {
            #expect(p == nil, "scipy's exact attempt fails here and falls back to asymp; got \(String(describing: p))")
            return
        }
        guard let p else {
            Issue.record("scipy succeeds with \(expected); the port failed")
            return
        }
        Self.expectClose(p, expected, "exact p-value")
    }

    // MARK: Edge cases

    @Test func identicalSamplesShowNoDrift() {
        let values = (0..<50).map { Double($0 % 17) * 1.5 }.sorted()
        for method in KolmogorovSmirnov.Method.allCases {
            let ks = KolmogorovSmirnov.test(sortedReference: values, sortedCurrent: values, method: method)
            #expect(ks.statistic == 0 && ks.pValue == 1, "\(method): \(ks)")
        }
        #expect(Wasserstein.distance(sortedReference: values, sortedCurrent: values) == 0)
        let histogram = DriftBinning.evidently(sortedReference: values, sortedCurrent: values).histogram
        #expect(PopulationStabilityIndex.value(histogram) == 0)
        #expect(JensenShannon.distance(histogram) == 0)
        let counts = Self.counts(values)
        let chi = ChiSquare.test(reference: counts, current: counts)
        #expect(chi.statistic == 0 && chi.pValue == 1)
        #expect(LInfinity.distance(reference: counts, current: counts).value == 0)
        let binary = ["a": 30, "b": 20]
        let z = ProportionZTest.test(reference: binary, current: binary)
        #expect(z.statistic == 0 && z.pValue == 1)
    }

    @Test func singleValuesAreFinite() {
        for (a, b) in [([1.0], [1.0]), ([1.0], [2.0]), ([2.0], [1.0])] {
            for method in KolmogorovSmirnov.Method.allCases {
                let ks = KolmogorovSmirnov.test(sortedReference: a, sortedCurrent: b, method: method)
                #expect(ks.pValue.isFinite && (0...1).contains(ks.pValue), "\(a) vs \(b), \(method): \(ks)")
                #expect(ks.statistic == (a == b ? 0 : 1))
            }
            #expect(Wasserstein.distance(sortedReference: a, sortedCurrent: b) == abs(a[0] - b[0]))
            #expect(Wasserstein.normalizedDistance(sortedReference: a, sortedCurrent: b) == abs(a[0] - b[0]) / 0.001)
            let histogram = DriftBinning.evidently(sortedReference: a, sortedCurrent: b).histogram
            #expect(PopulationStabilityIndex.value(histogram).isFinite)
            #expect(JensenShannon.distance(histogram).isFinite)
            let z = ProportionZTest.test(reference: Self.counts(a), current: Self.counts(b))
            #expect(z.pValue.isFinite)
            let chi = ChiSquare.test(reference: Self.counts(a), current: Self.counts(b))
            #expect(!chi.pValue.isNaN)
        }
        // One value per side, n1 = n2 = 1: scipy's exact p is 1; its asymp p is NaN (n = 0).
        let one = KolmogorovSmirnov.test(sortedReference: [1], sortedCurrent: [2])
        #expect(one.method == .exact && one.pValue == 1)
        #expect(KolmogorovSmirnov.test(sortedReference: [1], sortedCurrent: [2], method: .asymp).pValue == 1)
    }

    @Test func allEqualValuesUseTheMinimumScaleAndOneBin() {
        let reference = [Double](repeating: 5, count: 40)
        let current = [Double](repeating: 5, count: 30) + [Double](repeating: 6, count: 10)
        #expect(Wasserstein.populationStandardDeviation(reference) == 0)
        Self.expectClose(Wasserstein.normalizedDistance(sortedReference: reference, sortedCurrent: current), 0.25 / 0.001, "normed")
        #expect(DriftBinning.sturgesEdges(sortedReference: reference, sortedCurrent: reference) == [4.5, 5.5])
        #expect(DriftBinning.counts(sorted: reference, edges: [4.5, 5.5]) == [40])
        let (bins, histogram) = DriftBinning.evidently(sortedReference: reference, sortedCurrent: current)
        #expect(bins == .distinctValues([5, 6]))
        #expect(histogram.referenceCounts == [40, 0] && histogram.currentCounts == [30, 10])
        // The empty reference bin is smoothed to 1e-4, not renormalised.
        let first: Double = 0.25 * log(1 / 0.75)
        let second: Double = (0.0001 - 0.25) * log(0.0001 / 0.25)
        Self.expectClose(PopulationStabilityIndex.value(histogram), first + second, "PSI")
        let ks = KolmogorovSmirnov.test(sortedReference: reference, sortedCurrent: current)
        #expect(ks.statistic == 0.25 && ks.sign == 1 && ks.location == 5)
    }

    @Test func numpyHistogramEdgeCases() {
        // The last bin is closed, the others half-open; values outside the edges are dropped.
        #expect(DriftBinning.counts(sorted: [0, 1, 1, 2, 3, 3], edges: [0, 1, 2, 3]) == [1, 2, 3])
        #expect(DriftBinning.counts(sorted: [-1, 0.5, 4], edges: [0, 1]) == [1])
        // linspace: e[i] = first + i·step, the last edge exactly `last` (values from numpy 2.4.6).
        #expect(DriftBinning.linspace(0.1, 0.7, count: 4) == [0.1, 0.3, 0.5, 0.7])
        // Integer data: numpy widens bins narrower than 1 to 1 (ptp 4, N = 128: width 4/8).
        let small = (0..<64).map { Double($0 % 5) }.sorted()
        #expect(DriftBinning.sturgesEdges(sortedReference: small, sortedCurrent: small, integerData: true) == [0, 1, 2, 3, 4])
        #expect(DriftBinning.sturgesEdges(sortedReference: small, sortedCurrent: small)
                == [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4])
        // Quantile bins: ties collapse edges; bins are right-closed.
        let (quantileEdges, histogram) = DriftBinning.referenceQuantiles(
            sortedReference: [1, 1, 1, 1, 2], sortedCurrent: [0, 1, 2, 3], bins: 4)
        #expect(quantileEdges == [1])
        #expect(histogram.referenceCounts == [4, 1] && histogram.currentCounts == [2, 2])
    }

    @Test func exactFallsBackToAsympWhereScipyDoes() {
        // n1 = n2 = 5, D = 0.2: the exact sum is 1.0000000000000002, outside [0, 1].
        let result = KolmogorovSmirnov.test(sortedReference: [1, 2, 3, 4, 5], sortedCurrent: [1.5, 2, 3, 4, 5], method: .exact)
        #expect(result.statistic == 0.2)
        #expect(result.method == .asymp)
        Self.expectClose(result.pValue, KolmogorovDistribution.survival(0.2, n: 2), "fallback p")
        #expect(KolmogorovSmirnovExact.pValue(n1: 5, n2: 5, h: 1) == nil)
        // Beyond MAX_AUTO_N, auto is asymptotic.
        let big = (0..<10_001).map(Double.init)
        #expect(KolmogorovSmirnov.test(sortedReference: big, sortedCurrent: [0, 1]).method == .asymp)
    }

    @Test func hugeSamplesStayFinite() {
        let n = 1_000_000
        let reference = (0..<n).map { Double($0) / Double(n) }
        let shifted = (0..<n).map { Double($0) / Double(n) + 0.003 }
        // scipy 1.17.1: ks_2samp → (0.003001, 0.00024484908596753257), through 2·smirnov(500000, d).
        let ks = KolmogorovSmirnov.test(sortedReference: reference, sortedCurrent: shifted)
        #expect(ks.method == .asymp)
        Self.expectClose(ks.statistic, 0.003001, "statistic")
        Self.expectClose(ks.pValue, 0.00024484908596753257, "p-value")
        let same = KolmogorovSmirnov.test(sortedReference: reference, sortedCurrent: reference)
        #expect(same.pValue == 1)
        for x in [1e-7, 1e-4, 0.0012, 0.01, 0.3, 0.7, 0.999999] {
            for size in [500_000, 1_000_001, 5_000_000] {
                let p = KolmogorovDistribution.survival(x, n: size)
                #expect(p.isFinite && (0...1).contains(p), "kstwo.sf(\(x), \(size)) = \(p)")
            }
        }
        Self.expectClose(Wasserstein.distance(sortedReference: reference, sortedCurrent: shifted), 0.0030000000000008162, "shift")
        let histogram = DriftBinning.evidently(sortedReference: reference, sortedCurrent: shifted).histogram
        #expect(histogram.binCount == 22)
        #expect(PopulationStabilityIndex.value(histogram).isFinite && JensenShannon.distance(histogram).isFinite)
    }

    @Test func chiSquareSurvivalMatchesClosedForms() {
        // df = 2: Q(1, x/2) = exp(−x/2); df = 1: erfc(√(x/2)).
        for x in [0.01, 0.5, 1, 3, 10, 50, 200, 1000] {
            Self.expectClose(ChiSquare.survival(x, degreesOfFreedom: 2), exp(-x / 2), "df 2 at \(x)")
            Self.expectClose(ChiSquare.survival(x, degreesOfFreedom: 1), erfc((x / 2).squareRoot()), "df 1 at \(x)")
        }
        #expect(ChiSquare.survival(0, degreesOfFreedom: 3) == 1)
        #expect(ChiSquare.survival(.infinity, degreesOfFreedom: 3) == 0)
        let newCategory = ChiSquare.test(reference: ["a": 3, "b": 2], current: ["a": 1, "b": 1, "c": 1])
        #expect(newCategory.statistic == .infinity && newCategory.pValue == 0 && newCategory.degreesOfFreedom == 2)
    }

    @Test func lInfinityTiesPickTheLastKey() {
        let result = LInfinity.distance(reference: ["a": 1, "b": 1], current: ["a": 0, "b": 0, "c": 2])
        #expect(result.value == 1 && result.key == "c")
        let tie = LInfinity.distance(reference: ["a": 2, "b": 0], current: ["a": 0, "b": 2])
        #expect(tie.value == 1 && tie.key == "b")
    }
}
