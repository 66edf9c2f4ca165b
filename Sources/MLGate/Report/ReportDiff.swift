/// How a run moved from a base report (the target branch's last `mlgate check --json`)
/// to a head report (this merge request's): which checks changed outcome, appeared or
/// disappeared, and how every model metric (with its champion comparison), fairness
/// aggregate, drift score and data statistic moved. Checks are matched by gate name and
/// check name.
public struct ReportDiff: Sendable, Hashable, Encodable {
    /// The base run's verdict and counts.
    public var base: Side
    /// The head run's verdict and counts.
    public var head: Side
    /// Every check whose outcome changed, or that is in one report only, in the head's
    /// order (then the base's, for disappeared checks).
    public var changes: [CheckChange]
    /// Every number present in both reports, in the head's order; unchanged ones too.
    public var moves: [ValueMove]

    /// One report's summary.
    public struct Side: Sendable, Hashable, Encodable {
        /// The verdict.
        public var status: RunStatus
        /// The mlgate version that wrote it.
        public var mlgateVersion: String
        /// Its outcome counts.
        public var totals: OutcomeCounts
    }

    /// A check whose outcome is not what it was.
    public struct CheckChange: Sendable, Hashable, Encodable {
        /// The gate's name.
        public var gate: String
        /// The check's name.
        public var check: String
        /// What happened.
        public var kind: Kind
        /// Its outcome in the base report (absent when it appeared).
        public var base: CheckOutcome?
        /// Its outcome in the head report (absent when it disappeared).
        public var head: CheckOutcome?
        /// The head's message (the base's when it disappeared).
        public var message: String
    }

    /// How a check's outcome changed.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Failed (or could not run) in head, not in base.
        case newlyFailing = "newly_failing"
        /// Warned in head, passed or was skipped in base.
        case newlyWarning = "newly_warning"
        /// Passed in head after failing, warning or not running in base.
        case newlyPassing = "newly_passing"
        /// Skipped in head, judged in base.
        case newlySkipped = "newly_skipped"
        /// Only in head.
        case appeared
        /// Only in base.
        case disappeared
    }

    /// One number of one check in both reports.
    public struct ValueMove: Sendable, Hashable, Encodable {
        /// The gate's name.
        public var gate: String
        /// The gate's kind.
        public var kind: GateKind
        /// The check's name.
        public var check: String
        /// The measurement's name (`value`, `baseline`, `share`, `observed`, …).
        public var quantity: String
        /// The base's value.
        public var base: Double
        /// The head's value.
        public var head: Double
        /// `head - base`.
        public var delta: Double { head - base }
        /// Whether it moved at all (NaN to NaN is no move).
        public var moved: Bool { !(head == base || (head.isNaN && base.isNaN)) }

        private enum CodingKeys: String, CodingKey { case gate, kind, check, quantity, base, head, delta }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(gate, forKey: .gate)
            try container.encode(kind, forKey: .kind)
            try container.encode(check, forKey: .check)
            try container.encode(quantity, forKey: .quantity)
            try container.encode(base, forKey: .base)
            try container.encode(head, forKey: .head)
            try container.encode(delta, forKey: .delta)
        }
    }

    /// The numbers a diff follows, by gate kind: a model metric and its champion
    /// comparison, a fairness aggregate, a drift score (and the dataset's drifted share),
    /// a data statistic.
    public static func quantities(of kind: GateKind) -> [String] {
        switch kind {
        case .model: ["value", "baseline", "drop"]
        case .fairness: ["value"]
        case .drift: ["value", "statistic", "share"]
        case .data: ["observed"]
        }
    }

    /// Compares `head` against `base`.
    public init(base: RunReport, head: RunReport) {
        self.base = Side(status: base.status, mlgateVersion: base.mlgateVersion, totals: base.totals)
        self.head = Side(status: head.status, mlgateVersion: head.mlgateVersion, totals: head.totals)
        struct Key: Hashable { var gate: String, check: String }
        var baseChecks: [Key: (GateResult, CheckResult)] = [:]
        for gate in base.gates {
            for check in gate.checks where baseChecks[Key(gate: gate.name, check: check.name)] == nil {
                baseChecks[Key(gate: gate.name, check: check.name)] = (gate, check)
            }
        }
        var seen = Set<Key>()
        changes = []
        moves = []
        for gate in head.gates {
            for check in gate.checks {
                let key = Key(gate: gate.name, check: check.name)
                guard seen.insert(key).inserted else { continue }
                guard let (baseGate, before) = baseChecks[key] else {
                    changes.append(CheckChange(gate: gate.name, check: check.name, kind: .appeared, base: nil, head: check.outcome, message: check.message))
                    continue
                }
                if let kind = Self.kind(from: before.outcome, to: check.outcome) {
                    changes.append(CheckChange(gate: gate.name, check: check.name, kind: kind, base: before.outcome, head: check.outcome, message: check.message))
                }
                guard baseGate.kind == gate.kind else { continue }
                for quantity in Self.quantities(of: gate.kind) {
                    guard let old = before.measurements.first(where: { $0.name == quantity })?.value,
                        let new = check.measurements.first(where: { $0.name == quantity })?.value
                    else { continue }
                    moves.append(ValueMove(gate: gate.name, kind: gate.kind, check: check.name, quantity: quantity, base: old, head: new))
                }
            }
        }
        for gate in base.gates {
            for check in gate.checks where seen.insert(Key(gate: gate.name, check: check.name)).inserted {
                changes.append(CheckChange(gate: gate.name, check: check.name, kind: .disappeared, base: check.outcome, head: nil, message: check.message))
            }
        }
    }

    /// The change from one outcome to another, or nil when it is no change worth naming.
    static func kind(from base: CheckOutcome, to head: CheckOutcome) -> Kind? {
        func failing(_ outcome: CheckOutcome) -> Bool { outcome == .failed || outcome == .error }
        if failing(head) { return failing(base) ? nil : .newlyFailing }
        switch head {
        case .warning: return base == .warning ? nil : .newlyWarning
        case .passed: return base == .passed ? nil : .newlyPassing
        case .skipped: return base == .skipped ? nil : .newlySkipped
        case .failed, .error: return nil
        }
    }

    /// The changes of one kind.
    public func changes(_ kind: Kind) -> [CheckChange] { changes.filter { $0.kind == kind } }

    /// The moves that moved.
    public var moved: [ValueMove] { moves.filter(\.moved) }
}
