// Work left for the test process's exit: stopping shared servers and removing scratch directories, which
// add up to gigabytes per run otherwise (daemons' data, Milvus's data, clips).
import Foundation
import Synchronization

/// Actions run when the test process exits normally, newest first.
public enum ExitCleanup {
    private static let actions = Mutex<[@Sendable () -> Void]?>(nil)

    /// Runs `action` at exit (installs the exit handler on first use).
    public static func atExit(_ action: @escaping @Sendable () -> Void) {
        actions.withLock { list in
            if list == nil { atexit { ExitCleanup.runAll() } }
            list = (list ?? []) + [action]
        }
    }

    /// Removes `path` at exit, unless `TEMPME_KEEP_SCRATCH=1` (to look at it after a failure).
    public static func removeAtExit(_ path: String) {
        atExit {
            guard ProcessInfo.processInfo.environment["TEMPME_KEEP_SCRATCH"] != "1" else { return }
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    private static func runAll() {
        let pending = actions.withLock { list in defer { list = [] }; return list ?? [] }
        for action in pending.reversed() { action() }
    }
}
