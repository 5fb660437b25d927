import Foundation
import TempMeClient
import TempMeProto
import Testing

/// Uploads: the header first, then full chunks (only the last may be short), from a file or from memory.
@Suite struct IngestTests {
    /// 5000 bytes of a recognisable pattern.
    private let video = Data((0..<5000).map { UInt8($0 % 251) })

    @Test func dataGoesInFullChunksWithProgress() throws {
        let daemon = try FakeDaemon()
        let client = try TempMeClient(address: daemon.address)
        var reported: [Int] = []
        let response = try client.ingest(id: "clip", data: video, replace: true, chunkBytes: 2048) { sent, total in
            #expect(total == 5000)
            reported.append(sent)
        }
        #expect(response.id == "clip")
        #expect(response.replaced)
        #expect(response.sampledFrames == [2048, 2048, 904])
        #expect(reported == [2048, 4096, 5000])
    }

    @Test func aSliceOfDataIsCutFromItsOwnStart() throws {
        let daemon = try FakeDaemon()
        let client = try TempMeClient(address: daemon.address)
        let slice = video[1000..<4000]
        #expect(try client.ingest(id: "slice", data: slice, chunkBytes: 1024).sampledFrames == [1024, 1024, 952])
    }

    @Test func aFileGoesInTheSameChunksAsItsBytes() throws {
        let daemon = try FakeDaemon()
        let client = try TempMeClient(address: daemon.address)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tempme-client-\(UUID().uuidString).mp4").path
        try video.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var totals: [Int?] = []
        let response = try client.ingest(id: "file", file: path, chunkBytes: 2048) { _, total in totals.append(total) }
        #expect(response.sampledFrames == [2048, 2048, 904])
        #expect(totals == [5000, 5000, 5000])
        #expect(try client.ingest(id: "one", file: path).sampledFrames == [5000])
    }

    @Test func anEmptyUploadSendsOnlyTheHeader() throws {
        let daemon = try FakeDaemon()
        let client = try TempMeClient(address: daemon.address)
        #expect(try client.ingest(id: "empty", data: Data()).sampledFrames == [])
    }

    @Test func localFailuresAreClientErrors() throws {
        let client = try TempMeClient(address: try FakeDaemon().address)
        let unreadable = #expect(throws: TempMeClientError.self) { try client.ingest(id: "x", file: "/nonexistent/clip.mp4") }
        #expect(unreadable?.code == nil)
        #expect(unreadable?.description == "CLIENT: cannot read /nonexistent/clip.mp4")
        let zero = #expect(throws: TempMeClientError.self) { try client.ingest(id: "x", data: video, chunkBytes: 0) }
        #expect(zero?.code == nil)
    }

    @Test func anOpenUploadCanBeCancelled() throws {
        let daemon = try FakeDaemon()
        let client = try TempMeClient(address: daemon.address)
        var header = Tempme_V1_IngestHeader()
        header.id = "half"
        let upload = try client.openIngest(header)
        #expect(try upload.send(video.prefix(2048)))
        upload.cancel()
        let failure = #expect(throws: TempMeClientError.self) { try upload.finish() }
        #expect(failure?.code == .cancelled)
    }

    @Test func aPathIngestInFlightCanBeCancelled() throws {
        let daemon = try FakeDaemon()
        let client = try TempMeClient(address: daemon.address)
        #expect(try client.ingestPath("/videos/clip.mp4", id: "clip", canceller: UploadCanceller()).id == "clip")

        let canceller = UploadCanceller()
        let cancelling = Thread {
            Thread.sleep(forTimeInterval: 0.2)
            canceller.cancel()
        }
        cancelling.start()
        let failure = #expect(throws: TempMeClientError.self) {
            try client.ingestPath(FakeDaemon.pathNeverRead, id: "stuck", canceller: canceller)
        }
        #expect(failure?.code == .cancelled)

        let early = UploadCanceller()
        early.cancel()
        let refused = #expect(throws: TempMeClientError.self) { try client.ingestPath("/videos/clip.mp4", id: "x", canceller: early) }
        #expect(refused?.code == .cancelled)
    }

    @Test func abandoningABatchCancelsItsPathIngestsInFlight() throws {
        let daemon = try FakeDaemon()
        let client = try TempMeClient(address: daemon.address)
        let batch = IngestBatch(client: client, items: [.init(path: "/videos/a.mp4", id: "a"), .init(path: FakeDaemon.pathNeverRead, id: "stuck"),
                                                        .init(path: "/videos/c.mp4", id: "c")],
                                transfer: .serverPath, concurrency: 1)
        let outcomes = batch.run { event in
            if case .started(index: 1) = event { DispatchQueue.global().async { batch.abandon() } }
        }
        guard case .ingested(let first) = outcomes[0] else { Issue.record("a: \(outcomes[0])"); return }
        #expect(first.id == "a")
        guard case .failed(let error) = outcomes[1] else { Issue.record("stuck: \(outcomes[1])"); return }
        #expect(error.code == .cancelled)
        #expect(error.message.hasPrefix("abandoned in flight"), "\(error)")
        guard case .notStarted = outcomes[2] else { Issue.record("c: \(outcomes[2])"); return }
    }

    @Test func abandoningABatchWaitingToRetryAFullQueueReportsCancelled() throws {
        let daemon = try FakeDaemon()
        let client = try TempMeClient(address: daemon.address)
        let batch = IngestBatch(client: client, items: [.init(path: FakeDaemon.pathAlwaysBusy, id: "busy")], transfer: .serverPath,
                                concurrency: 1)
        let outcomes = batch.run { event in
            if case .started = event { DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { batch.abandon() } }
        }
        guard case .failed(let error) = outcomes[0] else { Issue.record("busy: \(outcomes[0])"); return }
        #expect(error.code == .cancelled, "\(error)")
    }
}
