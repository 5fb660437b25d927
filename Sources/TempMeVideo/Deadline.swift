import Foundation
import Synchronization
import TempMeBasics

/// The wall-clock budget of one decode. Time spent handing frames to a consumer that blocks (waiting for
/// encodes of a long video's windows) is not decoding and does not count (`excluding`).
final class Deadline: Sendable {
    let start: ContinuousClock.Instant
    let limitSeconds: Double
    private let paused = Mutex<Duration>(.zero)

    /// A budget of `seconds` starting now.
    init(seconds: Double) {
        start = .now
        limitSeconds = seconds
    }

    /// Seconds left (negative once past).
    var remainingSeconds: Double {
        limitSeconds - (ContinuousClock.now - start - paused.withLock { $0 }).seconds
    }

    /// Whether the budget is spent.
    var isPast: Bool { remainingSeconds <= 0 }

    /// Throws `VideoError.timeLimitExceeded` once the budget is spent.
    func check() throws(VideoError) {
        if isPast { throw .timeLimitExceeded(seconds: limitSeconds) }
    }

    /// Runs `body` with the clock stopped.
    func excluding<T>(_ body: () throws(VideoError) -> T) throws(VideoError) -> T {
        let began = ContinuousClock.now
        defer { paused.withLock { $0 += ContinuousClock.now - began } }
        return try body()
    }
}
