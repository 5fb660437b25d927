// Backups taken while videos are replaced, added and deleted hold the thumbnails of their own records, no others.
import Dispatch
import Foundation
import TempMeProto
import TempMeService
import TempMeStore
import TempMeTestSupport
import Testing

@Suite struct BackupThumbnailTests {
    @Test("every backup taken during writes pairs each video with its own thumbnails and carries none of a missing one")
    func backupsDuringWritesAreConsistent() throws {
        let fixture = try ServiceFixture(thumbnails: true)
        // References: each clip's embedding and first thumbnail, from records no writer touches.
        var reference: [(embedding: [Float], thumbnail: Data)] = []
        for name in ["red", "bars"] {
            try fixture.ingest(name, as: "ref-\(name)")
            reference.append((try fixture.video("ref-\(name)").embedding, try fixture.service.thumbnail(id: "ref-\(name)", index: 0)))
        }
        #expect(reference[0].thumbnail != reference[1].thumbnail)
        try fixture.ingest("red", as: "x")

        let rounds = 5
        let writer = DispatchGroup()
        let failures = FailureLog()
        DispatchQueue.global().async(group: writer) {
            for round in 0..<rounds {
                do {
                    try fixture.ingest(round % 2 == 0 ? "bars" : "red", as: "x", replace: true)
                    try fixture.ingest("red", as: "y")
                    _ = try fixture.deleteVideo("y")
                } catch {
                    failures.add("round \(round): \(error)")
                }
            }
        }
        var backups: [String] = []
        while writer.wait(timeout: .now() + .milliseconds(backups.isEmpty ? 0 : 100)) == .timedOut {
            var request = Tempme_V1_BackupRequest()
            request.destination = "during-\(backups.count)"
            backups.append(try fixture.service.backup(request).destination)
        }
        #expect(failures.entries.isEmpty, "\(failures.entries)")
        #expect(backups.count >= 2, "the writer finished before a second backup; nothing was tested during writes")

        for backup in backups {
            let store = try EmbeddingStore(directory: URL(fileURLWithPath: backup), configuration: fixture.store.configuration)
            defer { store.close() }
            let thumbnails = ThumbnailStore(directory: backup + "/" + ThumbnailStore.backupFolderName)
            let x = try #require(try store.video(id: "x"))
            let clip = try #require(reference.firstIndex { cosine($0.embedding, x.embedding) > 0.9999 })
            #expect(thumbnails.thumbnail(id: "x", index: 0) == reference[clip].thumbnail, "\(backup): x's thumbnails are another video's")
            #expect(thumbnails.folders().count == (try store.count(kind: .video)), "\(backup): a thumbnail set without its record")
            #expect(try store.contains(id: "y", kind: .video) == (thumbnails.count(id: "y") > 0), "\(backup)")
        }
    }
}

/// Errors from the writer thread, read after it finished.
private final class FailureLog: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ entry: String) { lock.withLock { list.append(entry) } }
    var entries: [String] { lock.withLock { list } }
}
