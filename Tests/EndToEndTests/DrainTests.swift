// SIGTERM drains: an upload in flight finishes and is stored, new calls are refused, the exit status is 0.
import Foundation
import Synchronization
import Testing
import TempMeProto
import TempMeRPC

@Suite("Graceful shutdown")
struct DrainTests {
    @Test("an ingest in flight at SIGTERM completes and survives a restart; later calls fail; exit 0")
    func sigtermDrainsInFlightIngest() throws {
        let root = try TestEnvironment.scratchDirectory("drain")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let videos = try TestVideos.make(in: root)
        let bytes = try TestVideos.data(videos["testsrc"]!)
        let daemon = try DaemonProcess(dataDirectory: root + "/data")
        let client = try daemon.client()

        let stream = client.client.openStream(method: Tempme_V1_TempMeMethod.ingest, timeout: .seconds(60))
        var header = Tempme_V1_IngestRequest()
        header.header.id = "in-flight"
        #expect(stream.send(try header.serializedBytes()))
        var first = Tempme_V1_IngestRequest()
        first.chunk = bytes.prefix(bytes.count / 2)
        #expect(stream.send(try first.serializedBytes()))
        Thread.sleep(forTimeInterval: 0.3)

        kill(daemon.pid, SIGTERM)
        Thread.sleep(forTimeInterval: 0.5)
        var rest = Tempme_V1_IngestRequest()
        rest.chunk = bytes.suffix(from: bytes.count / 2)
        #expect(stream.send(try rest.serializedBytes()))
        stream.closeSending()
        let response = stream.receive()
        let status = stream.finish()
        #expect(status.code == .ok, "\(status.message)\n\(daemon.log)")
        let stored = try response.map { try Tempme_V1_IngestResponse(serializedBytes: $0) }
        #expect(stored?.id == "in-flight")

        let late = try RPCClient(target: daemon.address)
        #expect(statusCode { _ = try WireClient(late).stats() } == .unavailable)
        #expect(daemon.waitForExit(timeout: 30) == 0)

        let restarted = try DaemonProcess(dataDirectory: root + "/data")
        #expect(try restarted.client().listIDs() == ["in-flight"])
        #expect(restarted.stop() == 0)
    }
}
