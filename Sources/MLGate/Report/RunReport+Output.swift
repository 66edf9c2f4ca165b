extension RunReport {
    /// Marks a run whose reports or attestation could not be written as one that could
    /// not finish: its verdict becomes `error` (exit 2), so that the summary never
    /// announces an exit code the process does not return.
    public mutating func markOutputFailed() {
        status = .error
    }
}
