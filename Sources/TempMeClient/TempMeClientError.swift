// The one error of this module: a gRPC status (or a local failure), its message, and its exit code.
import TempMeRPC

/// A failed call: the status the daemon answered, or a failure in this process (`code == nil`).
public struct TempMeClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// gRPC's status codes (the transport's `RPCStatusCode`), named here so callers need only this module.
    public typealias Code = RPCStatusCode

    /// The gRPC status the call ended with; nil when it failed here (unreadable file, undecodable message).
    public var code: Code?
    /// What went wrong, as the daemon (or this process) said it.
    public var message: String

    /// An error with a status (nil for a local failure) and a message.
    public init(code: Code?, message: String) {
        self.code = code
        self.message = message
    }

    /// The status name printed to users: gRPC's (e.g. `NOT_FOUND`), or `CLIENT` for a local failure.
    public var status: String { code?.description ?? "CLIENT" }

    /// The process exit code for this failure: 4 not found, 3 unavailable or past the deadline, else 1.
    public var exitCode: Int32 {
        switch code {
        case .notFound?: return TempMeExitCode.notFound
        case .unavailable?, .deadlineExceeded?: return TempMeExitCode.unavailable
        default: return TempMeExitCode.serverError
        }
    }

    /// `STATUS: message`, as tempmectl prints it.
    public var description: String { "\(status): \(message)" }

    /// The status a transport error carries.
    init(_ error: RPCError) {
        self.init(code: error.code, message: error.message)
    }

    /// Any error met while making a call: transport statuses keep their code, anything else is local.
    static func from(_ error: any Error) -> TempMeClientError {
        switch error {
        case let error as TempMeClientError: return error
        case let error as RPCError: return TempMeClientError(error)
        default: return TempMeClientError(code: nil, message: "\(error)")
        }
    }
}
