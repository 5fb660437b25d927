// The progress bar of ingest and eval: one line on stderr, drawn only on a terminal.
import Foundation

/// A one-line progress bar on stderr, drawn only when stderr is a terminal.
struct ProgressBar {
    let total: Int
    private let enabled = isatty(STDERR_FILENO) == 1

    init(total: Int) { self.total = total }

    /// Redraws the bar.
    func show(done: Int, current: String) {
        guard enabled else { return }
        let width = 30
        let filled = total == 0 ? width : width * done / total
        let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
        FileHandle.standardError.write(Data("\r\u{1B}[K[\(bar)] \(done)/\(total) \(current.prefix(40))".utf8))
    }

    /// Prints a line above the bar (always, terminal or not).
    func note(_ line: String) {
        FileHandle.standardError.write(Data(((enabled ? "\r\u{1B}[K" : "") + line + "\n").utf8))
    }

    /// Completes the bar.
    func finish() {
        guard enabled else { return }
        show(done: total, current: "done")
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
