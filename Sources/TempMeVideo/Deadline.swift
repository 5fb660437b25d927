import Foundation
import TempMeBasics

/// The wall-clock budget of one decode.
struct Deadline: Sendable {
    let start: ContinuousClock.Instant
    let limitSeconds: Double

    /// A budget of `seconds` starting now.
    init(seconds: Double) {
        start = .now
        limitSeconds = seconds
    }

    /// Seconds left (negative once past).
    var remainingSeconds: Double {
        limitSeconds - (ContinuousClock.now - start).seconds
    }

    /// Whether the budget is spent.
    var isPast: Bool { remainingSeconds <= 0 }

    /// Throws `VideoError.timeLimitExceeded` once the budget is spent.
    func check() throws(VideoError) {
        if isPast { throw .timeLimitExceeded(seconds: limitSeconds) }
    }
}
