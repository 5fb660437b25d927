// Running a command to completion with its output captured, always within a time bound.
import Foundation

/// The outcome of a finished command.
struct CommandResult: Sendable {
    /// Exit status (or 128 + signal).
    var status: Int32
    /// Everything written to stdout.
    var stdout: String
    /// Everything written to stderr.
    var stderr: String

    /// stdout parsed as one JSON object, nil if it is not one.
    var json: [String: Any]? {
        guard let data = stdout.data(using: .utf8) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }
}

/// Runs a command and collects its output.
enum ProcessRunner {
    /// Runs `executable` with `arguments`; kills it after `timeout` seconds.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, timeout: TimeInterval = 60
    ) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let collected = OutputCollector(out: out, err: err)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        let (stdout, stderr) = collected.finish()
        return CommandResult(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }
}

/// Drains both pipes on background threads so a chatty child never blocks on a full pipe.
final class OutputCollector: @unchecked Sendable {
    private let group = DispatchGroup()
    private var outData = Data()
    private var errData = Data()

    init(out: Pipe, err: Pipe) {
        group.enter()
        DispatchQueue.global().async {
            self.outData = out.fileHandleForReading.readDataToEndOfFile()
            self.group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            self.errData = err.fileHandleForReading.readDataToEndOfFile()
            self.group.leave()
        }
    }

    /// Both outputs, once the child closed them.
    func finish() -> (String, String) {
        group.wait()
        return (String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}
