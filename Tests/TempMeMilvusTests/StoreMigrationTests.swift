// Moving a store between backends: embedded -> Milvus -> embedded, checked record for record.
import Foundation
import TempMeStore
import Testing

@Suite(.serialized) struct StoreMigrationTests {
    @Test("a store copied to Milvus and back holds the same records, and the report verifies counts and fingerprints")
    func roundTrip() throws {
        let source = try StoreBackends.make(.embedded, policy: .include)
        let videos = (0..<300).map { Records.video("v\($0)", Records.embedding($0), metadata: ["n": "\($0 % 7)"]) }
        let texts = (0..<40).map { Records.text("t\($0)", "caption \($0)", Records.embedding(1000 + $0)) }
        try source.store.putVideos(videos)
        try source.store.putTexts(texts)
        let milvus = try StoreBackends.make(.milvus, policy: .include)
        var progressCalls = 0
        let there = try StoreMigration.copy(from: source.store, to: milvus.store, batch: 64) { _, _ in progressCalls += 1 }
        #expect(there.verified)
        #expect(there.copied == [.video: 300, .text: 40])
        #expect(there.destination[.video] == [StoreBackends.fingerprint: 300])
        #expect(progressCalls == 5 + 1)
        let back = try StoreBackends.make(.embedded, policy: .include)
        let home = try StoreMigration.copy(from: milvus.store, to: back.store, batch: 100)
        #expect(home.verified && home.copied == [.video: 300, .text: 40])
        for record in videos.prefix(20) { #expect(try back.store.video(id: record.id) == record) }
        for record in texts.prefix(5) { #expect(try back.store.text(id: record.id) == record) }
        let query = StoreQuery(source: .vector(Records.embedding(5000)), target: .video, k: 10, filter: ["n": "3"])
        #expect(try back.store.search(query) == (try source.store.search(query)))
    }

    @Test("a destination that already holds records is refused before anything is copied")
    func refusesANonEmptyDestination() throws {
        let source = try StoreBackends.make(.embedded)
        try source.store.putVideo(Records.video("a", Records.embedding(1)))
        let destination = try StoreBackends.make(.embedded)
        try destination.store.putVideo(Records.video("b", Records.embedding(2)))
        #expect(throws: StoreError.self) { try StoreMigration.copy(from: source.store, to: destination.store) }
        #expect(try destination.store.existingIDs(["a"], kind: .video).isEmpty)
    }
}
