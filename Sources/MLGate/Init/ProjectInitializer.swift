import Foundation

/// The CI systems `mlgate init --ci` writes a workflow for.
public enum CISystem: String, Sendable, CaseIterable {
    /// GitHub Actions: `.github/workflows/mlgate.yml`.
    case github
    /// GitLab CI/CD: `.gitlab-ci.yml`.
    case gitlab

    /// Where the CI file goes, relative to the project root.
    public var path: String {
        switch self {
        case .github: ".github/workflows/mlgate.yml"
        case .gitlab: ".gitlab-ci.yml"
        }
    }
}

/// A file `mlgate init` writes.
public struct StarterFile: Sendable, Hashable {
    /// The path relative to the project root.
    public var path: String
    /// The content.
    public var contents: String
}

/// Why `mlgate init` wrote nothing.
public struct InitError: Error, Sendable, CustomStringConvertible {
    /// The message, naming the files involved.
    public var message: String

    public var description: String { "error: \(message)" }
}

/// Writes a starter `mlgate.yml` (and a CI file) into a project.
///
/// The starter config is valid as written: with `dataPath` it gates that table, with
/// the table's own columns required; without it, it names a placeholder table the user
/// edits. Existing files are never overwritten unless `force` is set, and either every
/// file is written or none is.
public struct ProjectInitializer: Sendable {
    /// The project root.
    public var directory: URL
    /// The CI system to write a workflow for, if any.
    public var ci: CISystem?
    /// A table to gate, relative to the project root.
    public var dataPath: String?
    /// Overwrite existing files.
    public var force: Bool

    /// Where reports land, relative to the project root (and so to `mlgate.yml`).
    public static let reportDirectory = "mlgate-reports"

    /// Creates an initializer.
    public init(directory: URL, ci: CISystem? = nil, dataPath: String? = nil, force: Bool = false) {
        self.directory = directory
        self.ci = ci
        self.dataPath = dataPath
        self.force = force
    }

    /// The files that would be written.
    public func files() throws(InitError) -> [StarterFile] {
        var files = [StarterFile(path: "mlgate.yml", contents: try config())]
        if let ci {
            files.append(StarterFile(path: ci.path, contents: Self.workflow(for: ci)))
        }
        return files
    }

    /// Writes the files (atomically, each) and returns their paths relative to the root.
    @discardableResult
    public func write() throws(InitError) -> [String] {
        let files = try files()
        if !force {
            let existing = files.map(\.path).filter {
                FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path)
            }
            if !existing.isEmpty {
                throw InitError(
                    message: "\(existing.joined(separator: ", ")) already exist\(existing.count == 1 ? "s" : ""): "
                        + "nothing was written; pass --force to overwrite")
            }
        }
        for file in files {
            do {
                try AtomicFileWriter.write(Data(file.contents.utf8), to: directory.appendingPathComponent(file.path))
            } catch {
                throw InitError(message: error.description)
            }
        }
        return files.map(\.path)
    }

    private func config() throws(InitError) -> String {
        let table = dataPath ?? "data/train.csv"
        var columns = ["id", "label"]
        if let dataPath {
            do {
                columns = try CSVReader(
                    url: MLGateConfig.resolve(dataPath, against: directory),
                    dialect: TableFormat(inferringFrom: dataPath) == .tsv ? .tsv : .csv,
                    displayPath: dataPath
                ).columns
            } catch {
                throw InitError(message: "cannot read the header of \(dataPath): \(error)")
            }
        }
        let columnList = columns.map(Self.yamlScalar).joined(separator: ", ")
        let note = dataPath == nil ? "   # change to your table (CSV)" : ""
        return """
            # mlgate.yml: the quality gate of this project.
            # Reference: docs/config.md in the mlgate repository.
            # Run it: `swift package mlgate` (Swift packages) or `mlgate check`.
            version: 1

            # Reports, relative to this file. JUnit for the CI test tab, Markdown for the
            # job summary, JSON for tools.
            reports:
              junit: \(Self.reportDirectory)/junit.xml
              json: \(Self.reportDirectory)/report.json
              markdown: \(Self.reportDirectory)/summary.md

            gates:
              - name: training-data
                kind: data
                input: \(Self.yamlScalar(table))\(note)
                checks:
                  - check: required_columns
                    columns: [\(columnList)]
                  - check: row_count
                    min: 1

            """
    }

    /// A string as a YAML flow scalar, quoted when it would not read back as itself.
    static func yamlScalar(_ text: String) -> String {
        let plain = text.allSatisfy { $0.isLetter || $0.isNumber || "_-./".contains($0) }
        if plain, let first = text.first, first.isLetter || first == "_" || first == "." || first == "/" {
            let reserved = ["true", "false", "yes", "no", "on", "off", "null", "y", "n"]
            if !reserved.contains(text.lowercased()) { return text }
        }
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\""
    }

    /// The CI file for a Swift package that depends on mlgate.
    public static func workflow(for ci: CISystem) -> String {
        switch ci {
        case .github:
            return """
                # Runs the mlgate quality gate on every pull request, in the merge queue and on
                # pushes to main. The gate is this workflow's status check; reports are uploaded
                # as an artifact. Third-party actions are pinned by commit SHA (the version in
                # the comment); checkout keeps no credentials.
                name: mlgate

                on:
                  pull_request:
                  merge_group:
                  push:
                    branches: [main]

                permissions:
                  contents: read

                concurrency:
                  group: ${{ github.workflow }}-${{ github.event.pull_request.number || github.ref }}
                  cancel-in-progress: ${{ github.event_name == 'pull_request' }}

                jobs:
                  gate:
                    runs-on: ubuntu-latest
                    container: swift:6.2
                    timeout-minutes: 30
                    steps:
                      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
                        with:
                          persist-credentials: false
                      - name: Install libxml2
                        run: apt-get update && apt-get install -y --no-install-recommends libxml2-dev
                      - name: Run the gate
                        run: swift package mlgate --github-annotations
                      - name: Job summary
                        if: always()
                        run: cat \(reportDirectory)/summary.md >> "$GITHUB_STEP_SUMMARY" || true
                      - name: Upload reports
                        if: always()
                        uses: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2
                        with:
                          name: mlgate-reports
                          path: \(reportDirectory)/

                """
        case .gitlab:
            return """
                # Runs the mlgate quality gate in merge request pipelines and on the default
                # branch. JUnit goes to the merge request's test report, each failed or warned
                # check to its Code Quality widget.
                stages:
                  - test

                mlgate:
                  stage: test
                  image: swift:6.2
                  rules:
                    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
                    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
                  before_script:
                    - apt-get update && apt-get install -y --no-install-recommends libxml2-dev
                  script:
                    - swift package mlgate --codequality \(reportDirectory)/codequality.json
                  artifacts:
                    when: always
                    paths:
                      - \(reportDirectory)/
                    reports:
                      junit: \(reportDirectory)/junit.xml
                      codequality: \(reportDirectory)/codequality.json

                """
        }
    }
}
