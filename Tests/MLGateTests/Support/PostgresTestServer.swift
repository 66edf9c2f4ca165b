import Foundation

/// A PostgreSQL 15 server of the tests' own: a cluster made by initdb in a temporary
/// folder, started by pg_ctl on a free port (TLS on, with a self-signed certificate for
/// `localhost`; SCRAM-SHA-256 passwords), shared by every test that needs one and stopped
/// when the test process exits. The binaries come from Debian's `postgresql-15`
/// (`/usr/lib/postgresql/15/bin`, or `MLGATE_PG_BIN`); `.ci/run` installs it.
final class PostgresTestServer: Sendable {
    /// The cluster's superuser and its password (SCRAM).
    static let user = "mlgate"
    static let password = "pg-s3cret-Pa55"

    let port: Int
    let folder: URL
    let binaries: URL

    /// The one server of this test process, started on first use.
    static let shared: Result<PostgresTestServer, any Error> = Result { try PostgresTestServer() }

    /// A URL for the database `postgres`: with the password unless `password` is false.
    func url(password: Bool = true, sslmode: String = "disable", user: String = PostgresTestServer.user) -> String {
        let credentials = password ? "\(user):\(Self.password)" : user
        return "postgresql://\(credentials)@127.0.0.1:\(port)/postgres?sslmode=\(sslmode)"
    }

    /// The self-signed certificate the server presents (for sslrootcert).
    var certificate: URL { folder.appendingPathComponent("server.crt") }

    private init() throws {
        binaries = URL(fileURLWithPath: ProcessInfo.processInfo.environment["MLGATE_PG_BIN"] ?? "/usr/lib/postgresql/15/bin")
        guard FileManager.default.isExecutableFile(atPath: binaries.appendingPathComponent("initdb").path) else {
            throw ServerError("no PostgreSQL server binaries at \(binaries.path): install Debian's postgresql (.ci/run does)")
        }
        folder = URL(fileURLWithPath: "/tmp/mlgate-pg-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let data = folder.appendingPathComponent("data")
        let passwordFile = folder.appendingPathComponent("password")
        try Self.password.write(to: passwordFile, atomically: true, encoding: .utf8)
        try Self.run(
            URL(fileURLWithPath: "/usr/bin/openssl"),
            ["req", "-new", "-x509", "-days", "2", "-nodes", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
             "-keyout", folder.appendingPathComponent("server.key").path, "-out", folder.appendingPathComponent("server.crt").path])
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: folder.appendingPathComponent("server.key").path)
        if getuid() == 0 {
            // initdb and postgres refuse to run as root: the folder goes to the postgres user.
            try Self.run(URL(fileURLWithPath: "/bin/chown"), ["-R", "postgres", folder.path])
        }
        try Self.asServer(binaries, "initdb", ["-D", data.path, "-U", Self.user, "--pwfile=\(passwordFile.path)", "--auth=scram-sha-256", "-E", "UTF8", "--no-locale"])
        var chosen = 0
        var lastError: (any Error)?
        for _ in 0..<5 {
            chosen = try Self.freePort()
            let options = [
                "-p \(chosen)", "-c listen_addresses=127.0.0.1", "-c unix_socket_directories=\(folder.path)", "-c fsync=off",
                "-c ssl=on", "-c ssl_cert_file=\(folder.path)/server.crt", "-c ssl_key_file=\(folder.path)/server.key",
                "-c max_connections=40",
            ].joined(separator: " ")
            do {
                try Self.asServer(binaries, "pg_ctl", ["-D", data.path, "-l", folder.appendingPathComponent("log").path, "-w", "-t", "60", "-o", options, "start"])
                lastError = nil
                break
            } catch {
                lastError = error
            }
        }
        if let lastError { throw lastError }
        port = chosen
        Self.stopAtExit(pgCtl: binaries.appendingPathComponent("pg_ctl").path, data: data.path, folder: folder.path)
    }

    /// Runs SQL with psql as the superuser; its standard output.
    @discardableResult
    func psql(_ sql: String) throws -> String {
        try Self.run(
            binaries.appendingPathComponent("psql"),
            ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port), "-U", Self.user, "-d", "postgres", "-c", sql],
            environment: ["PGPASSWORD": Self.password])
    }

    /// Writes the rows of `relation` (a table, or a query in parentheses) to `file` as
    /// CSV with a header row, as the server renders them.
    func export(_ relation: String, to file: URL) throws {
        try psql("COPY \(relation) TO STDOUT WITH (FORMAT csv, HEADER true)").write(to: file, atomically: true, encoding: .utf8)
    }

    /// Creates `table` with a text column per header field of `csv` and loads it by COPY.
    func load(_ table: String, from csv: URL) throws {
        let header = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n", maxSplits: 1)[0]
        let columns = header.split(separator: ",").map { "\"\($0.trimmingCharacters(in: .whitespacesAndNewlines))\" text" }
        try psql("DROP TABLE IF EXISTS \(table); CREATE TABLE \(table) (\(columns.joined(separator: ", ")))")
        try psql("\\copy \(table) FROM '\(csv.path)' WITH (FORMAT csv, HEADER true)")
    }

    private static func asServer(_ binaries: URL, _ tool: String, _ arguments: [String]) throws {
        let path = binaries.appendingPathComponent(tool)
        if getuid() == 0 {
            try run(URL(fileURLWithPath: "/usr/sbin/runuser"), ["-u", "postgres", "--", path.path] + arguments)
        } else {
            try run(path, arguments)
        }
    }

    /// Runs a program to its end (posix_spawn and waitpid: Foundation's Process can miss
    /// the exit of a child that started a daemon); its output, or an error with it.
    @discardableResult
    static func run(_ program: URL, _ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("mlgate-pg-out-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let pid = try spawn([program.path] + arguments, environment: environment, output: output)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        let exited = status & 0x7f == 0
        let code = (status >> 8) & 0xff
        guard exited && code == 0 else {
            throw ServerError("\(program.lastPathComponent) \(arguments.prefix(3).joined(separator: " ")) … exited \(code): \(text)")
        }
        return text
    }

    /// Starts `command` (its standard output and error into `output`); with `newGroup`,
    /// in a process group of its own (whose id is the pid returned).
    static func spawn(_ command: [String], environment: [String: String], output: URL, newGroup: Bool = false) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        closeInheritedFiles(&actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        if newGroup {
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
            posix_spawnattr_setpgroup(&attributes, 0)
        }
        let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0)=\($1)" }
        let argv = command.map { strdup($0) } + [nil]
        let envp = variables.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw ServerError("cannot start \(command[0]): \(String(cString: strerror(spawned)))") }
        return pid
    }

    /// Makes a spawned server keep only its standard input, output and error. Tests run
    /// side by side: a server started while another test reads a child's output through a
    /// pipe would otherwise hold that pipe's write end for as long as it runs, and the
    /// reader would wait forever for its end (a CI run hung so, the Spark server holding
    /// the pipe of a `mlgate` run). glibc 2.34+ has `posix_spawn_file_actions_addclosefrom_np`,
    /// which Swift's Glibc module does not declare: found at run time.
    private static func closeInheritedFiles(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
            preconditionFailure("glibc without posix_spawn_file_actions_addclosefrom_np (2.34+): a spawned server would keep other tests' pipes open")
        }
        let added = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
        precondition(added == 0, "posix_spawn_file_actions_addclosefrom_np: \(String(cString: strerror(added)))")
    }

    /// A TCP port nothing listens on now.
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Bool in
                bind(socket, pointer, length) == 0 && getsockname(socket, pointer, &length) == 0
            }
        }
        guard bound else { throw ServerError("cannot find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    nonisolated(unsafe) private static var stopCommand: [String] = []

    /// Stops the server (immediately) and removes its folder when the process exits.
    private static func stopAtExit(pgCtl: String, data: String, folder: String) {
        var command = [pgCtl, "-D", data, "-m", "immediate", "-w", "stop"]
        if getuid() == 0 { command = ["/usr/sbin/runuser", "-u", "postgres", "--"] + command }
        stopCommand = command + ["\u{0}", folder]
        atexit {
            let parts = PostgresTestServer.stopCommand.split(separator: "\u{0}")
            guard parts.count == 2, let folder = parts[1].first else { return }
            let stop = Array(parts[0])
            _ = try? PostgresTestServer.run(URL(fileURLWithPath: stop[0]), Array(stop.dropFirst()))
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    struct ServerError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
