// What the service needs to know about the call it serves: has the caller gone, how long is left.

/// The caller's side of a request, as the transport reports it.
public protocol RequestContext: Sendable {
    /// True once the caller cancelled, disconnected or ran out of time.
    var isCancelled: Bool { get }
    /// Time left before the caller's deadline (negative once passed); nil without a deadline.
    var timeRemaining: Duration? { get }
}

extension RequestContext {
    /// Throws DEADLINE_EXCEEDED or CANCELLED when the caller no longer waits for the answer.
    func checkStillWanted(_ what: String) throws(ServiceError) {
        if let remaining = timeRemaining, remaining <= .zero {
            throw .deadlineExceeded("the deadline passed while \(what); retry with a longer deadline")
        }
        if isCancelled { throw .cancelled("the call was cancelled while \(what)") }
    }
}

/// A context for in-process callers (warm-up, tests): never cancelled, no deadline.
public struct DetachedContext: RequestContext {
    /// A context without deadline.
    public init() {}
    /// Never cancelled.
    public var isCancelled: Bool { false }
    /// No deadline.
    public var timeRemaining: Duration? { nil }
}
