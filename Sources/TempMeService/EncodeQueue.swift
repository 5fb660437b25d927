// The bounded encode queue: a fixed set of encoder threads and a cap on admitted ingests.
import Dispatch
import Foundation
import Synchronization
import TempMeBasics

/// Runs video encodes on `workers` dedicated threads; admits at most `capacity` ingests at once
/// (decoding, waiting or encoding) and refuses more with RESOURCE_EXHAUSTED. Searches never use it.
/// An encode may split its work over the encoder threads that have nothing to do (`workers - 1`
/// helper threads stand in for them), so a lone video uses every core and many use one each.
public final class EncodeQueue: Sendable {
    /// Most ingests admitted at once.
    public let capacity: Int
    /// Encoder threads.
    public let workers: Int

    private let admitted = Atomic<Int>(0)
    private let running = Atomic<Int>(0)
    private let jobs = JobList()
    private let helpers: HelperPool
    private let stopped = Atomic<Bool>(false)
    private let exited = DispatchSemaphore(value: 0)

    /// Starts `workers` encoder threads (at least one) behind a queue of `capacity` (at least one).
    public init(workers: Int, capacity: Int) {
        self.workers = max(1, workers)
        self.capacity = max(1, capacity)
        helpers = HelperPool(threads: self.workers - 1, name: "tempmed.encoder.helper") { Self.lowerCurrentThreadPriority() }
        for index in 0..<self.workers {
            let thread = Thread { [jobs, exited] in
                Self.lowerCurrentThreadPriority()
                while let job = jobs.next() { job.runUnlessAbandoned() }
                exited.signal()
            }
            thread.name = "tempmed.encoder.\(index)"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Ingests admitted and not yet finished.
    public var depth: Int { admitted.load(ordering: .relaxed) }

    /// Runs `body` holding one admission; RESOURCE_EXHAUSTED when `capacity` ingests are already in.
    public func withAdmission<T>(_ body: () throws -> T) throws -> T {
        guard !stopped.load(ordering: .acquiring) else {
            throw ServiceError.unavailable("the daemon is shutting down; retry against a running daemon")
        }
        var current = admitted.load(ordering: .relaxed)
        while true {
            guard current < capacity else {
                throw ServiceError.resourceExhausted(
                    "the encode queue is full (\(capacity) ingests in progress); retry later or raise ingest.queue_capacity")
            }
            let (exchanged, original) = admitted.compareExchange(
                expected: current, desired: current + 1, ordering: .acquiringAndReleasing)
            if exchanged { break }
            current = original
        }
        defer { admitted.subtract(1, ordering: .releasing) }
        return try body()
    }

    /// Encoder threads neither encoding nor about to: the helpers a split may invite now.
    var idleWorkers: Int { max(0, workers - running.load(ordering: .relaxed) - jobs.count) }

    /// A splitter over the encoder threads idle at each split: an encode's, or a search's text query (which
    /// then uses the cores no encode needs and, on a busy daemon, runs alone).
    public var idleSplitter: any WorkSplitter { PoolSplitter(pool: helpers) { [weak self] in self?.idleWorkers ?? 0 } }

    /// Threads for a new ingest's decoder: every worker's core when it is the only ingest admitted and no
    /// encoder is busy (a lone upload then decodes as fast as the machine allows), else one, so that decodes of
    /// many uploads and their encodes share the cores without threading overhead. Frame-threaded decoding
    /// gives the same frames.
    var decoderThreadsForNewIngest: Int {
        depth <= 1 && idleWorkers == workers ? workers : 1
    }

    /// Runs `work` on an encoder thread and waits for it; gives up (CANCELLED/DEADLINE_EXCEEDED) when the caller leaves:
    /// before queueing, while queued (the job is skipped) or while it runs (it finishes and its result is dropped, so an
    /// ingest whose caller left stores nothing). `work` gets a splitter that spreads its parts over the encoder threads
    /// idle at each split.
    public func run<T: Sendable>(context: some RequestContext, _ work: @escaping @Sendable (any WorkSplitter) throws -> T) throws -> T {
        try context.checkStillWanted("waiting for the encoder")
        let slot = ResultSlot<T>()
        let splitter = idleSplitter
        let job = EncodeJob { [self] in
            running.add(1, ordering: .relaxed)
            slot.fill {
                defer { running.subtract(1, ordering: .relaxed) }  // idle again before the caller wakes
                return try work(splitter)
            }
        }
        jobs.append(job)
        while !slot.wait(timeout: .now() + .milliseconds(50)) {
            do {
                try context.checkStillWanted("waiting for the encoder")
            } catch {
                if job.abandon() { throw error }  // not started: it will be skipped
            }
        }
        let value = try slot.value()
        try context.checkStillWanted("encoding")
        return value
    }

    /// `run` for work that does not split.
    public func run<T: Sendable>(context: some RequestContext, _ work: @escaping @Sendable () throws -> T) throws -> T {
        try run(context: context) { (_: any WorkSplitter) in try work() }
    }

    /// Stops the encoder threads after the jobs already queued; refuses new admissions. Idempotent.
    public func stop() {
        let (first, _) = stopped.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing)
        guard first else { return }
        for _ in 0..<workers { jobs.append(nil) }
        for _ in 0..<workers { exited.wait() }
        helpers.stop()
    }
}

extension EncodeQueue {
    /// Niceness of encoder threads: on a busy machine the scheduler runs search threads first.
    static let encoderNiceness: Int32 = 10

    /// Lowers the calling thread's scheduling priority (Linux niceness is per thread).
    static func lowerCurrentThreadPriority() {
        #if os(Linux)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, encoderNiceness)  // who 0: this thread (NPTL)
        #endif
    }
}

/// First-in first-out jobs shared by the encoder threads; a nil entry tells one thread to stop.
final class JobList: Sendable {
    private let entries = Mutex<[EncodeJob?]>([])
    private let available = DispatchSemaphore(value: 0)

    /// Queues a job (or a stop marker).
    func append(_ job: EncodeJob?) {
        entries.withLock { $0.append(job) }
        available.signal()
    }

    /// Jobs queued and not yet taken by a thread.
    var count: Int { entries.withLock { $0.count } }

    /// Blocks for the next job; nil means stop.
    func next() -> EncodeJob? {
        available.wait()
        return entries.withLock { $0.isEmpty ? nil : $0.removeFirst() }
    }
}

/// One queued encode and whether it still has a caller.
final class EncodeJob: Sendable {
    private let state = Atomic<Int>(0)  // 0 queued, 1 running, 2 abandoned
    private let work: @Sendable () -> Void

    init(_ work: @escaping @Sendable () -> Void) { self.work = work }

    /// Marks a queued job as not wanted; false if it already started (the caller must then wait).
    func abandon() -> Bool {
        state.compareExchange(expected: 0, desired: 2, ordering: .acquiringAndReleasing).exchanged
    }

    func runUnlessAbandoned() {
        guard state.compareExchange(expected: 0, desired: 1, ordering: .acquiringAndReleasing).exchanged else { return }
        work()
    }
}
