// Turns SIGTERM and SIGINT into one call of a drain closure instead of an abrupt exit.
//
// A classic self-pipe: the signal handler only writes the signal number to a pipe and a plain
// thread reads it. DispatchSourceSignal is not used because on Linux libdispatch forwards the
// signal to whichever thread first registered it, which can lose signals sent to the process.
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Write end of the self-pipe; a plain global because a signal handler may take no locks.
/// Set before the handler is installed and reset after it is removed.
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1

/// The signal handler: async-signal-safe, it only writes one byte and preserves errno.
private func forwardSignalToPipe(_ number: Int32) {
    let savedErrno = errno
    var byte = UInt8(truncatingIfNeeded: number)
    _ = write(signalPipeWriteEnd, &byte, 1)
    errno = savedErrno
}

/// Watches termination signals; the first one calls `onFirstSignal` once, later ones call `onRepeatedSignal`.
/// Create at most one per process (signal dispositions are process-wide).
public final class TerminationSignalHandler: Sendable {
    private struct Installation {
        var previousActions: [(Int32, sigaction)]
        var writeEnd: Int32
    }

    /// Shared with the reader thread.
    private final class Latch: Sendable {
        let signalled = Atomic<Bool>(false)
    }

    private let latch = Latch()
    /// nil once cancelled; sigaction values are plain C structs.
    private let installation: Mutex<Installation?>

    /// Installs handlers for `signals` (callbacks run on a dedicated thread, never in signal context).
    /// `onFirstSignal` typically starts a `ShutdownCoordinator`; `onRepeatedSignal` may exit at once.
    public init(
        signals: [Int32] = [SIGTERM, SIGINT],
        onFirstSignal: @escaping @Sendable (Int32) -> Void,
        onRepeatedSignal: (@Sendable (Int32) -> Void)? = nil
    ) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            // Without a pipe (descriptor exhaustion at start-up) signals keep their default action.
            installation = Mutex(nil)
            return
        }
        let (readEnd, writeEnd) = (ends[0], ends[1])
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) | O_NONBLOCK)  // a full pipe drops, never blocks
        signalPipeWriteEnd = writeEnd

        let latch = latch
        let reader = Thread {
            var byte: UInt8 = 0
            while read(readEnd, &byte, 1) == 1 {
                let (isFirst, _) = latch.signalled.compareExchange(
                    expected: false, desired: true, ordering: .acquiringAndReleasing)
                if isFirst { onFirstSignal(Int32(byte)) } else { onRepeatedSignal?(Int32(byte)) }
            }
            close(readEnd)
        }
        reader.name = "tempmed.signals"
        reader.start()

        var previousActions: [(Int32, sigaction)] = []
        for number in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = forwardSignalToPipe
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            var previous = sigaction()
            if sigaction(number, &action, &previous) == 0 { previousActions.append((number, previous)) }
        }
        installation = Mutex(Installation(previousActions: previousActions, writeEnd: writeEnd))
    }

    /// Unblocks `signals` on the calling thread: a parent may start a process with them blocked (a
    /// mask inherited from a dispatch worker thread, e.g. Foundation's Process), and the handler would
    /// then never run. Call it after installing the handler.
    public static func unblock(_ signals: [Int32]) {
        var set = sigset_t()
        sigemptyset(&set)
        for number in signals { sigaddset(&set, number) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Whether a termination signal has arrived.
    public var hasFired: Bool { latch.signalled.load(ordering: .acquiring) }

    /// Restores the previous signal actions and stops the reader thread (idempotent).
    public func cancel() {
        installation.withLock { installed in
            guard let current = installed else { return }
            for (number, previous) in current.previousActions {
                var action = previous
                sigaction(number, &action, nil)
            }
            signalPipeWriteEnd = -1
            close(current.writeEnd)  // the reader sees end-of-file and exits
            installed = nil
        }
    }

    deinit { cancel() }
}
