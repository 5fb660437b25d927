// The progress bar of ingest and eval: one line on stderr, drawn only on a terminal.
import Foundation

/// A one-line progress bar on stderr, drawn only when stderr is a terminal.
struct ProgressBar: Sendable {
    let total: Int
    private let enabled = isatty(STDERR_FILENO) == 1

    init(total: Int) { self.total = total }

    /// Redraws the bar; `inFlight` (when above one) says how many items are being worked on.
    func show(done: Int, current: String, inFlight: Int = 0) {
        guard enabled else { return }
        let width = 30
        let filled = total == 0 ? width : width * min(done, total) / total
        let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
        let active = inFlight > 1 ? " (\(inFlight) in flight)" : ""
        FileHandle.standardError.write(Data("\r\u{1B}[K[\(bar)] \(done)/\(total)\(active) \(current.prefix(40))".utf8))
    }

    /// Prints a line above the bar (always, terminal or not).
    func note(_ line: String) {
        FileHandle.standardError.write(Data(((enabled ? "\r\u{1B}[K" : "") + line + "\n").utf8))
    }

    /// Completes the bar (at `done` items when the work stopped early).
    func finish(done: Int? = nil) {
        guard enabled else { return }
        show(done: done ?? total, current: "done")
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
