// Threads that help whoever splits work, when they are free: the caller never waits for one.
import Dispatch
import Foundation
import Synchronization

/// A few waiting threads that join the parts of a split in progress. The caller always works on
/// its own split too, so a split finishes even if no helper ever comes; a helper that arrives late
/// finds nothing left and goes back to waiting.
public final class HelperPool: Sendable {
    /// Helper threads in the pool.
    public let threads: Int
    private let shared = Shared()

    /// What the pool and its threads share.
    private final class Shared: Sendable {
        let offers = Mutex<[SplitRegion]>([])
        let available = DispatchSemaphore(value: 0)
        let stopped = Atomic<Bool>(false)
    }

    /// Starts `threads` helper threads named `name.N`; each runs `setUp` once first (e.g. to lower its priority).
    public init(threads: Int, name: String, setUp: @escaping @Sendable () -> Void = {}) {
        self.threads = max(0, threads)
        for index in 0..<self.threads {
            let thread = Thread { [shared] in
                setUp()
                while true {
                    shared.available.wait()
                    if shared.stopped.load(ordering: .acquiring) { return }
                    let region = shared.offers.withLock { $0.isEmpty ? nil : $0.removeFirst() }
                    region?.work()
                }
            }
            thread.name = "\(name).\(index)"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Runs `body` for every part in `0..<parts` on the calling thread and up to `helpers` pool threads.
    public func run(parts: Int, helpers: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let invited = min(helpers, threads, parts - 1)
        guard invited > 0, !shared.stopped.load(ordering: .acquiring) else {
            for part in 0..<parts { body(part) }
            return
        }
        let region = SplitRegion(parts: parts, body: body)
        shared.offers.withLock { $0.append(contentsOf: repeatElement(region, count: invited)) }
        for _ in 0..<invited { shared.available.signal() }
        region.work()
        region.waitUntilDone()
        shared.offers.withLock { $0.removeAll { $0 === region } }  // invitations no helper took in time
    }

    /// Stops the helper threads once they are idle. Idempotent.
    public func stop() {
        let (first, _) = shared.stopped.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing)
        guard first else { return }
        for _ in 0..<threads { shared.available.signal() }
    }

    deinit { stop() }
}

/// One split in progress: parts are claimed one at a time by whoever works on it.
final class SplitRegion: Sendable {
    private let parts: Int
    private let body: @Sendable (Int) -> Void
    private let claimed = Atomic<Int>(0)
    private let unfinished: Atomic<Int>
    private let done = DispatchSemaphore(value: 0)

    init(parts: Int, body: @escaping @Sendable (Int) -> Void) {
        self.parts = parts
        self.body = body
        unfinished = Atomic(parts)
    }

    /// Claims and runs parts until none is left.
    func work() {
        while true {
            let part = claimed.add(1, ordering: .relaxed).oldValue
            guard part < parts else { return }
            body(part)
            if unfinished.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 { done.signal() }
        }
    }

    /// Blocks until every part has run.
    func waitUntilDone() { done.wait() }
}
