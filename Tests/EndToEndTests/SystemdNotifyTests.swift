// The systemd notify protocol with a datagram socket standing in for systemd: READY=1 after warm-up, STOPPING=1 on SIGTERM.
import Foundation
import Glibc
import TempMeTestSupport
import Testing

@Suite("systemd notify protocol")
struct SystemdNotifyTests {
    @Test("READY=1 arrives once the daemon serves; SIGTERM brings STOPPING=1 and exit 0")
    func readyThenStopping() throws {
        let root = try TestEnvironment.scratchDirectory("notify")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let socket = try FakeNotifySocket(address: root + "/notify.sock", receiveTimeout: 10)
        let daemon = try DaemonProcess(dataDirectory: root + "/data", environment: ["NOTIFY_SOCKET": socket.address])

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
