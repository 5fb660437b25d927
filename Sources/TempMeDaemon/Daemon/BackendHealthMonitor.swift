// Health follows a remote store: NOT_SERVING while it does not answer, SERVING again once it does.
import Foundation
import Logging
import Synchronization
import TempMeBasics
import TempMeRPC

/// Probes a remote backend every `interval` on its own thread and sets the gRPC health status of the
/// server and of the TempMe service from the answer, logging each change.
final class BackendHealthMonitor: Sendable {
    private let probe: @Sendable () -> Bool
    private let health: RPCHealth
    private let services: [String]
    private let interval: Duration
    private let logger: Logger
    private let stopped = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)

    /// Starts probing; `probe` returns whether the backend answers.
    init(probe: @escaping @Sendable () -> Bool, health: RPCHealth, services: [String], interval: Duration = .seconds(2), logger: Logger) {
        self.probe = probe
        self.health = health
        self.services = services
        self.interval = interval
        self.logger = logger
        let thread = Thread { [self] in run() }
        thread.name = "tempmed.backend-health"
        thread.start()
    }

    /// Stops probing and waits for the thread to finish its current probe.
    func stop() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        done.wait()
    }

    private func run() {
        var healthy = true
        while !stopped.load(ordering: .acquiring) {
            let now = probe()
            if now != healthy {
                healthy = now
                for service in services { health.setStatus(now ? .serving : .notServing, for: service) }
                if now {
                    logger.notice("the store backend answers again: serving")
                } else {
                    logger.error("the store backend does not answer: health is NOT_SERVING until it does")
                }
            }
            Thread.sleep(forTimeInterval: interval.seconds)
        }
        done.signal()
    }
}
