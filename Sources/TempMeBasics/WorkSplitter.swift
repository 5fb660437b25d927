// Splitting one computation into independent parts that may run on several threads at once.

/// Runs the independent parts of one computation, on the calling thread and on however many
/// helper threads are free right now; returns only when every part is done.
public protocol WorkSplitter: Sendable {
    /// How many threads (the caller included) would work on a split started now: how many parts to cut.
    var width: Int { get }
    /// Calls `body(part)` once for each part in `0..<parts`, possibly concurrently, and waits for all.
    func forEach(parts: Int, _ body: @escaping @Sendable (Int) -> Void)
}

/// Runs every part on the calling thread, in order.
public struct SerialSplitter: WorkSplitter {
    /// A splitter that never uses another thread.
    public init() {}

    /// Always one.
    public var width: Int { 1 }

    /// Calls `body` for each part in order.
    public func forEach(parts: Int, _ body: @escaping @Sendable (Int) -> Void) {
        for part in 0..<parts { body(part) }
    }
}

extension WorkSplitter {
    /// `0..<count` cut into at most `width x piecesPerThread` contiguous ranges, each a multiple of
    /// `multiple` long except the last (an empty array for an empty count).
    public func ranges(_ count: Int, piecesPerThread: Int = 2, multiple: Int = 1) -> [Range<Int>] {
        guard count > 0 else { return [] }
        let pieces = width == 1 ? 1 : width * max(1, piecesPerThread)
        let unit = max(1, multiple)
        let step = max(unit, (count + pieces - 1) / pieces / unit * unit)
        return stride(from: 0, to: count, by: step).map { $0..<min(count, $0 + step) }
    }
}

/// Splits over a `HelperPool`, inviting as many helpers as `allowance()` says are free at each split.
public struct PoolSplitter: WorkSplitter {
    /// The helper threads.
    public let pool: HelperPool
    /// Helpers a split may invite right now (e.g. the encoder threads that have nothing to do).
    public let allowance: @Sendable () -> Int

    /// A splitter over `pool` that invites `allowance()` helpers (all of them unless told otherwise).
    public init(pool: HelperPool, allowance: @escaping @Sendable () -> Int = { Int.max }) {
        self.pool = pool
        self.allowance = allowance
    }

    /// One plus the helpers a split started now would invite.
    public var width: Int { 1 + min(pool.threads, max(0, allowance())) }

    /// Runs the parts on this thread and the helpers invited now.
    public func forEach(parts: Int, _ body: @escaping @Sendable (Int) -> Void) {
        pool.run(parts: parts, helpers: max(0, allowance()), body)
    }
}
