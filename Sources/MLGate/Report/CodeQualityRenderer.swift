import Foundation

/// Renders a run as a GitLab Code Quality report (`artifacts:reports:codequality`, free
/// tier): a JSON array with one issue per check that failed, warned or could not run, in
/// the subset of the Code Climate format GitLab reads — `description`, `check_name`,
/// `fingerprint`, `severity`, `location.path` and `location.lines.begin`.
///
/// - `location` is the config line that declared the check (the config loader's source
///   location), or the data file's line for an input that could not be read; a path under
///   ``root`` is written relative to it, since GitLab wants repository-relative paths.
/// - `severity`: a check that could not run is `blocker`, a failed check `critical`, a
///   warning `minor`.
/// - `fingerprint`: the SHA-256 (hex, first 32 digits) of the gate's name, the check's
///   name and whether it failed or warned — stable from run to run whatever the numbers
///   and the line, so that GitLab's widget shows what is new and what was resolved
///   against the target branch, and unique within a run (check names are unique in a gate).
public struct CodeQualityRenderer: Sendable {
    /// The folder paths are written relative to (the repository root), if any.
    public var root: String?

    /// Creates a renderer; `root` is the folder paths are made relative to.
    public init(root: String? = nil) {
        self.root = root
    }

    /// One Code Quality issue.
    public struct Issue: Sendable, Hashable, Codable {
        /// What is wrong: the gate, the check and its message.
        public var description: String
        /// `mlgate/<check identifier>`.
        public var checkName: String
        /// Identifies the issue across runs.
        public var fingerprint: String
        /// `info`, `minor`, `major`, `critical` or `blocker`.
        public var severity: String
        /// Where: the file and its first line.
        public var location: Location

        /// A file and a line.
        public struct Location: Sendable, Hashable, Codable {
            /// Relative to the repository root.
            public var path: String
            /// The line.
            public var lines: Lines
        }

        /// The first line.
        public struct Lines: Sendable, Hashable, Codable {
            /// 1-based.
            public var begin: Int
        }

        enum CodingKeys: String, CodingKey {
            case description, checkName = "check_name", fingerprint, severity, location
        }
    }

    /// The issues, in config order.
    public func issues(_ report: RunReport) -> [Issue] {
        report.gates.flatMap { gate in
            gate.checks.compactMap { check -> Issue? in
                let mapped: (severity: String, kind: String)? =
                    switch check.outcome {
                    case .error: ("blocker", "error")
                    case .failed: ("critical", "failed")
                    case .warning: ("minor", "warning")
                    case .passed, .skipped: nil
                    }
                guard let mapped else { return nil }
                let location = check.location ?? SourceLocation(file: report.config)
                return Issue(
                    description: "mlgate \(gate.name): \(check.name): \(check.message)",
                    checkName: "mlgate/\(check.check)",
                    fingerprint: Self.fingerprint(gate: gate.name, check: check.name, kind: mapped.kind),
                    severity: mapped.severity,
                    location: .init(path: relative(location.file), lines: .init(begin: max(1, location.line ?? 1))))
            }
        }
    }

    /// The report: a JSON array (an empty one when nothing failed or warned).
    public func render(_ report: RunReport) throws(ReportRenderError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            var data = try encoder.encode(issues(report))
            data.append(UInt8(ascii: "\n"))
            return data
        } catch {
            throw ReportRenderError(reason: "Code Quality JSON: \(error)")
        }
    }

    /// The fingerprint of a gate's check that ended `kind` (`failed`, `warning`, `error`).
    static func fingerprint(gate: String, check: String, kind: String) -> String {
        String(ArtifactDigest.sha256(of: Data("mlgate\u{0}\(gate)\u{0}\(check)\u{0}\(kind)".utf8)).prefix(32))
    }

    /// `path` relative to ``root`` when it lies under it, without a leading `./`.
    func relative(_ path: String) -> String {
        var path = path
        if let root, path.hasPrefix("/") {
            let base = root.hasSuffix("/") ? root : root + "/"
            if path.hasPrefix(base) { path = String(path.dropFirst(base.count)) }
        }
        while path.hasPrefix("./") { path.removeFirst(2) }
        return path
    }
}
