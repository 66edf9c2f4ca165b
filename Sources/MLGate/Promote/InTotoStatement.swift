import Foundation

/// An in-toto Statement (v1): what was attested (the subjects, by digest) and what is
/// said about them (the predicate). See https://github.com/in-toto/attestation.
public struct InTotoStatement: Sendable, Hashable, Codable {
    /// The statement type of in-toto v1.
    public static let type = "https://in-toto.io/Statement/v1"

    /// Always ``type``.
    public var type: String
    /// The attested artifacts and datasets.
    public var subject: [Subject]
    /// Always ``GatePredicate/type``.
    public var predicateType: String
    /// The gate's result.
    public var predicate: GatePredicate

    /// Creates a statement.
    public init(subject: [Subject], predicate: GatePredicate) {
        self.type = Self.type
        self.subject = subject
        self.predicateType = GatePredicate.type
        self.predicate = predicate
    }

    enum CodingKeys: String, CodingKey {
        case type = "_type"
        case subject, predicateType, predicate
    }

    /// One attested file or folder: an in-toto ResourceDescriptor.
    public struct Subject: Sendable, Hashable, Codable {
        /// The path as the config or the command line named it.
        public var name: String
        /// `{"sha256": …}`.
        public var digest: [String: String]
        /// `mlgate.role` (`model` or `dataset`) and, for folders, `mlgate.folder: "true"`.
        public var annotations: [String: String]?

        /// Creates a subject.
        public init(name: String, digest: ArtifactDigest, role: Role) {
            self.name = name
            self.digest = ["sha256": digest.sha256]
            var annotations = ["mlgate.role": role.rawValue]
            if digest.isDirectory { annotations["mlgate.folder"] = "true" }
            self.annotations = annotations
        }

        /// What the subject is to the gate.
        public enum Role: String, Sendable, Hashable, Codable {
            /// A model artifact: what `mlgate promote` moves.
            case model
            /// A file a gate read.
            case dataset
        }

        /// Its role; subjects without the annotation count as models.
        public var role: Role { annotations?["mlgate.role"].flatMap(Role.init(rawValue:)) ?? .model }
        /// Its SHA-256, if given.
        public var sha256: String? { digest["sha256"]?.lowercased() }
        /// Whether it is a folder.
        public var isFolder: Bool { annotations?["mlgate.folder"] == "true" }
    }
}

/// The predicate of an mlgate attestation: the gate's verdict on exactly these subjects.
public struct GatePredicate: Sendable, Hashable, Codable {
    /// The predicate type.
    public static let type = "https://mlgate.dev/attestation/gate-result/v1"

    /// The verdict of the run.
    public var status: RunStatus
    /// The mlgate version that ran the gate.
    public var mlgateVersion: String
    /// The config, with the digest of its bytes.
    public var config: DigestedFile
    /// The JSON report of the run, when one was written.
    public var report: DigestedFile?
    /// The mlgate executable that ran the gate, with its SHA-256, when it was recorded, so
    /// that a promote job can require the very binary that gated.
    public var executable: DigestedFile?
    /// When the run started.
    public var startedAt: Date
    /// Counts over every check.
    public var totals: OutcomeCounts
    /// Each gate's verdict and its checks' outcomes.
    public var gates: [Gate]

    /// Creates a predicate.
    public init(
        status: RunStatus, mlgateVersion: String, config: DigestedFile, report: DigestedFile?, startedAt: Date,
        totals: OutcomeCounts, gates: [Gate]
    ) {
        self.status = status
        self.mlgateVersion = mlgateVersion
        self.config = config
        self.report = report
        self.startedAt = startedAt
        self.totals = totals
        self.gates = gates
    }

    /// A file named with its digest.
    public struct DigestedFile: Sendable, Hashable, Codable {
        /// Its path as named in the run.
        public var path: String
        /// `{"sha256": …}`.
        public var digest: [String: String]

        /// Creates one.
        public init(path: String, sha256: String) {
            self.path = path
            self.digest = ["sha256": sha256]
        }
    }

    /// One gate's verdict.
    public struct Gate: Sendable, Hashable, Codable {
        /// Its name.
        public var name: String
        /// Its kind.
        public var kind: GateKind
        /// Its verdict.
        public var status: RunStatus
        /// Its checks.
        public var checks: [Check]
    }

    /// One check's outcome and numbers.
    public struct Check: Sendable, Hashable, Codable {
        /// Its name.
        public var name: String
        /// Its identifier.
        public var check: String
        /// Its severity.
        public var severity: CheckSeverity
        /// How it ended.
        public var outcome: CheckOutcome
        /// The numbers behind the verdict.
        public var measurements: [Measurement]
    }

    /// The predicate of a run; `executable` is the mlgate that ran it, when known.
    public init(report: RunReport, config: DigestedFile, jsonReport: DigestedFile?, executable: DigestedFile? = nil) {
        self.init(
            status: report.status, mlgateVersion: report.mlgateVersion, config: config, report: jsonReport,
            startedAt: report.startedAt, totals: report.totals,
            gates: report.gates.map { gate in
                Gate(
                    name: gate.name, kind: gate.kind, status: gate.status,
                    checks: gate.checks.map {
                        Check(name: $0.name, check: $0.check, severity: $0.severity, outcome: $0.outcome, measurements: $0.measurements)
                    })
            })
        self.executable = executable
    }

    /// The model gates' metric values on all rows (not per slice), `gate.check` → value,
    /// for registry tags.
    public var keyMetrics: [(name: String, value: Double)] {
        gates.filter { $0.kind == .model }.flatMap { gate in
            gate.checks.filter { !$0.name.contains("[") }.compactMap { check in
                check.measurements.first(where: { $0.name == "value" }).map { ("\(gate.name).\(check.name)", $0.value) }
            }
        }
    }
}
