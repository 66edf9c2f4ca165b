import Foundation

/// Where and how to connect, as libpq decides it: the URL first
/// (`postgresql://user:password@host:port/db?sslmode=require`), then the libpq environment
/// (`PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE`, `PGSSLMODE`,
/// `PGCONNECT_TIMEOUT`, `PGSSLROOTCERT`), then `~/.pgpass` (or `PGPASSFILE`) for the
/// password, then libpq's defaults.
struct PostgresConnectionParameters: Sendable {
    /// libpq's `sslmode`.
    enum SSLMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    var host: String
    var port: Int
    var user: String
    var database: String
    /// Never printed (``description`` leaves it out).
    var password: String?
    var sslMode: SSLMode
    /// The certificate authorities for verify-ca and verify-full (default: the system's).
    var sslRootCert: String?
    /// Seconds to wait for the connection (libpq's `connect_timeout`; default 10).
    var connectTimeout: Int
    var applicationName: String

    /// Reads `connection` (a URL, or empty) with `environment` and the password file.
    init(_ connection: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(PostgresError) {
        var values: [String: String] = [:]
        if !connection.isEmpty { values = try Self.parseURL(connection) }
        func value(_ key: String, _ variable: String) -> String? {
            if let value = values[key], !value.isEmpty { return value }
            if let value = environment[variable], !value.isEmpty { return value }
            return nil
        }
        host = value("host", "PGHOST") ?? "localhost"
        let portText = value("port", "PGPORT") ?? "5432"
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw PostgresError(.connection, "invalid port '\(portText)': expected a number from 1 to 65535")
        }
        self.port = port
        user = value("user", "PGUSER") ?? environment["USER"] ?? "postgres"
        database = value("dbname", "PGDATABASE") ?? user
        let modeText = value("sslmode", "PGSSLMODE") ?? "prefer"
        guard let mode = SSLMode(rawValue: modeText) else {
            throw PostgresError(
                .connection, "invalid sslmode '\(modeText)': expected \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        sslMode = mode
        sslRootCert = value("sslrootcert", "PGSSLROOTCERT")
        let timeoutText = value("connect_timeout", "PGCONNECT_TIMEOUT") ?? "10"
        guard let timeout = Int(timeoutText), timeout >= 0 else {
            throw PostgresError(.connection, "invalid connect_timeout '\(timeoutText)': expected whole seconds")
        }
        connectTimeout = timeout == 0 ? 10 : max(timeout, 2)
        applicationName = value("application_name", "PGAPPNAME") ?? "mlgate"
        password = value("password", "PGPASSWORD")
        if password == nil {
            let file = environment["PGPASSFILE"] ?? environment["HOME"].map { "\($0)/.pgpass" }
            if let file { password = Self.passwordFromFile(file, host: host, port: port, database: database, user: user) }
        }
    }

    /// The URL's parts: user, password, host, port, dbname and its query parameters.
    static func parseURL(_ text: String) throws(PostgresError) -> [String: String] {
        guard DatabaseTable.isDatabaseURL(text), let components = URLComponents(string: text) else {
            throw PostgresError(.connection, "cannot read the database URL: expected postgresql://[user[:password]@]host[:port]/database[?sslmode=…]")
        }
        var values: [String: String] = [:]
        values["user"] = components.percentEncodedUser?.removingPercentEncoding
        values["password"] = components.percentEncodedPassword?.removingPercentEncoding
        values["host"] = components.percentEncodedHost?.removingPercentEncoding
        values["port"] = components.port.map(String.init)
        let path = components.percentEncodedPath.removingPercentEncoding ?? ""
        if path.count > 1 { values["dbname"] = String(path.dropFirst()) }
        for item in components.queryItems ?? [] {
            guard let value = item.value else { continue }
            values[item.name] = value
        }
        return values
    }

    /// The URL as shown: the password (and any `password=` parameter) left out.
    static func displayURL(_ text: String) -> String {
        guard !text.isEmpty else { return "postgresql://" }
        guard var components = URLComponents(string: text) else { return CredentialRedaction.redact(text) }
        components.password = nil
        if let items = components.queryItems {
            let kept = items.filter { $0.name.lowercased() != "password" }
            components.queryItems = kept.isEmpty ? nil : kept
        }
        return CredentialRedaction.redact(components.string ?? text)
    }

    /// The password of the first matching line of a libpq password file
    /// (`host:port:database:user:password`, `*` matching anything, `\` escaping). Like
    /// libpq, a file that others can read is ignored.
    static func passwordFromFile(_ path: String, host: String, port: Int, database: String, user: String) -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let permissions = (attributes[.posixPermissions] as? NSNumber)?.intValue, permissions & 0o077 == 0,
            let text = try? String(contentsOfFile: path, encoding: .utf8)
        else { return nil }
        let wanted = [host, String(port), database, user]
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            var fields: [String] = [""]
            var escaped = false
            for character in line {
                if escaped {
                    fields[fields.count - 1].append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == ":" && fields.count < 5 {
                    fields.append("")
                } else {
                    fields[fields.count - 1].append(character)
                }
            }
            guard fields.count == 5 else { continue }
            if zip(fields, wanted).allSatisfy({ $0 == "*" || $0 == $1 || ($1 == "localhost" && $0 == "localhost") }) {
                return fields[4]
            }
        }
        return nil
    }

    /// `user@host:port/database`, without the password.
    var description: String { "\(user)@\(host):\(port)/\(database)" }
}
