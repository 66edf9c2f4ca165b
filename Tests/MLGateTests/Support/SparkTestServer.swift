import Foundation

/// A Spark Connect server of the tests' own: pyspark 4.3.0's
/// `sbin/start-connect-server.sh` (`local[2]`, bound to 127.0.0.1 on a free port, no UI)
/// run in the foreground with Java 17, shared by every test that needs one and killed
/// with its process group when the test process exits. pyspark comes from
/// `MLGATE_SPARK_HOME`, or the venv `.build/spark-venv` that `.ci/run` makes.
/// `MLGATE_SPARK_CONNECT=sc://host:port` uses a server that runs already instead.
final class SparkTestServer: Sendable {
    let url: String

    /// The one server of this test process, started on first use (about 10 to 40 s).
    static let shared: Result<SparkTestServer, any Error> = Result { try SparkTestServer() }

    private init() throws {
        if let given = ProcessInfo.processInfo.environment["MLGATE_SPARK_CONNECT"] {
            url = given
            return
        }
        let home = try Self.sparkHome()
        let logs = URL(fileURLWithPath: "/tmp/mlgate-spark-\(getpid())")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        let chosen = try PostgresTestServer.freePort()
        let script = home.appendingPathComponent("sbin/start-connect-server.sh").path
        let arguments = [
            script, "--master", "local[2]", "--conf", "spark.connect.grpc.binding.address=127.0.0.1",
            "--conf", "spark.connect.grpc.binding.port=\(chosen)", "--conf", "spark.ui.enabled=false",
            "--conf", "spark.sql.shuffle.partitions=2",
            // Its warehouse in the server's own folder (removed at exit), not a
            // `spark-warehouse` in the working directory.
            "--conf", "spark.sql.warehouse.dir=\(logs.path)/warehouse",
        ]
        let environment = [
            "SPARK_HOME": home.path, "SPARK_NO_DAEMONIZE": "1", "SPARK_LOG_DIR": logs.path, "SPARK_PID_DIR": logs.path,
        ]
        let log = logs.appendingPathComponent("server.log")
        let group = try PostgresTestServer.spawn(["/bin/bash"] + arguments, environment: environment, output: log, newGroup: true)
        Self.stopAtExit(group: group, folder: logs.path)
        let deadline = Date().addingTimeInterval(240)
        while !Self.listening(chosen) {
            var status: Int32 = 0
            if waitpid(group, &status, WNOHANG) == group || Date() > deadline {
                let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                throw PostgresTestServer.ServerError("the Spark Connect server did not start: \(text.suffix(2000))")
            }
            usleep(250_000)
        }
        url = "sc://127.0.0.1:\(chosen)"
    }

    private static func sparkHome() throws -> URL {
        if let home = ProcessInfo.processInfo.environment["MLGATE_SPARK_HOME"] { return URL(fileURLWithPath: home) }
        let lib = Fixtures.repositoryRoot.appendingPathComponent(".build/spark-venv/lib")
        for python in (try? FileManager.default.contentsOfDirectory(atPath: lib.path)) ?? [] {
            let home = lib.appendingPathComponent(python).appendingPathComponent("site-packages/pyspark")
            if FileManager.default.fileExists(atPath: home.appendingPathComponent("sbin/start-connect-server.sh").path) { return home }
        }
        throw PostgresTestServer.ServerError(
            "no pyspark at \(lib.path)/python3.*/site-packages/pyspark: make the venv (.ci/run does: python3 -m venv .build/spark-venv && .build/spark-venv/bin/pip install pyspark==4.3.0) or set MLGATE_SPARK_HOME, with Java 17 installed")
    }

    /// Whether something accepts connections on 127.0.0.1:`port`.
    private static func listening(_ port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    nonisolated(unsafe) private static var group: pid_t = 0
    nonisolated(unsafe) private static var folder = ""

    private static func stopAtExit(group: pid_t, folder: String) {
        Self.group = group
        Self.folder = folder
        atexit {
            kill(-SparkTestServer.group, SIGKILL)
            var status: Int32 = 0
            waitpid(SparkTestServer.group, &status, 0)
            try? FileManager.default.removeItem(atPath: SparkTestServer.folder)
        }
    }
}
