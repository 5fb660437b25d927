// Graceful shutdown: drain steps share one deadline, final steps (closing the store, the lock) always run.
import Logging
import Synchronization

/// Runs the registered shutdown steps once, in registration order, bounding the drain phase by a deadline.
///
/// Typical wiring: register "stop accepting" and "finish queued encodes" as `.drain` steps and
/// "close the store" as `.final`, then call `shutdown()` from a `TerminationSignalHandler`.
public actor ShutdownCoordinator {
    /// When a step runs.
    public enum Phase: Sendable {
        /// Before the deadline; abandoned (its task cancelled) if the deadline passes while it runs.
        case drain
        /// After every drain step, always, without a deadline; keep these short.
        case final
    }

    /// What became of one step.
    public enum Outcome: Sendable, Equatable {
        /// It returned.
        case finished
        /// The deadline passed while it ran; its task was cancelled and no longer awaited.
        case abandoned
        /// The deadline had passed before its turn.
        case skipped
    }

    /// The outcome of every step, in the order they ran.
    public struct Report: Sendable, Equatable {
        /// Step names with their outcomes.
        public var steps: [(name: String, outcome: Outcome)]
        /// Whether every step finished.
        public var isClean: Bool { steps.allSatisfy { $0.outcome == .finished } }

        /// Compares names and outcomes.
        public static func == (lhs: Report, rhs: Report) -> Bool {
            lhs.steps.map(\.name) == rhs.steps.map(\.name) && lhs.steps.map(\.outcome) == rhs.steps.map(\.outcome)
        }
    }

    private struct Step {
        let name: String
        let phase: Phase
        let body: @Sendable () async -> Void
    }

    private let drainDeadline: Duration
    private let logger: Logger
    private var steps: [Step] = []
    private var run: Task<Report, Never>?

    /// A coordinator whose drain phase may take at most `drainDeadline` (the configuration's `drain_seconds`).
    public init(drainDeadline: Duration, logger: Logger = Logger(label: "tempmed.shutdown")) {
        self.drainDeadline = drainDeadline
        self.logger = logger
    }

    /// Adds a step; steps registered after shutdown began are ignored (and logged).
    public func register(_ name: String, phase: Phase = .drain, _ body: @escaping @Sendable () async -> Void) {
        guard run == nil else {
            logger.warning("shutdown already running; ignoring late step", metadata: ["step": "\(name)"])
            return
        }
        steps.append(Step(name: name, phase: phase, body: body))
    }

    /// Whether `shutdown()` has been called.
    public var hasBegun: Bool { run != nil }

    /// Runs every step once; later and concurrent calls wait for the same run and get the same report.
    public func shutdown() async -> Report {
        if let run { return await run.value }
        let steps = steps
        let drainDeadline = drainDeadline
        let logger = logger
        let task = Task { await Self.perform(steps, drainDeadline: drainDeadline, logger: logger) }
        run = task
        return await task.value
    }

    private static func perform(_ steps: [Step], drainDeadline: Duration, logger: Logger) async -> Report {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: drainDeadline)
        var report = Report(steps: [])
        for step in steps where step.phase == .drain {
            let remaining = clock.now.duration(to: deadline)
            let outcome: Outcome
            if remaining <= .zero {
                outcome = .skipped
            } else {
                outcome = await runBounded(step.body, budget: remaining) ? .finished : .abandoned
            }
            log(step.name, outcome, logger)
            report.steps.append((step.name, outcome))
        }
        for step in steps where step.phase == .final {
            await step.body()
            log(step.name, .finished, logger)
            report.steps.append((step.name, .finished))
        }
        return report
    }

    private static func log(_ name: String, _ outcome: Outcome, _ logger: Logger) {
        switch outcome {
        case .finished: logger.info("shutdown step finished", metadata: ["step": "\(name)"])
        case .abandoned: logger.warning("shutdown step abandoned at the drain deadline", metadata: ["step": "\(name)"])
        case .skipped: logger.warning("shutdown step skipped: drain deadline passed", metadata: ["step": "\(name)"])
        }
    }

    /// True if `body` returned within `budget`; otherwise its task is cancelled and left behind.
    private static func runBounded(_ body: @escaping @Sendable () async -> Void, budget: Duration) async -> Bool {
        let work = Task { await body() }
        let timer = Task { try? await Task.sleep(for: budget) }
        return await withCheckedContinuation { continuation in
            let once = ResumeOnce(continuation)
            Task {
                await work.value
                if once.resume(returning: true) { timer.cancel() }
            }
            Task {
                await timer.value
                if once.resume(returning: false) { work.cancel() }
            }
        }
    }
}

/// Resumes a continuation exactly once, whichever racer gets there first.
private final class ResumeOnce: Sendable {
    private let continuation: Mutex<CheckedContinuation<Bool, Never>?>

    init(_ continuation: CheckedContinuation<Bool, Never>) {
        self.continuation = Mutex(continuation)
    }

    /// Resumes with `value` if nobody did yet; returns whether this call did.
    func resume(returning value: Bool) -> Bool {
        let pending = continuation.withLock { stored in
            defer { stored = nil }
            return stored
        }
        pending?.resume(returning: value)
        return pending != nil
    }
}
