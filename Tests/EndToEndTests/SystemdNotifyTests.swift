// The systemd notify protocol with a datagram socket standing in for systemd: READY=1 after warm-up, STOPPING=1 on SIGTERM.
import Foundation
import Glibc
import Testing

@Suite("systemd notify protocol")
struct SystemdNotifyTests {
    @Test("READY=1 arrives once the daemon serves; SIGTERM brings STOPPING=1 and exit 0")
    func readyThenStopping() throws {
        let root = try TestEnvironment.scratchDirectory("notify")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let socket = try NotifySocket(path: root + "/notify.sock")
        let daemon = try DaemonProcess(dataDirectory: root + "/data", environment: ["NOTIFY_SOCKET": socket.path])

        var received: [String] = []
        while !received.contains(where: { $0.split(separator: "\n").contains("READY=1") }), let message = socket.receive() {
            received.append(message)
        }
        #expect(received.contains { $0.split(separator: "\n").contains("READY=1") })
        #expect(daemon.log.contains("warm-up done"))
        #expect(try daemon.client().health() == .serving)  // READY means serving

        kill(daemon.pid, SIGTERM)
        var stopping = false
        while !stopping, let message = socket.receive() {
            stopping = message.split(separator: "\n").contains("STOPPING=1")
        }
        #expect(stopping)
        #expect(daemon.waitForExit(timeout: 30) == 0)
        #expect(daemon.log.contains("stopped"))
    }
}

/// A bound Unix datagram socket at `path` with a 10 s receive timeout.
final class NotifySocket: @unchecked Sendable {
    let path: String
    private let descriptor: Int32

    init(path: String) throws {
        self.path = path
        descriptor = Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw POSIXError(.ENAMETOOLONG) }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else {
            close(descriptor)
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
    }

    /// The next datagram, or nil after the timeout.
    func receive() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count >= 0 else { return nil }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }

    deinit {
        close(descriptor)
        unlink(path)
    }
}
