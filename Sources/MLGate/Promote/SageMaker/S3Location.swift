import Foundation

/// Where the SageMaker registry's artifacts go: an S3 bucket and a key prefix.
struct S3Location: Sendable, Hashable {
    var bucket: String
    var prefix: String

    var url: URL { URL(string: "s3://\(bucket)\(prefix.isEmpty ? "" : "/" + prefix)")! }

    /// `s3://BUCKET[/PREFIX]` or `BUCKET[/PREFIX]`.
    init(parsing text: String, source: String) throws(PromotionError) {
        let rest = text.hasPrefix("s3://") ? String(text.dropFirst(5)) : text
        let parts = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        bucket = String(parts[0])
        prefix = parts.count > 1 ? parts[1].split(separator: "/").joined(separator: "/") : ""
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.-")
        guard (3...63).contains(bucket.count), bucket.allSatisfy(allowed.contains), bucket.first != ".", bucket.first != "-" else {
            throw PromotionError(.usage, "\(source): '\(text)': expected s3://BUCKET[/PREFIX] with an S3 bucket name (3 to 63 lower-case letters, digits, '.' and '-')")
        }
        guard prefix.utf8.count <= 200, !prefix.split(separator: "/").contains(where: { $0 == "." || $0 == ".." }),
            prefix.allSatisfy({ !$0.isNewline && $0 != "#" && $0 != "?" })
        else {
            throw PromotionError(.usage, "\(source): '\(text)': the key prefix must be at most 200 bytes without '.', '..', '#', '?' or line breaks")
        }
    }

    func key(_ path: String) -> String { prefix.isEmpty ? path : "\(prefix)/\(path)" }

    /// `s3://BUCKET/KEY` → (BUCKET, KEY).
    static func split(_ uri: String) -> (String, String)? {
        guard uri.hasPrefix("s3://") else { return nil }
        let parts = uri.dropFirst(5).split(separator: "/", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        return (String(parts[0]), String(parts[1]))
    }
}
