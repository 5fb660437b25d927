// A real tempmed started for one test: tiny deterministic model, temporary data dir, free loopback port.
import Foundation
import Testing
import TempMeClient

/// One running tempmed; stop it with `stop()` (SIGTERM, drain) or it is killed on deinit.
final class DaemonProcess: @unchecked Sendable {
    /// The data directory (kept across restarts when reused).
    let dataDirectory: String
    /// The bound loopback port.
    let port: Int
    /// `127.0.0.1:<port>`.
    var address: String { "127.0.0.1:\(port)" }
    /// The HTTP listener's port (API, /metrics, page); nil when `http.listen` was turned off.
    let httpPort: Int?
    /// `http://127.0.0.1:<httpPort>`.
    var httpURL: String { "http://127.0.0.1:\(httpPort ?? 0)" }
    /// Where the daemon's stdout and stderr go.
    let logFile: String

    private let process: Process

    /// Starts tempmed and waits (bounded) until it wrote its port file, i.e. is READY. A non-empty `launcher`
    /// (a command that ends by exec'ing its arguments, e.g. `unshare -m sh -c '...; exec "$@"' sh`) runs tempmed.
    init(dataDirectory: String, extraArguments: [String] = [], environment: [String: String] = [:],
         launcher: [String] = []) throws {
        try TestEnvironment.requirePrerequisites()
        self.dataDirectory = dataDirectory
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let portFile = dataDirectory + "/port"
        try? FileManager.default.removeItem(atPath: portFile)
        try? FileManager.default.removeItem(atPath: portFile + ".http")
        logFile = dataDirectory + "/daemon-\(UUID().uuidString.prefix(6)).log"
        _ = FileManager.default.createFile(atPath: logFile, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logFile))

        process = Process()
        let tempmed = TestEnvironment.binary("tempmed")
        process.executableURL = URL(fileURLWithPath: launcher.first ?? tempmed)
        process.arguments = (launcher.isEmpty ? [] : Array(launcher.dropFirst()) + [tempmed]) + [
            "--data-dir", dataDirectory, "--listen", "127.0.0.1:0", "--builtin-model", "tiny",
            "--vocab", TestEnvironment.vocabulary, "--port-file", portFile, "--set", "ingest.encode_workers=2",
            "--set", "http.listen=127.0.0.1:0",
        ] + extraArguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NOTIFY_SOCKET")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()

        let deadline = Date().addingTimeInterval(60)
        var found: Int?
        while Date() < deadline && process.isRunning {
            if let text = try? String(contentsOfFile: portFile, encoding: .utf8),
                let value = Int(text.split(separator: "\n").first ?? "")
            {
                found = value
                break
            }
            usleep(50_000)
        }
        guard let found else {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            let logText = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
            throw DaemonFailure(message: "tempmed did not become ready; log:\n\(logText)")
        }
        port = found
        httpPort = (try? String(contentsOfFile: portFile + ".http", encoding: .utf8))
            .flatMap { Int($0.split(separator: "\n").first ?? "") }
    }

    /// A client of this daemon.
    func client(token: String? = nil) throws -> TempMeClient {
        try TempMeClient(address: address, options: TempMeClientOptions(bearerToken: token))
    }

    /// Whether the process is still alive.
    var isRunning: Bool { process.isRunning }

    /// The process id.
    var pid: Int32 { process.processIdentifier }

    /// Sends SIGTERM and waits (bounded) for the exit; returns the exit status.
    @discardableResult
    func stop(timeout: TimeInterval = 30) -> Int32 {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        return waitForExit(timeout: timeout)
    }

    /// Waits for the process to exit; kills it after `timeout`.
    func waitForExit(timeout: TimeInterval) -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return -1
        }
        return process.terminationStatus
    }

    /// The daemon's log so far.
    var log: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }

    /// What `DATA_DIR/thumbnails` holds: per folder, the video id it names (its `id` file; the folder's own
    /// name when it has none, e.g. a staging leftover) and how many frame JPEGs it has.
    func thumbnailFolders() throws -> [String: Int] {
        let directory = dataDirectory + "/thumbnails"
        guard FileManager.default.fileExists(atPath: directory) else { return [:] }
        var folders: [String: Int] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            let folder = directory + "/" + name
            let owner = FileManager.default.contents(atPath: folder + "/id").map { String(decoding: $0, as: UTF8.self) } ?? name
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            folders[owner] = files.filter { $0.hasPrefix("frame-") && $0.hasSuffix(".jpg") }.count
        }
        return folders
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

/// The daemon failed to start or misbehaved.
struct DaemonFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
