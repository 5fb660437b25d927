import Foundation
import Testing
@testable import TempMeStore

/// The `RecordStore` surface of the embedded store: put outcomes, existence and queries from memory,
/// record pages with a filter, backups that refuse the live store.
@Suite struct RecordStoreTests {
    @Test func putReportsPerRecordWhetherItReplacedOne() throws {
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        let store = try EmbeddingStore(directory: directory, configuration: TestSupport.configuration())
        #expect(try store.putVideos([TestSupport.video("a", [1, 0, 0, 0]), TestSupport.video("b", [0, 1, 0, 0])]) == [.created, .created])
        #expect(try store.putVideos([TestSupport.video("a", [0, 0, 1, 0]), TestSupport.video("c", [0, 0, 0, 1])]) == [.replaced, .created])
        // Kinds are separate id spaces; a batch may mix them and name one id twice.
        #expect(try store.put([.video(TestSupport.video("a", [1, 1, 0, 0])), .text(TestSupport.text("a", [1, 0, 0, 0]))],
                              mode: .createOrReplace) == [.replaced, .created])
        #expect(try store.putVideos([TestSupport.video("d", [1, 0, 0, 0]), TestSupport.video("d", [0, 1, 0, 0])]) == [.created, .replaced])
        #expect(try store.video(id: "d")?.embedding == [0, 1, 0, 0])
        #expect(try store.delete(id: "d", kind: .video))
        #expect(try store.putVideo(TestSupport.video("d", [1, 0, 0, 0]), mode: .createOnly) == .created)
        #expect(throws: StoreError.alreadyExists(id: "e")) {
            try store.putVideos([TestSupport.video("e", [1, 0, 0, 0]), TestSupport.video("e", [0, 1, 0, 0])], mode: .createOnly)
        }
        #expect(try store.existingIDs(["a", "b", "c", "d", "e"], kind: .video) == ["a", "b", "c", "d"])
        #expect(try store.existingIDs(["a", "b"], kind: .text) == ["a"])
    }

    @Test func existenceAndQueriesAreAnsweredFromMemory() throws {
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        let store = try EmbeddingStore(directory: directory, configuration: TestSupport.configuration())
        try store.putVideos([TestSupport.video("a", [1, 0, 0, 0], metadata: ["k": "v"]), TestSupport.video("b", [0, 1, 0, 0])])
        try store.putText(TestSupport.text("t", [1, 1, 0, 0]))
        let before = store.database.reads
        #expect(try store.contains(id: "a", kind: .video))
        #expect(try !store.contains(id: "t", kind: .video))
        #expect(try store.existingIDs(["a", "b", "zz"], kind: .video) == ["a", "b"])
        let hits = try store.search(StoreQuery(source: .record(id: "a", kind: .video), target: .text, k: 1)).hits
        #expect(hits == [RecordHit(id: "t", kind: .text, score: hits.first?.score ?? 0, metadata: [:], text: "a cat")])
        #expect(try store.search(StoreQuery(source: .vector([1, 0, 0, 0]), target: .video, k: 2, filter: ["k": "v"])).hits.map(\.id) == ["a"])
        #expect(try store.putVideo(TestSupport.video("a", [0, 0, 1, 0])) == .replaced)
        #expect(try store.putVideo(TestSupport.video("c", [0, 0, 1, 0]), mode: .createOnly) == .created)
        #expect(try store.delete(id: "b", kind: .video))
        #expect(try !store.delete(id: "b", kind: .video))
        #expect(store.count(kind: .video) == 2)
        #expect(store.database.reads == before, "an existence check, query, put or delete read RocksDB")
        _ = try store.video(id: "a")
        #expect(store.database.reads == before + 1)
    }

    @Test func recordsOfAnotherModelExistButAreNotSearchable() throws {
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        try FingerprintTests.storeWithTwoModels(directory)
        let store = try EmbeddingStore(directory: directory, configuration: TestSupport.configuration(policy: .exclude))
        #expect(try store.existingIDs(["old-1", "old-2", "new-1", "other"], kind: .video) == ["old-1", "old-2", "new-1"])
        #expect(throws: StoreError.alreadyExists(id: "old-1")) {
            try store.putVideo(TestSupport.video("old-1", [0, 0, 1, 0]), mode: .createOnly)
        }
        #expect(try store.putVideo(TestSupport.video("old-1", [0, 0, 1, 0])) == .replaced)
        #expect(try store.search(StoreQuery(source: .vector([0, 0, 1, 0]), target: .video, k: 1)).hits.map(\.id) == ["old-1"])
        #expect(try store.delete(id: "old-2", kind: .video))
        #expect(try store.existingIDs(["old-2"], kind: .video).isEmpty)
    }

    @Test func recordPagesKeepOnlyRecordsCarryingTheFilter() throws {
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        let store = try EmbeddingStore(directory: directory, configuration: TestSupport.configuration())
        let videos = (0..<9).map { TestSupport.video("v\($0)", [1, Float($0), 0, 0], metadata: ["odd": String($0 % 2 == 1)]) }
        try store.putVideos(videos)
        try store.putText(TestSupport.text("t", [1, 0, 0, 0]))
        var collected: [StoredRecord] = []
        var cursor: String?
        repeat {
            let page = try store.records(kind: .video, after: cursor, limit: 2, filter: ["odd": "true"])
            #expect(page.records.count <= 2)
            collected += page.records
            cursor = page.nextCursor
        } while cursor != nil
        #expect(collected == [1, 3, 5, 7].map { .video(videos[$0]) })
        #expect(try store.records(kind: .video, limit: 100, filter: [:]).records.count == 9)
        #expect(try store.records(kind: .text, after: nil, limit: 5, filter: [:]).records == [.text(TestSupport.text("t", [1, 0, 0, 0]))])
        #expect(try store.record(id: "v2", kind: .video) == .video(videos[2]))
        #expect(try store.record(id: "v2", kind: .text) == nil)
        #expect(throws: StoreError.invalidPageLimit(0)) { try store.records(kind: .video, after: nil, limit: 0, filter: [:]) }
    }

    @Test func backupsRefuseTheLiveStoreAndCreateTheirParentOnRequest() throws {
        let root = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(root) }
        let live = root.appendingPathComponent("live")
        let store = try EmbeddingStore(directory: live, configuration: TestSupport.configuration())
        try store.putVideo(TestSupport.video("a", [1, 0, 0, 0]))
        for inside in [live, live.appendingPathComponent("backups/nightly"), live.appendingPathComponent("x/../y")] {
            #expect(throws: StoreError.destinationInsideStore(path: inside.standardizedFileURL.path, store: live.path)) {
                try store.backup(to: inside, creatingParent: true)
            }
        }
        #expect(!FileManager.default.fileExists(atPath: live.appendingPathComponent("backups").path))
        let nested = root.appendingPathComponent("backups/deeper/nightly")
        #expect(throws: StoreError.self) { try store.backup(to: nested) }
        try store.backup(to: nested, creatingParent: true)
        #expect(store.storageBytes() > 0)
        store.close()
        let copy = try EmbeddingStore(directory: nested, configuration: TestSupport.configuration())
        #expect(try copy.video(id: "a") == TestSupport.video("a", [1, 0, 0, 0]))
    }
}
