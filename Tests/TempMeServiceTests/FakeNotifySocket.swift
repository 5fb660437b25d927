import Foundation
import Glibc
@testable import TempMeService

/// A datagram socket standing in for systemd's notify socket.
final class FakeNotifySocket: @unchecked Sendable {
    let address: String
    private let descriptor: Int32

    /// Binds `address` (`/path` or `@abstract`).
    init(address: String) throws {
        self.address = address
        guard let unixAddress = UnixSocketAddress(address) else { throw POSIXError(.EINVAL) }
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)  // a broken test fails instead of hanging
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let bound = unixAddress.withSockaddr { bind(descriptor, $0, $1) }
        guard bound == 0 else {
            close(descriptor)
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
    }

    /// The next datagram as text, or nil after the receive timeout.
    func receive() -> String? {
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
