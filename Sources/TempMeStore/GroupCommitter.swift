import Dispatch
import Synchronization

/// Folds concurrent write requests into one commit (leader/follower group commit).
///
/// The first caller becomes leader and commits every request queued so far in one call of
/// `commitBatch` (one synced RocksDB write); callers arriving meanwhile wait. When the leader is done
/// it completes the followers and promotes the oldest still-queued request to lead the next batch,
/// so N concurrent writers pay about one fsync per batch and commits stay strictly ordered.
final class GroupCommitter<Request: Sendable, Outcome: Sendable>: Sendable {
    typealias CommitBatch = @Sendable ([Request]) -> [Result<Outcome, StoreError>]

    private final class Ticket: Sendable {
        enum State { case waiting, promoted, done(Result<Outcome, StoreError>) }
        let request: Request
        let state = Mutex<State>(.waiting)
        let signal = DispatchSemaphore(value: 0)

        init(_ request: Request) { self.request = request }

        func finish(_ next: State) {
            state.withLock { $0 = next }
            signal.signal()
        }
    }

    private struct Queue: ~Copyable {
        var tickets: [Ticket] = []
        var leading = false
    }

    private let queue = Mutex(Queue())
    private let maxBatch: Int
    private let commitBatch: CommitBatch

    init(maxBatch: Int, commitBatch: @escaping CommitBatch) {
        self.maxBatch = maxBatch
        self.commitBatch = commitBatch
    }

    /// Requests waiting for the next batch (for tests and stats).
    var queuedCount: Int { queue.withLock { $0.tickets.count } }

    /// Commits `request` (possibly together with others) and returns its outcome.
    func submit(_ request: Request) -> Result<Outcome, StoreError> {
        let ticket = Ticket(request)
        let leadsNow = queue.withLock { queue -> Bool in
            queue.tickets.append(ticket)
            if queue.leading { return false }
            queue.leading = true
            return true
        }
        if !leadsNow {
            ticket.signal.wait()
            if case .done(let result) = ticket.state.withLock({ $0 }) { return result }
        }
        // Leader: our ticket is first in the queue (only leaders dequeue).
        let batch = queue.withLock { queue -> [Ticket] in
            let taken = Array(queue.tickets.prefix(maxBatch))
            queue.tickets.removeFirst(taken.count)
            return taken
        }
        let results = commitBatch(batch.map(\.request))
        let nextLeader = queue.withLock { queue -> Ticket? in
            if queue.tickets.isEmpty { queue.leading = false }
            return queue.tickets.first
        }
        for (member, result) in zip(batch, results) where member !== ticket { member.finish(.done(result)) }
        nextLeader?.finish(.promoted)
        return results[0]
    }
}
