import Foundation

/// Where AWS requests go and how they are signed, found as the AWS SDKs and CLI find it:
///
/// - credentials: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`;
///   else the profile `AWS_PROFILE` (or `default`) of the shared credentials file
///   (`AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`), then of the config file
///   (`AWS_CONFIG_FILE`, else `~/.aws/config`, sections `[profile NAME]`);
/// - region: `AWS_REGION`, `AWS_DEFAULT_REGION`, else the profile's `region`;
/// - endpoints: `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL_SAGEMAKER`, else
///   `AWS_ENDPOINT_URL`, else AWS's (all ignored when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`
///   is `true`).
struct AWSEnvironment: Sendable {
    var credentials: AWSCredentials
    var region: String
    /// The S3 endpoint when configured (then requests are path-style: `ENDPOINT/BUCKET/KEY`).
    var s3Endpoint: URL?
    /// The SageMaker endpoint when configured.
    var sageMakerEndpoint: URL?

    /// Reads the environment and the shared files; a usage error saying what is missing.
    init(_ environment: [String: String]) throws(PromotionError) {
        let profileName = Self.value(environment["AWS_PROFILE"]) ?? "default"
        let home = environment["HOME"] ?? NSHomeDirectory()
        let credentialsPath = Self.value(environment["AWS_SHARED_CREDENTIALS_FILE"]) ?? "\(home)/.aws/credentials"
        let configPath = Self.value(environment["AWS_CONFIG_FILE"]) ?? "\(home)/.aws/config"
        let fromCredentials = try Self.profile(profileName, in: credentialsPath, configStyle: false)
        let fromConfig = try Self.profile(profileName, in: configPath, configStyle: true)

        if let key = Self.value(environment["AWS_ACCESS_KEY_ID"]), let secret = Self.value(environment["AWS_SECRET_ACCESS_KEY"]) {
            credentials = AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: Self.value(environment["AWS_SESSION_TOKEN"]))
        } else if let found = Self.credentials(in: fromCredentials) ?? Self.credentials(in: fromConfig) {
            credentials = found
        } else {
            let unsupported = ["role_arn", "sso_session", "sso_start_url", "credential_process", "web_identity_token_file"]
                .filter { fromCredentials?[$0] != nil || fromConfig?[$0] != nil }
            var message = "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials), or aws_access_key_id and aws_secret_access_key in profile '\(profileName)' of \(credentialsPath)"
            if !unsupported.isEmpty {
                message += "; profile '\(profileName)' uses \(unsupported.joined(separator: ", ")), which mlgate does not resolve itself: export the credentials first with 'eval \"$(aws configure export-credentials --profile \(profileName) --format env)\"'"
            }
            throw PromotionError(.usage, message)
        }
        guard let region = Self.value(environment["AWS_REGION"]) ?? Self.value(environment["AWS_DEFAULT_REGION"]) ?? fromConfig?["region"]
        else {
            throw PromotionError(.usage, "no AWS region: set AWS_REGION (or AWS_DEFAULT_REGION), or region in profile '\(profileName)' of \(configPath)")
        }
        guard region.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw PromotionError(.usage, "AWS region '\(region)': expected a region name such as eu-west-1")
        }
        self.region = region
        let ignore = environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]?.lowercased() == "true"
        s3Endpoint = ignore ? nil : try Self.endpoint(environment, "AWS_ENDPOINT_URL_S3")
        sageMakerEndpoint = ignore ? nil : try Self.endpoint(environment, "AWS_ENDPOINT_URL_SAGEMAKER")
    }

    private static func value(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        return text
    }

    private static func credentials(in profile: [String: String]?) -> AWSCredentials? {
        guard let profile, let key = value(profile["aws_access_key_id"]), let secret = value(profile["aws_secret_access_key"]) else {
            return nil
        }
        return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: value(profile["aws_session_token"]))
    }

    private static func endpoint(_ environment: [String: String], _ specific: String) throws(PromotionError) -> URL? {
        for name in [specific, "AWS_ENDPOINT_URL"] {
            guard let text = value(environment[name]) else { continue }
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil, url.query == nil else {
                throw PromotionError(.usage, "\(name)='\(CredentialRedaction.redact(text))': expected an http(s) URL such as http://127.0.0.1:5000")
            }
            return url
        }
        return nil
    }

    /// The keys of `[name]` (credentials file) or `[profile name]` (config file; `[default]`
    /// for the default profile) in the INI file at `path`; `nil` when the file or section
    /// is absent.
    static func profile(_ name: String, in path: String, configStyle: Bool) throws(PromotionError) -> [String: String]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PromotionError(.missingFile, "\(path): cannot read the AWS shared file")
        }
        let sections = configStyle && name != "default" ? ["profile \(name)"] : [name]
        return parseINI(String(decoding: data, as: UTF8.self))[sections[0]]
    }

    /// The sections of an AWS shared credentials or config file: `[section]` headers,
    /// `key = value` lines, `#` and `;` comments; indented lines (nested settings) are
    /// skipped. A later duplicate key wins.
    static func parseINI(_ text: String) -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for raw in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            if raw.first == " " || raw.first == "\t" { continue }
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), let close = line.lastIndex(of: "]") {
                let name = line[line.index(after: line.startIndex)..<close].trimmingCharacters(in: .whitespaces)
                    .split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
                current = name
                if sections[name] == nil { sections[name] = [:] }
                continue
            }
            guard let current, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if !key.isEmpty { sections[current]![key] = value }
        }
        return sections
    }
}
