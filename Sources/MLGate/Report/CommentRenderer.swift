import Foundation

/// Renders the merge-request comment: a hidden marker (so that the next run finds and
/// updates the same comment), the verdict, failures and warnings one line each with
/// their numbers, the model against its champion, the fairness and drift headlines,
/// with a base report the change since the target branch, the passing checks collapsed,
/// and links (the job, the HTML report, the attested digests).
///
/// The comment always fits the forge's limit: sections that do not fit are cut, in
/// reverse order of importance, with a pointer to the full report; it never fails.
public struct CommentRenderer: Sendable {
    /// GitHub's limit for an issue comment: 65,536 characters.
    public static let gitHubLimit = 65_536
    /// GitLab's limit for a note: 1,000,000 characters.
    public static let gitLabLimit = 1_000_000
    /// No line of the comment is longer than this (a message of a megabyte is cut).
    static let longestLine = 2_000

    /// What the comment links to.
    public struct Links: Sendable, Hashable {
        /// The CI job that ran the gate.
        public var job: String?
        /// The HTML report (a job artifact).
        public var report: String?
        /// The attestation's subjects: model artifacts and datasets, by SHA-256.
        public var subjects: [InTotoStatement.Subject]

        /// Creates links.
        public init(job: String? = nil, report: String? = nil, subjects: [InTotoStatement.Subject] = []) {
            self.job = job
            self.report = report
            self.subjects = subjects
        }
    }

    /// The marker's name: two gates of one repository keep two comments.
    public var marker: String
    /// The most UTF-8 bytes the comment may have (a character is at least one byte, so a
    /// comment under this many bytes is under as many characters).
    public var limit: Int
    /// The links.
    public var links: Links
    /// The change since the target branch's report, when one was given.
    public var diff: ReportDiff?

    /// Creates a renderer.
    public init(marker: String = "default", limit: Int = CommentRenderer.gitHubLimit, links: Links = Links(), diff: ReportDiff? = nil) {
        self.marker = marker
        self.limit = limit
        self.links = links
        self.diff = diff
    }

    /// The hidden line that identifies the comment of the gate named `name`.
    public static func markerLine(_ name: String) -> String { "<!-- mlgate-comment \(name) -->" }

    /// Whether a marker name can be written into an HTML comment and found again:
    /// letters, digits, `.`, `_`, `-`, at most 64, no `--`.
    public static func isValidMarker(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && !name.contains("--")
            && name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) }
    }

    /// The comment's Markdown.
    public func text(_ report: RunReport) -> String {
        let head = [Self.markerLine(marker)] + MarkdownRenderer.verdictLines(report, heading: "###")
        var sections: [Section] = MarkdownRenderer.problemSections(report, heading: "####").map { Section(lines: $0) }
        sections.append(Section(lines: MarkdownRenderer.modelComparison(report, heading: "####")))
        sections.append(Section(lines: MarkdownRenderer.headlines(report, heading: "####")))
        if let diff {
            sections.append(Section(lines: [""] + ReportDiffRenderer().markdown(diff, heading: "####", maximumMoves: 50)))
        }
        sections.append(Section(lines: MarkdownRenderer.passingDetails(report), closing: MarkdownRenderer.detailsClosing))
        return Self.assemble(head: head, sections: sections.filter { !$0.lines.isEmpty }, tail: footer(report), limit: limit, reportLink: links.report)
    }

    /// Links and the attested digests, and the version.
    func footer(_ report: RunReport) -> [String] {
        var parts: [String] = []
        if let job = links.job { parts.append("[CI job](\(Self.url(job)))") }
        if let url = links.report { parts.append("[full report](\(Self.url(url)))") }
        var lines = ["", "---"]
        if !parts.isEmpty { lines += ["", parts.joined(separator: " · ")] }
        let subjects = links.subjects.sorted { ($0.role == .model ? 0 : 1, $0.name) < ($1.role == .model ? 0 : 1, $1.name) }
        if !subjects.isEmpty {
            lines.append("")
            lines.append("Attested (SHA-256): " + subjects.prefix(20).map { subject in
                "\(subject.role.rawValue) `\(MarkdownRenderer.code(subject.name))` `\(subject.sha256 ?? "?")`"
            }.joined(separator: " · ") + (subjects.count > 20 ? " · … \(subjects.count - 20) more" : ""))
        }
        lines.append("")
        lines.append("<sub>mlgate \(MarkdownRenderer.escape(report.mlgateVersion))</sub>")
        return lines
    }

    /// A part of the comment: its lines, and the lines that close it (`</details>`),
    /// written whenever any of it is.
    struct Section {
        var lines: [String]
        var closing: [String] = []
    }

    /// Joins head, sections and tail, within `limit` UTF-8 bytes: a section that does
    /// not fit is cut at a line with a note, and the sections after it left out (named
    /// in one more note).
    static func assemble(head: [String], sections: [Section], tail: [String], limit: Int, reportLink: String?) -> String {
        func size(_ lines: [String]) -> Int { lines.reduce(0) { $0 + $1.utf8.count + 1 } }
        let head = head.map(cut), tail = tail.map(cut)
        let seeReport = reportLink.map { "see [the full report](\(url($0)))" } ?? "see the full report (the job's artifacts)"
        let note = "> ✂️ Cut to stay under the comment size limit: \(seeReport)."
        // Room for the note, a blank line before it, and every closing line.
        let reserve = note.utf8.count + 8 + sections.reduce(0) { $0 + size($1.closing) }
        var budget = limit - size(head) - size(tail) - reserve
        var lines = head
        for (index, section) in sections.enumerated() {
            let body = section.lines.map(cut)
            if size(body) + size(section.closing) <= budget {
                lines += body + section.closing
                budget -= size(body) + size(section.closing)
                continue
            }
            var kept = 0
            for line in body {
                guard line.utf8.count + 1 <= budget else { break }
                lines.append(line)
                budget -= line.utf8.count + 1
                kept += 1
            }
            let left = body.count - kept + sections[(index + 1)...].reduce(0) { $0 + $1.lines.count }
            lines += ["", note.replacingOccurrences(of: "limit:", with: "limit (\(left) more lines):")]
            lines += section.closing
            break
        }
        let text = (lines + tail).joined(separator: "\n") + "\n"
        // The head and tail alone can exceed a tiny limit: cut the text itself, last.
        guard text.utf8.count > limit else { return text }
        return String(decoding: Array(text.utf8.prefix(max(0, limit - 4))), as: UTF8.self).trimmingTornScalar() + "\n"
    }

    /// A line of at most ``longestLine`` bytes.
    static func cut(_ line: String) -> String {
        guard line.utf8.count > longestLine else { return line }
        return String(decoding: Array(line.utf8.prefix(longestLine - 4)), as: UTF8.self).trimmingTornScalar() + " …"
    }

    /// A URL for a Markdown link target: no spaces, parentheses or angle brackets that
    /// would end it.
    static func url(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case " ": escaped += "%20"
            case "(": escaped += "%28"
            case ")": escaped += "%29"
            case "<": escaped += "%3C"
            case ">": escaped += "%3E"
            case "\n", "\r": continue
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}

extension String {
    /// Without a trailing U+FFFD that decoding a byte prefix cut mid-scalar leaves.
    func trimmingTornScalar() -> String {
        var text = self
        while text.unicodeScalars.last == "\u{FFFD}" { text.unicodeScalars.removeLast() }
        return text
    }
}
