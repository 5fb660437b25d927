import Foundation
import Glibc
import TempMeDaemon

/// A datagram socket standing in for systemd's notify socket.
public final class FakeNotifySocket: @unchecked Sendable {
    /// The address it is bound to, as given.
    public let address: String
    private let descriptor: Int32

    /// Binds `address` (`/path` or `@abstract`); `receive()` gives up after `receiveTimeout` seconds.
    public init(address: String, receiveTimeout: Int = 30) throws {
        self.address = address
        guard let unixAddress = UnixSocketAddress(address) else { throw POSIXError(.EINVAL) }
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
        var timeout = timeval(tv_sec: receiveTimeout, tv_usec: 0)  // a broken test fails instead of hanging
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let bound = unixAddress.withSockaddr { bind(descriptor, $0, $1) }
        guard bound == 0 else {
            close(descriptor)
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
    }

    /// The next datagram as text, or nil after the receive timeout.
    public func receive() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count >= 0 else { return nil }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }

    deinit {
        close(descriptor)
        if address.hasPrefix("/") { unlink(address) }
    }
}
