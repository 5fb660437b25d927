import Foundation

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
        let elapsed = ContinuousClock.now - start
        let parts = elapsed.components
        return limitSeconds - (Double(parts.seconds) + Double(parts.attoseconds) * 1e-18)
    }

    /// Whether the budget is spent.
    var isPast: Bool { remainingSeconds <= 0 }

    /// Throws `VideoError.timeLimitExceeded` once the budget is spent.
    func check() throws(VideoError) {
        if isPast { throw .timeLimitExceeded(seconds: limitSeconds) }
    }
}
