import Foundation

/// The mlgate executable that gates and promotes: the running one (``current()``) is
/// recorded in an attestation by SHA-256 when the gate runs, and checked again by
/// `mlgate promote --require-same-mlgate` (``verify(_:version:against:source:)``), so
/// that the binary that promotes is the very one that gated, not one rebuilt at
/// approval time.
public enum MLGateExecutable {
    /// The running executable: `/proc/self/exe` on Linux, else the main bundle's
    /// executable; `nil` when neither can be found.
    public static func current() -> URL? {
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: target)
        }
        return Bundle.main.executableURL?.resolvingSymlinksInPath()
    }

    /// Refuses unless `predicate` records the executable at `url`: the same `version` and
    /// the same SHA-256. An attestation without a recorded executable is refused too,
    /// since nothing then shows which binary gated.
    public static func verify(_ url: URL, version: String, against predicate: GatePredicate, source: String)
        throws(PromotionError)
    {
        guard let recorded = predicate.executable, let expected = recorded.digest["sha256"]?.lowercased() else {
            throw PromotionError(.digestMismatch, "\(source): records no mlgate executable, so this mlgate (\(version)) cannot be shown to be the one that gated (its gate ran an mlgate that did not record its executable: run the gate again with this one)")
        }
        let actual = try ArtifactDigest.of(url, displayPath: url.path).sha256
        var problems: [String] = []
        if predicate.mlgateVersion != version {
            problems.append("version \(version), but the gate ran mlgate \(predicate.mlgateVersion)")
        }
        if actual != expected {
            problems.append("sha256:\(actual), but the gate ran sha256:\(expected) (\(recorded.path))")
        }
        if !problems.isEmpty {
            throw PromotionError(.digestMismatch, "\(url.path): not the mlgate that gated: " + problems.joined(separator: "; ") + " (pass the gate job's mlgate binary on to the promote job)")
        }
    }
}
