// Turns SIGTERM and SIGINT into one call of a drain closure instead of an abrupt exit.
import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Watches termination signals; the first one calls `onFirstSignal` once, later ones call `onRepeatedSignal`.
public final class TerminationSignalHandler: Sendable {
    /// Flags shared with the dispatch handlers.
    private final class Flags: Sendable {
        let signalled = Atomic<Bool>(false)
        let cancelled = Atomic<Bool>(false)
    }

    private let signals: [Int32]
    private let flags = Flags()
    /// Written only in `init`; DispatchSource's `cancel` is thread-safe, which is all `cancel()` calls.
    nonisolated(unsafe) private let sources: [any DispatchSourceSignal]

    /// Starts watching `signals` (their default action is disabled until `cancel`).
    /// `onFirstSignal` typically starts a `ShutdownCoordinator`; `onRepeatedSignal` may exit at once.
    public init(
        signals: [Int32] = [SIGTERM, SIGINT],
        onFirstSignal: @escaping @Sendable (Int32) -> Void,
        onRepeatedSignal: (@Sendable (Int32) -> Void)? = nil
    ) {
        self.signals = signals
        let queue = DispatchQueue(label: "tempmed.signals")
        let flags = flags
        sources = signals.map { number in
            signal(number, SIG_IGN)  // the dispatch source sees it; the default action must not kill us first
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                let (isFirst, _) = flags.signalled.compareExchange(
                    expected: false, desired: true, ordering: .acquiringAndReleasing)
                if isFirst { onFirstSignal(number) } else { onRepeatedSignal?(number) }
            }
            source.resume()
            return source
        }
    }

    /// Whether a termination signal has arrived.
    public var hasFired: Bool { flags.signalled.load(ordering: .acquiring) }

    /// Stops watching and restores the default signal actions (idempotent).
    public func cancel() {
        let (isFirstCancel, _) = flags.cancelled.compareExchange(
            expected: false, desired: true, ordering: .acquiringAndReleasing)
        guard isFirstCancel else { return }
        for source in sources { source.cancel() }
        for number in signals { signal(number, SIG_DFL) }
    }

    deinit { cancel() }
}
