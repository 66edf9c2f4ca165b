/// How one column's comparison ended: compared, left out as free text, or impossible.
enum DriftColumnOutcome: Sendable {
    /// The column was tested.
    case compared(DriftColumnResult)
    /// Free text (more than half of the values are distinct): not compared.
    case freeText
    /// The column cannot be compared (no values, numbers against text, too many categories).
    case problem(String)
}

extension DriftColumnTest {
    /// Compares one column of a drift gate: its kind from the current data (or as the
    /// gate forces it), its method and threshold from the column or the gate.
    static func compare(
        _ column: DriftColumnConfig, gate: DriftGateConfig, reference: DriftColumnSample, current: DriftColumnSample
    ) -> DriftColumnOutcome {
        var reference = reference, current = current
        // Value counts stay counts (the test makes values of them only when it needs them).
        if reference.allNumbers { reference.sortStoredNumbers() }
        if current.allNumbers { current.sortStoredNumbers() }
        let kind = DriftColumnKind.infer(
            current, forcedCategorical: gate.categorical.contains(column.name), forcedNumeric: gate.numeric.contains(column.name))
        guard kind != .text else { return .freeText }
        let test = DriftColumnTest(
            column: column.name, kind: kind, method: column.method ?? gate.method,
            threshold: column.threshold ?? gate.threshold, ksMethod: gate.ksMethod, bins: gate.bins)
        do throws(Problem) {
            return .compared(try test.run(reference: reference, current: current))
        } catch {
            return .problem(error.message)
        }
    }
}

extension DriftColumnResult {
    /// The column's verdict as a check: the method's value against its threshold, and
    /// the numbers behind it. It passes when the column has not drifted.
    var evaluation: CheckEvaluation {
        var message = "\(method.rawValue) \(valueName) \(NumberFormatting.fixed(value)) \(comparison) \(NumberFormatting.fixed(threshold)): \(drifted ? "drifted" : "no drift")"
        var notes: [String] = []
        if let statistic { notes.append("statistic \(NumberFormatting.fixed(statistic))") }
        if let autoReason { notes.append(autoReason) }
        notes += categoryNotes
        if !notes.isEmpty { message += " (\(notes.joined(separator: "; ")))" }
        var measurements = [Measurement("value", value), Measurement("threshold", threshold)]
        if let statistic { measurements.append(Measurement("statistic", statistic)) }
        measurements += [
            Measurement("reference_count", Double(referenceCount)), Measurement("current_count", Double(currentCount)),
        ]
        measurements += details.sorted { $0.key < $1.key }.map { Measurement($0.key, $0.value) }
        return CheckEvaluation(passed: !drifted, message: message, measurements: measurements)
    }
}

/// The dataset-level verdict: the dataset has drifted when the share of drifted columns
/// among those compared reaches `drift_share`.
struct DatasetDrift: Sendable {
    /// The compared columns' results.
    var columns: [DriftColumnResult]
    var driftShare: Double

    var drifted: [DriftColumnResult] { columns.filter(\.drifted) }
    var share: Double { columns.isEmpty ? 0 : Double(drifted.count) / Double(columns.count) }
    var hasDrifted: Bool { share >= driftShare }

    /// The verdict, or `nil` when no column could be compared (the check cannot run);
    /// ``message`` and ``measurements`` hold either way.
    var evaluation: CheckEvaluation? {
        columns.isEmpty ? nil : CheckEvaluation(passed: !hasDrifted, message: message, measurements: measurements)
    }

    var message: String {
        guard !columns.isEmpty else { return "no column could be compared" }
        let listed = drifted.map(\.column).joined(separator: ", ")
        return "\(drifted.count) of \(columns.count) columns drifted (share \(NumberFormatting.fixed(share)), \(hasDrifted ? "≥" : "<") \(NumberFormatting.fixed(driftShare)))\(listed.isEmpty ? "" : ": \(listed)")"
    }

    var measurements: [Measurement] {
        [
            Measurement("drifted_columns", Double(drifted.count)), Measurement("columns", Double(columns.count)),
            Measurement("share", share), Measurement("drift_share", driftShare),
        ]
    }

    /// The drift table for the reports.
    var report: DriftTableReport {
        DriftTableReport(columns: columns, driftShare: driftShare, share: share, drifted: hasDrifted)
    }
}
