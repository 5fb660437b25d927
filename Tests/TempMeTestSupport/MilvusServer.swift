// A real Milvus standalone for tests: PyPI's `milvus` package, run by scripts/milvus_server.py from .venv.
import Foundation
import Glibc

/// One embedded Milvus on a free loopback port with its own data directory; stopped on release.
/// Starting takes about 10 s. A server that cannot start is an error with Milvus's own output: tests
/// that need Milvus fail loudly, never skip.
public final class MilvusServer: @unchecked Sendable {
    /// `127.0.0.1:<port>`, Milvus's gRPC address.
    public var address: String { "127.0.0.1:\(port)" }
    /// The gRPC port.
    public let port: Int
    /// Where Milvus keeps its data (kept across `stop` and `start`).
    public let dataDirectory: String
    private var process: Process?
    private let log: String

    /// Why Milvus did not start.
    public struct Failure: Error, CustomStringConvertible {
        /// The reason, with the tail of Milvus's output.
        public let description: String
    }

    /// Starts Milvus with data under `dataDirectory` and waits (up to `timeout`) until it answers.
    public init(dataDirectory: String, timeout: Duration = .seconds(180)) throws {
        self.dataDirectory = dataDirectory
        port = try Self.freeLoopbackPort()
        log = dataDirectory + "/milvus_server.log"
        try start(timeout: timeout)
    }

    deinit { stop() }

    /// One Milvus for the whole test process, started on first use and stopped (its data deleted) when the
    /// process exits. Tests that stop or restart Milvus start their own instead.
    public static func shared() throws -> MilvusServer {
        try sharedServer.get().server
    }

    private static let sharedServer = Result { () throws -> (server: MilvusServer, directory: TemporaryDirectory) in
        let directory = try TemporaryDirectory()
        let server = try MilvusServer(dataDirectory: directory.path)
        ExitCleanup.removeAtExit(directory.path)
        ExitCleanup.atExit { server.stop() }  // runs first: newest first
        return (server, directory)
    }

    /// Starts Milvus again on the same port and data (after `stop`), waiting until it answers.
    public func start(timeout: Duration = .seconds(180)) throws {
        guard process == nil else { return }
        let python = repositoryRoot() + "/.venv/bin/python"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw Failure(description: "\(python) is missing: run scripts/bootstrap.sh (it installs the milvus package)")
        }
        FileManager.default.createFile(atPath: log, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            "-m", "scripts.milvus_server", "--port", String(port), "--data-dir", dataDirectory + "/milvus", "--exit-with-parent",
        ]
        process.currentDirectoryURL = URL(fileURLWithPath: repositoryRoot())
        process.standardOutput = output
        process.standardError = output
        try process.run()
        self.process = process
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if text.contains("ready 127.0.0.1:\(port)") { return }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        stop()
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        throw Failure(description: "Milvus did not start on port \(port) within \(timeout): \(text.suffix(2000))")
    }

    /// Stops Milvus (SIGTERM; SIGKILL after 60 s) and waits for it to exit; its data stays.
    public func stop() {
        guard let process else { return }
        if process.isRunning { process.terminate() }
        let deadline = ContinuousClock.now + .seconds(60)
        while process.isRunning && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        self.process = nil
    }

    /// A TCP port on 127.0.0.1 that nothing listens on right now.
    public static func freeLoopbackPort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket() failed: errno \(errno)") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw Failure(description: "bind() failed: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
