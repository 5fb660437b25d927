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

/// Drains both pipes on background threads as the child writes, so a chatty child never blocks on a full pipe
/// and a test can wait for a line the child prints before acting (`waitForStderr`).
final class OutputCollector: @unchecked Sendable {
    private let group = DispatchGroup()
    private let condition = NSCondition()
    private var outData = Data()
    private var errData = Data()
    private var errClosed = false

    init(out: Pipe, err: Pipe) {
        drain(out.fileHandleForReading) { collector, piece in if let piece { collector.outData.append(piece) } }
        drain(err.fileHandleForReading) { collector, piece in
            if let piece { collector.errData.append(piece) } else { collector.errClosed = true }
        }
    }

    /// Reads `handle` until end of file on a background thread, handing each piece (then nil) to `take` under the lock.
    private func drain(_ handle: FileHandle, _ take: @escaping @Sendable (OutputCollector, Data?) -> Void) {
        group.enter()
        DispatchQueue.global().async {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {  // read(2), not FileHandle.read(upToCount:), which waits for the whole count
                let count = buffer.withUnsafeMutableBytes { read(handle.fileDescriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                let piece = Data(buffer[0..<count])
                self.condition.withLock { take(self, piece) }
                self.condition.broadcast()
            }
            self.condition.withLock { take(self, nil) }
            self.condition.broadcast()
            self.group.leave()
        }
    }

    /// Waits until the child's stderr so far contains `text`: true, or false once it closed stderr or `deadline` passed.
    func waitForStderr(containing text: String, until deadline: Date) -> Bool {
        condition.withLock {
            while !String(decoding: errData, as: UTF8.self).contains(text) {
                guard !errClosed, condition.wait(until: deadline) else {
                    return String(decoding: errData, as: UTF8.self).contains(text)
                }
            }
            return true
        }
    }

    /// Both outputs, once the child closed them.
    func finish() -> (String, String) {
        group.wait()
        return condition.withLock { (String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self)) }
    }
}
