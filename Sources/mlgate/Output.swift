import ArgumentParser
import Foundation
import MLGate

/// Printing, in one place: results to standard output, problems to standard error.
enum Output {
    /// Every line goes through ``CredentialRedaction``: no URL credential is printed.
    static func print(_ text: String) {
        FileHandle.standardOutput.write(Data(CredentialRedaction.redact(text).utf8))
    }

    static func error(_ text: String) {
        let text = CredentialRedaction.redact(text)
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}

extension RunStatus {
    /// Ends the command with this verdict's exit code, unless it passed.
    func exitUnlessPassed() throws {
        if self != .passed { throw ExitCode(exitCode) }
    }
}

extension ValidationError {
    /// The problems of a command's options, printed as argument-parser prints a usage
    /// error (with the usage), exit 2.
    init(_ problems: [OptionProblem]) {
        self.init(problems.map(\.description).joined(separator: "\n"))
    }
}
