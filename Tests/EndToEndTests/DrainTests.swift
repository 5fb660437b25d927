// SIGTERM drains: an upload in flight finishes and is stored, new calls are refused, the exit status is 0.
import Foundation
import Synchronization
import TempMeTestSupport
import Testing
import TempMeClient
import TempMeProto

@Suite("Graceful shutdown")
struct DrainTests {
    @Test("an ingest in flight at SIGTERM completes and survives a restart; later calls fail; exit 0")
    func sigtermDrainsInFlightIngest() throws {
        let root = try TestEnvironment.scratchDirectory("drain")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let videos = try TestClips.make(in: root)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: videos["testsrc"]!))
        let daemon = try DaemonProcess(dataDirectory: root + "/data")
        let client = try daemon.client()

        var header = Tempme_V1_IngestHeader()
        header.id = "in-flight"
        let upload = try client.openIngest(header)
        #expect(try upload.send(bytes.prefix(bytes.count / 2)))
        Thread.sleep(forTimeInterval: 0.3)

        kill(daemon.pid, SIGTERM)
        Thread.sleep(forTimeInterval: 0.5)
        #expect(try upload.send(bytes.suffix(from: bytes.count / 2)))
        var stored: Tempme_V1_IngestResponse?
        do {
            stored = try upload.finish()
        } catch {
            Issue.record("the upload in flight failed: \(error)\n\(daemon.log)")
        }
        #expect(stored?.id == "in-flight")

        let late = try TempMeClient(address: daemon.address)
        #expect(statusCode { _ = try late.stats() } == .unavailable)
        #expect(daemon.waitForExit(timeout: 30) == 0)

        let restarted = try DaemonProcess(dataDirectory: root + "/data")
        #expect(try restarted.client().listAll(pageSize: 2).map(\.id) == ["in-flight"])
        #expect(restarted.stop() == 0)
    }
}
