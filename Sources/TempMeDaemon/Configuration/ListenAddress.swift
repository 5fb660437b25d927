// Where the daemon accepts gRPC connections: a Unix socket or a TCP host and port.
#if canImport(Glibc)
import Glibc
import TempMeBasics
#elseif canImport(Darwin)
import Darwin
#endif

/// One address the gRPC server listens on.
public enum ListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// A Unix domain socket at an absolute path.
    case unix(path: String)
    /// A TCP socket; `host` is an IP literal (IPv6 without brackets) or a host name; port 0 picks a free port.
    case tcp(host: String, port: Int)

    /// Longest Unix socket path the kernel accepts (`sun_path` is 108 bytes including the NUL).
    public static let maximumUnixPathBytes = 107

    /// Parses `unix:/path`, `unix:relative/path` (resolved against `directory`), `host:port` or `[ipv6]:port`.
    public init(parsing text: String, relativeTo directory: String) throws(ConfigurationError) {
        let trimmed = text.trimmingWhitespace()
        if trimmed.hasPrefix("unix:") {
            var path = String(trimmed.dropFirst("unix:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }  // unix:///abs/path
            guard !path.isEmpty else {
                throw .invalidListenAddress(address: text, reason: "the socket path is empty")
            }
            let absolute = PathArithmetic.absolute(path, relativeTo: directory)
            guard absolute.utf8.count <= Self.maximumUnixPathBytes else {
                throw .invalidListenAddress(
                    address: text,
                    reason: "the socket path is \(absolute.utf8.count) bytes; the limit is \(Self.maximumUnixPathBytes)")
            }
            self = .unix(path: absolute)
            return
        }
        let (host, portText) = try Self.splitHostPort(trimmed, original: text)
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw .invalidListenAddress(address: text, reason: "port \"\(portText)\" is not a number from 0 to 65535")
        }
        guard Self.isValidHost(host) else {
            throw .invalidListenAddress(address: text, reason: "\"\(host)\" is neither an IP address nor a host name")
        }
        self = .tcp(host: host, port: port)
    }

    /// The address in the form gRPC expects: `unix:/abs/path`, `host:port` or `[ipv6]:port`.
    public var grpcTarget: String {
        switch self {
        case .unix(let path): return "unix:\(path)"
        case .tcp(let host, let port): return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        }
    }

    /// True for Unix sockets and loopback TCP (127.0.0.0/8, ::1, localhost): not reachable from other machines.
    public var isLocal: Bool {
        switch self {
        case .unix: return true
        case .tcp(let host, _): return Self.isLoopback(host)
        }
    }

    /// Same as `grpcTarget`.
    public var description: String { grpcTarget }

    private static func splitHostPort(_ text: String, original: String) throws(ConfigurationError) -> (String, String) {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw .invalidListenAddress(address: original, reason: "missing \"]\" after the IPv6 address")
            }
            let host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else {
                throw .invalidListenAddress(address: original, reason: "missing \":port\" after \"]\"")
            }
            guard isIPv6(host) else {
                throw .invalidListenAddress(address: original, reason: "\"\(host)\" is not an IPv6 address")
            }
            return (host, String(rest.dropFirst()))
        }
        guard let colon = text.lastIndex(of: ":") else {
            throw .invalidListenAddress(address: original, reason: "missing \":port\"")
        }
        let host = String(text[..<colon])
        if host.contains(":") {
            throw .invalidListenAddress(address: original, reason: "write IPv6 addresses in brackets, e.g. [::1]:7700")
        }
        return (host, String(text[text.index(after: colon)...]))
    }

    private static func isValidHost(_ host: String) -> Bool {
        if isIPv4(host) || isIPv6(host) { return true }
        guard !host.isEmpty, host.utf8.count <= 253 else { return false }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        } && !(labels.last?.allSatisfy(\.isNumber) ?? true)
    }

    private static func isLoopback(_ host: String) -> Bool {
        if host.lowercased() == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            let bytes = withUnsafeBytes(of: v6) { Array($0) }
            let loopback = bytes[0..<15].allSatisfy { $0 == 0 } && bytes[15] == 1
            let mappedV4 = bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xff && bytes[11] == 0xff
            return loopback || (mappedV4 && bytes[12] == 127)
        }
        return false
    }

    private static func isIPv4(_ host: String) -> Bool {
        var address = in_addr()
        return inet_pton(AF_INET, host, &address) == 1
    }

    private static func isIPv6(_ host: String) -> Bool {
        var address = in6_addr()
        return inet_pton(AF_INET6, host, &address) == 1
    }
}
