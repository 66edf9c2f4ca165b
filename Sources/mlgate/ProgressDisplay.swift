import Foundation
import MLGate

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Shows how much input a long run has read, on standard error, only when standard
/// error is a terminal (a CI log stays clean): rows, megabytes and MB/s, redrawn in place.
enum ProgressDisplay {
    /// Runs `work` while a progress line is kept up to date (after a first second, so
    /// that short runs show nothing).
    static func around<Result: Sendable>(_ work: @Sendable () async -> Result) async -> Result {
        guard isatty(STDERR_FILENO) == 1 else { return await work() }
        let start = ContinuousClock.now
        let display = Task {
            var shown = false
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(shown ? 250 : 1000))
                if Task.isCancelled { break }
                let (bytes, rows) = ReadProgress.shared.snapshot
                let seconds = max(0.001, (ContinuousClock.now - start).seconds)
                let megabytes = Double(bytes) / 1_048_576
                let line = String(format: "\rreading: %@ rows, %.1f MB, %.1f MB/s ", Self.grouped(rows), megabytes, megabytes / seconds)
                FileHandle.standardError.write(Data(line.utf8))
                shown = true
            }
            if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        }
        let result = await work()
        display.cancel()
        _ = await display.value
        return result
    }

    private static func grouped(_ value: Int) -> String {
        let digits = Array(String(value))
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return text
    }
}

extension Duration {
    fileprivate var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
