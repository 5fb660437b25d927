// What a finished call looked like, for access logs and metrics: handed to the server's observer.

/// One finished call.
public struct RPCCallSummary: Sendable {
    /// Full method name, e.g. `/tempme.v1.TempMe/Search`.
    public let method: String
    /// The status it finished with.
    public let status: RPCStatusCode
    /// Wall time from dispatch to finish.
    public let seconds: Double
    /// The peer as gRPC prints it.
    public let peer: String
    /// The call's request id (the client's `x-request-id`, or a fresh one); error messages end with it.
    public let requestID: String
    /// Bytes of request messages read.
    public let receivedBytes: Int
    /// Bytes of response messages sent.
    public let sentBytes: Int
}

/// Called once per finished call, on the call's thread.
public typealias RPCCallObserver = @Sendable (RPCCallSummary) -> Void
