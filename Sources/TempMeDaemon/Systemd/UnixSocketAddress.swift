// Builds a sockaddr_un for a filesystem path or a Linux abstract name, the one place that fills one.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An AF_UNIX address: a filesystem path, or an abstract name written `@name`.
public struct UnixSocketAddress: Sendable, Equatable {
    /// The bytes of `sun_path` (a leading NUL for abstract names) without a trailing NUL.
    let pathBytes: [UInt8]
    let isAbstract: Bool

    /// Accepts `/absolute/path` or `@abstract`; nil for anything else or names too long for `sun_path`.
    public init?(_ text: String) {
        var bytes = Array(text.utf8)
        guard let first = bytes.first, first == UInt8(ascii: "/") || first == UInt8(ascii: "@") else { return nil }
        isAbstract = first == UInt8(ascii: "@")
        if isAbstract { bytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: sockaddr_un().sun_path)
        guard bytes.count < capacity || (isAbstract && bytes.count <= capacity) else { return nil }
        pathBytes = bytes
    }

    /// Calls `body` with a pointer to the filled address and its length, as bind/sendto want them.
    public func withSockaddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
        }
        // Abstract names are exactly as long as given; paths count their terminating NUL.
        let length = MemoryLayout<sa_family_t>.size + pathBytes.count + (isAbstract ? 0 : 1)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(length)) }
        }
    }
}
