// A result one thread produces and another waits for; and a computation started on its own thread.
import Dispatch
import Foundation
import Synchronization

/// A write-once result slot with a blocking wait.
final class ResultSlot<T: Sendable>: Sendable {
    private let outcome = Mutex<Result<T, any Error>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    /// Stores the outcome of `work` and wakes the waiter.
    func fill(with work: () throws -> T) {
        let result = Result { try work() }
        outcome.withLock { $0 = result }
        done.signal()
    }

    /// Waits up to `timeout`; false if nothing arrived in time.
    func wait(timeout: DispatchTime) -> Bool {
        guard done.wait(timeout: timeout) == .success else { return false }
        done.signal()  // later waits return at once
        return true
    }

    /// The failure if the work already failed, without waiting.
    var earlyFailure: (any Error)? {
        outcome.withLock { result in
            if case .failure(let error) = result { return error }
            return nil
        }
    }

    /// Waits for the outcome and returns or throws it.
    func value() throws -> T {
        _ = wait(timeout: .distantFuture)
        guard let result = outcome.withLock({ $0 }) else {
            throw ServiceError.internal("a background task ended without a result")
        }
        return try result.get()
    }
}

/// Runs `work` on a new thread at once; `value()` waits for it.
final class BackgroundResult<T: Sendable>: Sendable {
    private let slot = ResultSlot<T>()

    /// Starts `work` on a thread named `name`.
    init(name: String, _ work: @escaping @Sendable () throws -> T) {
        let slot = slot
        let thread = Thread { slot.fill(with: work) }
        thread.name = name
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The failure if the work already failed, without waiting.
    var earlyFailure: (any Error)? { slot.earlyFailure }

    /// Waits for the result (the work always ends: every input it reads is bounded in time).
    func value() throws -> T { try slot.value() }
}
