import Foundation

/// The model gate's baseline: a champion's predictions paired with the candidate's rows
/// (by the server, ``ChampionPairing``, or here by id or row order), an earlier JSON
/// report's values, or the report stored with a registry alias's version.
extension ModelGate {
    /// The baseline ready for comparisons; `paired`, the champion's predictions already
    /// paired with the candidate's rows by the server (``ChampionPairing``).
    func loadBaseline(_ configured: ModelGateConfig.Baseline, candidate: LoadedPredictions?, paired: LoadedPredictions?) async
        throws(TableReadError) -> (LoadedBaseline, String, SourceLocation)
    {
        if case .predictions(let input, _) = configured, let champion = paired {
            let evaluator = await MetricEvaluator.prepare(champion.predictions, multiplicities: champion.multiplicities)
            return (.predictions(evaluator), "\(input.path): \(champion.rowCount) rows, paired by '\(gate.columns.id ?? "")' (joined by the server)", input.location)
        }
        switch configured {
        case .predictions(let input, var columns):
            // Champion predictions are paired with the rows: the candidate's were read.
            guard let candidate else { preconditionFailure("a champion's predictions without the candidate's rows") }
            if case .classification(let data) = candidate.predictions {
                columns.classes = data.classes
                if let positive = data.positiveClass { columns.positiveLabel = data.classes[positive] }
            }
            let loaded = try await PredictionsLoader(columns: columns).load(input)
            let aligned = try align(loaded, to: candidate, path: input.path)
            let pairing = gate.columns.id.map { "paired by '\($0)'" } ?? "paired by row order"
            return (.predictions(await MetricEvaluator.prepare(aligned)), "\(input.path): \(aligned.count) rows, \(pairing)", input.location)
        case .report(let path, let url, let gateName, let location):
            let values = try Self.reportValues(url: url, path: path, gate: gateName ?? self.gateName)
            return (.report(values), "\(path): \(values.count) metric values of gate '\(gateName ?? self.gateName)'", location)
        case .registry(let reference, let gateName, let location):
            let stored: StoredReport
            do throws(PromotionError) {
                stored = try await reference.registry.open().report(model: reference.model, alias: reference.alias)
            } catch {
                throw TableReadError(code: "scheme-error", message: "the champion's report: \(error.message)", location: location)
            }
            let values = try Self.reportValues(data: stored.data, path: stored.source, gate: gateName ?? self.gateName)
            return (.report(values), "\(reference): version \(stored.version), \(values.count) metric values of gate '\(gateName ?? self.gateName)'", location)
        }
    }

    /// The baseline's rows in the candidate's order, checked to be the same rows.
    func align(_ baseline: LoadedPredictions, to candidate: LoadedPredictions, path: String) throws(TableReadError)
        -> Predictions
    {
        var order: [Int]
        if let candidateIDs = candidate.ids, let baselineIDs = baseline.ids {
            var position: [String: Int] = [:]
            for (row, id) in baselineIDs.enumerated() {
                guard position.updateValue(row, forKey: id) == nil else {
                    throw TableReadError(
                        code: "unique-error", message: "id '\(id)' occurs twice; ids must pair rows one to one",
                        location: SourceLocation(file: path, line: row + 2))
                }
            }
            order = []
            order.reserveCapacity(candidateIDs.count)
            for id in candidateIDs {
                guard let row = position[id] else {
                    throw TableReadError(
                        code: "missing-row", message: "no row with id '\(id)' (the candidate has it): the baseline must cover the same rows",
                        location: SourceLocation(file: path))
                }
                order.append(row)
            }
            if Set(candidateIDs).count != candidateIDs.count {
                throw TableReadError(
                    code: "unique-error", message: "the candidate's ids are not unique: they cannot pair rows",
                    location: SourceLocation(file: gate.predictions.path))
            }
        } else {
            guard baseline.predictions.count == candidate.predictions.count else {
                throw TableReadError(
                    code: "missing-row",
                    message: "\(baseline.predictions.count) rows, but the candidate has \(candidate.predictions.count): paired by row order, both must have the same rows (or name an 'id' column)",
                    location: SourceLocation(file: path))
            }
            order = Array(0..<candidate.predictions.count)
        }
        let aligned = baseline.predictions.subset(order)
        // The same rows have the same truth.
        switch (aligned, candidate.predictions) {
        case (.classification(let a), .classification(let b)):
            if let row = a.labels.indices.first(where: { a.labels[$0] != b.labels[$0] }) {
                throw labelMismatch(row: row, path: path, a: a.classes[Int(a.labels[row])], b: b.classes[Int(b.labels[row])])
            }
        case (.regression(let a), .regression(let b)):
            if let row = a.labels.indices.first(where: { a.labels[$0] != b.labels[$0] }) {
                throw labelMismatch(row: row, path: path, a: "\(a.labels[row])", b: "\(b.labels[row])")
            }
        default: break
        }
        return aligned
    }

    func labelMismatch(row: Int, path: String, a: String, b: String) -> TableReadError {
        TableReadError(
            code: "constraint-error",
            message: "the label of the row paired with the candidate's row \(row + 2) is '\(a)', the candidate's is '\(b)': the baseline must be evaluated on the same rows",
            location: SourceLocation(file: path))
    }

    /// Every check's `value` measurement in gate `gate` of an earlier JSON report.
    static func reportValues(url: URL, path: String, gate: String) throws(TableReadError) -> [String: Double] {
        let data: Data
        do {
            data = try DocumentFile.read(url)
        } catch {
            throw TableReadError(
                code: "scheme-error", message: "cannot read the baseline report: \(error.localizedDescription)",
                location: SourceLocation(file: path))
        }
        return try reportValues(data: data, path: path, gate: gate)
    }

    /// The metric values of `gate` in the JSON report `data` (read from `path`).
    static func reportValues(data: Data, path: String, gate: String) throws(TableReadError) -> [String: Double] {
        let report: RunReport
        do throws(ReportReadError) {
            report = try ReportReader.read(data: data, path: path)
        } catch {
            throw TableReadError(code: "source-error", message: "not an mlgate JSON report (expected the output of 'mlgate check --json'): \(error.message)", location: SourceLocation(file: path))
        }
        guard let result = report.gates.first(where: { $0.name == gate }) else {
            throw TableReadError(
                code: "source-error",
                message: "the report has no gate '\(gate)' (gates: \(report.gates.map(\.name).joined(separator: ", ")))",
                location: SourceLocation(file: path))
        }
        var values: [String: Double] = [:]
        for check in result.checks {
            if let value = check.measurements.first(where: { $0.name == "value" })?.value { values[check.name] = value }
        }
        return values
    }

    /// Each scope's metrics of sums folded from a server's grouped rows, by the scope's
    /// suffix (``Scope/suffix``).
    static func scopeMetrics<Metrics>(_ folded: FoldedScores<Metrics>) -> [String: Metrics] {
        var scopes = ["": folded.overall]
        for slice in folded.slices { scopes["[\(slice.column)=\(slice.value)]"] = slice.metrics }
        return scopes
    }

    /// Each scope's sums computed by the server, by the scope's suffix (``Scope/suffix``).
    static func scopeMetrics(_ pushed: RegressionPushdown.Result) -> [String: any ComputedMetrics] {
        var scopes: [String: any ComputedMetrics] = ["": pushed.overall]
        for (column, values) in pushed.slices {
            for (value, sums) in values { scopes["[\(column)=\(value)]"] = sums }
        }
        return scopes
    }

    /// The metrics a check judges with a confidence.
    var bootstrappedMetrics: [Metric] {
        Array(Set(gate.checks.filter { $0.confidence != nil }.map(\.metric)))
    }

    /// The paired bootstrap's distributions of every metric a check judges with a
    /// confidence, by scope suffix, from a regressor's and its champion's sums drawn from
    /// their joined rows, and each one's medians drawn so, when a check needs them.
    func bootstrapDistributions(
        _ scopes: [String: [ResampledRegressionSums]],
        medians: (candidate: [String: [ResampledMedians]], champion: [String: [ResampledMedians]])? = nil
    ) -> [String: [Metric: PairedBootstrap.Distribution]] {
        let metrics = bootstrappedMetrics
        guard !metrics.isEmpty else { return [:] }
        var all: [String: [Metric: PairedBootstrap.Distribution]] = [:]
        for (suffix, parts) in scopes {
            let drawn = medians.flatMap { medians in
                medians.candidate[suffix].flatMap { candidate in medians.champion[suffix].map { (candidate, $0) } }
            }
            let computed = ResampledRegressionSums.distributions(parts, medians: drawn, resamples: gate.bootstrap.resamples, metrics: metrics)
            all[suffix] = Dictionary(uniqueKeysWithValues: zip(metrics, computed))
        }
        return all
    }

    /// The paired bootstrap's distributions of every metric a check judges with a
    /// confidence, by scope suffix, from the candidate's ranked read and the champion's.
    func bootstrapDistributions(_ candidate: PairedResampling.Drawn, _ champion: PairedResampling.Drawn)
        -> [String: [Metric: PairedBootstrap.Distribution]]
    {
        let metrics = bootstrappedMetrics
        guard !metrics.isEmpty else { return [:] }
        var all: [String: [Metric: PairedBootstrap.Distribution]] = [:]
        for (suffix, candidateSums) in candidate.scopes {
            guard let championSums = champion.scopes[suffix] else { continue }
            let computed = ResampledBinarySums.distributions(
                candidate: candidateSums, classes: candidate.classes, names: candidate.names, baseline: championSums,
                baselineClasses: champion.classes, baselineNames: champion.names, resamples: gate.bootstrap.resamples, metrics: metrics)
            all[suffix] = Dictionary(uniqueKeysWithValues: zip(metrics, computed))
        }
        return all
    }

    /// The paired bootstrap's distributions of every metric a check judges with a
    /// confidence, by scope suffix, from a classifier's and its champion's read of their
    /// joined rows (``PairedClassifierConsumer``).
    func bootstrapDistributions(_ folded: PairedClassifierConsumer.Folded) -> [String: [Metric: PairedBootstrap.Distribution]] {
        let metrics = bootstrappedMetrics
        guard !metrics.isEmpty else { return [:] }
        let candidate = ResampledMulticlassSums.Model(
            classes: folded.candidate.classes, names: folded.candidate.names, weighted: gate.columns.weight != nil)
        let champion = ResampledMulticlassSums.Model(
            classes: folded.champion.classes, names: folded.champion.names, weighted: gate.columns.weight != nil)
        var all: [String: [Metric: PairedBootstrap.Distribution]] = [:]
        for (suffix, parts) in folded.drawn {
            let computed = ResampledMulticlassSums.distributions(
                parts, candidate: candidate, champion: champion, resamples: gate.bootstrap.resamples, metrics: metrics)
            all[suffix] = Dictionary(uniqueKeysWithValues: zip(metrics, computed))
        }
        return all
    }
}
