// Two independent blocking calls run at the same time.
import Dispatch
import Synchronization

/// The results of two closures run concurrently (one on the calling thread, one on another).
struct ParallelPair<First: Sendable, Second: Sendable>: Sendable {
    /// The first closure's result or error.
    let first: Result<First, any Error>
    /// The second closure's result or error.
    let second: Result<Second, any Error>

    /// Runs `first` and `second` concurrently and waits for both.
    init(_ first: @escaping @Sendable () throws -> First, _ second: @escaping @Sendable () throws -> Second) {
        let firstResult = Mutex<Result<First, any Error>?>(nil)
        let secondResult = Mutex<Result<Second, any Error>?>(nil)
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            if index == 0 {
                let value = Result { try first() }
                firstResult.withLock { $0 = value }
            } else {
                let value = Result { try second() }
                secondResult.withLock { $0 = value }
            }
        }
        self.first = firstResult.withLock { $0 } ?? .failure(CancellationError())
        self.second = secondResult.withLock { $0 } ?? .failure(CancellationError())
    }
}
