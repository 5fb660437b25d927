/// The one error of this module: a gRPC status code with a message a user can act on.
///
/// Handlers throw it to answer a call with that status; clients receive it for every non-OK
/// status; setup failures (bad listen address, bad target) use it too.
public struct RPCError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The gRPC status code sent or received.
    public var code: RPCStatusCode
    /// The human-readable status message.
    public var message: String

    /// An error with a status code and a message.
    public init(code: RPCStatusCode, message: String) {
        self.code = code
        self.message = message
    }

    /// `CODE: message`, as printed to users.
    public var description: String { "\(code): \(message)" }
}
