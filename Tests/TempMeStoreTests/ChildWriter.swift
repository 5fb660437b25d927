import Foundation
import Synchronization

/// A `tempme-store-tool write-loop` child process whose acknowledged record numbers we collect.
final class ChildWriter {
    /// Output collected by the reader thread.
    final class Box: Sendable {
        let data = Mutex(Data())
        func withLock<T>(_ body: (inout Data) -> T) -> T { data.withLock { body(&$0) } }
    }

    private let process: Process
    private let output = Box()
    private let reader: Thread

    init(tool: URL, directory: URL, dimension: Int, start: Int, extra: [String] = []) throws {
        let process = Process()
        process.executableURL = tool
        process.arguments = ["write-loop", "--directory", directory.path, "--dimension", String(dimension),
                             "--start", String(start), "--writers", "4"] + extra
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        let output = self.output
        let handle = pipe.fileHandleForReading
        reader = Thread {
            while true {
                let chunk = handle.availableData  // returns what is there; empty only at end of file
                if chunk.isEmpty { break }
                output.withLock { $0.append(chunk) }
            }
        }
        self.process = process
        try process.run()
        reader.start()
    }

    /// Complete output lines so far (a line cut by the kill is dropped).
    var lines: [String] {
        let text = output.withLock { String(decoding: $0, as: UTF8.self) }
        var lines = text.components(separatedBy: "\n")
        lines.removeLast()
        return lines
    }

    /// Numbers printed as acknowledged.
    var acknowledged: [Int] {
        lines.compactMap { $0.hasPrefix("ack ") ? Int($0.dropFirst(4)) : nil }
    }

    /// Waits until `condition` holds or `timeout` seconds pass.
    func wait(timeout: Double, until condition: () -> Bool) {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition() && Date() < deadline && process.isRunning { usleep(2_000) }
    }

    func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }

    /// Waits for the child to end and its output to drain; returns how it ended.
    func finish() -> (status: Int32, killed: Bool) {
        process.waitUntilExit()
        while !reader.isFinished { usleep(1_000) }
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal)
    }

    var isRunning: Bool { process.isRunning }
}
