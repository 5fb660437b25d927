// What can go wrong while starting, notifying systemd or stopping the daemon.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Failures of the daemon's process lifecycle: systemd notification and the data directory lock.
public enum LifecycleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `NOTIFY_SOCKET` names something other than a socket path or an abstract `@name`.
    case unsupportedNotifySocket(String)
    /// A datagram to the notify socket could not be sent.
    case notifyFailed(socket: String, errno: Int32)
    /// The data directory could not be created or opened.
    case dataDirectoryUnusable(path: String, errno: Int32)
    /// Another process holds the data directory's lock.
    case dataDirectoryInUse(path: String, ownerPID: Int32?)

    /// The message shown to the operator.
    public var description: String {
        switch self {
        case .unsupportedNotifySocket(let value):
            return "NOTIFY_SOCKET=\(value) is neither an absolute socket path nor an abstract @name; "
                + "unset it or run under systemd"
        case .notifyFailed(let socket, let code):
            return "cannot notify systemd through \(socket): \(Self.text(code)); check NotifyAccess= in the unit"
        case .dataDirectoryUnusable(let path, let code):
            return "cannot use data directory \(path): \(Self.text(code)); check data_dir and its permissions"
        case .dataDirectoryInUse(let path, let ownerPID):
            let owner = ownerPID.map { "tempmed (pid \($0))" } ?? "another tempmed"
            return "\(owner) is already using data directory \(path); stop it or choose another data_dir"
        }
    }

    private static func text(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
