import Foundation

/// Reads a JSON report (`mlgate check --json`) back: the one reader of report files, for
/// `mlgate diff`, `mlgate comment` and champion baselines. The bytes are untrusted (a
/// report downloaded from another pipeline): every problem is a ``ReportReadError``
/// naming the file and where in it (line and column of a syntax error, the key path of
/// a value that is not what a report holds).
public enum ReportReader {
    /// The report in `data`, read from `path` (for messages).
    public static func read(data: Data, path: String) throws(ReportReadError) -> RunReport {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw ReportReadError(path: path, message: "invalid JSON\(SystemError.jsonPosition(error, in: data))")
        }
        guard let object = parsed as? [String: Any] else {
            throw ReportReadError(path: path, message: "at the top level: expected an object")
        }
        if let version = object["formatVersion"] as? Int, version > RunReport.formatVersion {
            throw ReportReadError(
                path: path,
                message: "at 'formatVersion': format version \(version) is newer than this mlgate reads (\(RunReport.formatVersion)): use the mlgate that wrote it")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        do {
            return try decoder.decode(RunReport.self, from: data)
        } catch {
            throw ReportReadError(path: path, message: SystemError.describe(error))
        }
    }

    /// The report in the file at `path`.
    public static func read(file path: String) throws(ReportReadError) -> RunReport {
        let data: Data
        do {
            data = try DocumentFile.read(URL(fileURLWithPath: path))
        } catch {
            throw ReportReadError(path: path, message: "cannot read the report: \(SystemError.describe(error))")
        }
        return try read(data: data, path: path)
    }
}

/// A JSON report that could not be read: `path: error: message (expected …)`.
public struct ReportReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, as named on the command line.
    public var path: String
    /// What is wrong, and where in the file.
    public var message: String

    /// Creates an error.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `path: error: message (expected the JSON report of 'mlgate check --json')`.
    public var description: String {
        "\(path): error: not an mlgate JSON report: \(message) (expected the JSON report of 'mlgate check --json')"
    }
}
