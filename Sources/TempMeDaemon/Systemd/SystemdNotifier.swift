// sd_notify without libsystemd: datagrams to $NOTIFY_SOCKET, and the watchdog interval from $WATCHDOG_USEC.
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One state change systemd understands (see sd_notify(3)).
public enum SystemdNotification: Sendable, Equatable {
    /// Start-up finished; `Type=notify` units become active.
    case ready
    /// Graceful shutdown began.
    case stopping
    /// Configuration reload began.
    case reloading
    /// Keep-alive ping for `WatchdogSec=`.
    case watchdog
    /// Free-form status shown by `systemctl status`.
    case status(String)
    /// Ask for more time before the start or stop timeout fires.
    case extendTimeout(Duration)

    /// The `KEY=value` line sent on the socket.
    public var line: String {
        switch self {
        case .ready: return "READY=1"
        case .stopping: return "STOPPING=1"
        case .reloading: return "RELOADING=1"
        case .watchdog: return "WATCHDOG=1"
        case .status(let text): return "STATUS=" + text.replacingOccurrences(of: "\n", with: " ")
        case .extendTimeout(let duration): return "EXTEND_TIMEOUT_USEC=\(Self.microseconds(duration))"
        }
    }

    private static func microseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return max(0, seconds * 1_000_000 + attoseconds / 1_000_000_000_000)
    }
}

/// Tells systemd about the daemon's state; does nothing when not started by systemd (`NOTIFY_SOCKET` unset).
public struct SystemdNotifier: Sendable {
    /// The `NOTIFY_SOCKET` value, nil when not running under a notify-aware supervisor.
    public let socket: String?
    /// How often systemd expects `WATCHDOG=1` at the latest (`WATCHDOG_USEC`), nil when the watchdog is off.
    public let watchdogTimeout: Duration?

    /// Reads `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID` from `environment`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let socket = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        self.socket = socket
        let forThisProcess = environment["WATCHDOG_PID"].map { Int32($0) == getpid() } ?? true
        if let text = environment["WATCHDOG_USEC"], let microseconds = Int64(text), microseconds > 0, forThisProcess {
            watchdogTimeout = .microseconds(microseconds)
        } else {
            watchdogTimeout = nil
        }
    }

    /// Whether notifications go anywhere.
    public var isEnabled: Bool { socket != nil }

    /// How often to send `WATCHDOG=1`: half the timeout, as sd_watchdog_enabled(3) recommends.
    public var watchdogPingInterval: Duration? { watchdogTimeout.map { $0 / 2 } }

    /// Sends the notifications in one datagram; a no-op without `NOTIFY_SOCKET`.
    public func notify(_ notifications: [SystemdNotification]) throws(LifecycleError) {
        guard let socket, !notifications.isEmpty else { return }
        guard let address = UnixSocketAddress(socket) else { throw .unsupportedNotifySocket(socket) }
        let message = Array(notifications.map(\.line).joined(separator: "\n").utf8)
        let descriptor = Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw .notifyFailed(socket: socket, errno: errno) }
        defer { close(descriptor) }
        // Never block: a notify socket whose reader fell behind must not stall the daemon (or a
        // watchdog loop that is being cancelled); an undelivered datagram is reported instead.
        let sent = address.withSockaddr { pointer, length in
            message.withUnsafeBytes { sendto(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT), pointer, length) }
        }
        guard sent == message.count else { throw .notifyFailed(socket: socket, errno: sent < 0 ? errno : EMSGSIZE) }
    }

    /// Start-up finished: `READY=1`, with an optional status line.
    public func ready(status: String? = nil) throws(LifecycleError) {
        try notify([.ready] + (status.map { [.status($0)] } ?? []))
    }

    /// Graceful shutdown began: `STOPPING=1`, with an optional status line.
    public func stopping(status: String? = nil) throws(LifecycleError) {
        try notify([.stopping] + (status.map { [.status($0)] } ?? []))
    }

    /// Updates the status line shown by `systemctl status`.
    public func status(_ text: String) throws(LifecycleError) {
        try notify([.status(text)])
    }

    /// Sends one watchdog keep-alive.
    public func watchdog() throws(LifecycleError) {
        try notify([.watchdog])
    }

    /// Pings the watchdog every `watchdogPingInterval` until the task is cancelled; returns at once if it is off.
    public func runWatchdog() async {
        guard isEnabled, let interval = watchdogPingInterval else { return }
        while !Task.isCancelled {
            try? watchdog()
            try? await Task.sleep(for: interval)
        }
    }
}
