import Foundation
import Testing
import TempMeBenchmarks
@testable import TempMeStore

/// Put, replace, delete, get, list, count, and durability across reopen.
@Suite struct StoreRecordTests {
    @Test func putGetReplaceDeleteAcrossReopen() throws {
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        let configuration = TestSupport.configuration()
        do {
            let store = try EmbeddingStore(directory: directory, configuration: configuration)
            let first = TestSupport.video("a", [1, 0, 0, 0], metadata: ["lang": "en"])
            try store.putVideo(first)
            #expect(try store.video(id: "a") == first)
            let replaced = TestSupport.video("a", [0, 2, 0, 0], metadata: ["lang": "fr"])
            try store.putVideo(replaced)
            #expect(try store.video(id: "a") == replaced)
            #expect(store.count(kind: .video) == 1)
            try store.putVideo(TestSupport.video("b", [0, 0, 1, 0]))
            try store.putText(TestSupport.text("t", [0, 0, 0, 1], "a red car"))
            #expect(try store.delete(id: "b", kind: .video))
            #expect(try store.delete(id: "b", kind: .video) == false)
            #expect(try store.video(id: "b") == nil)
            #expect(try store.video(id: "t") == nil)
            store.close()
            #expect(throws: StoreError.closed) { try store.video(id: "a") }
        }
        let reopened = try EmbeddingStore(directory: directory, configuration: configuration)
        #expect(try reopened.video(id: "a") == TestSupport.video("a", [0, 2, 0, 0], metadata: ["lang": "fr"]))
        #expect(try reopened.text(id: "t")?.text == "a red car")
        #expect(reopened.count(kind: .video) == 1)
        #expect(reopened.count(kind: .text) == 1)
        #expect(try reopened.search([0, 1, 0, 0], kind: .video, k: 1) == [SearchHit(id: "a", score: 1)])
    }

    @Test func createOnlyRefusesExistingIDs() throws {
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        let store = try EmbeddingStore(directory: directory, configuration: TestSupport.configuration())
        try store.putVideo(TestSupport.video("a", [1, 0, 0, 0]), mode: .createOnly)
        #expect(throws: StoreError.alreadyExists(id: "a")) {
            try store.putVideo(TestSupport.video("a", [0, 1, 0, 0]), mode: .createOnly)
        }
        #expect(try store.video(id: "a")?.embedding == [1, 0, 0, 0])
    }

    @Test func batchPutIsAllOrNothing() throws {
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        let store = try EmbeddingStore(directory: directory, configuration: TestSupport.configuration())
        let good = TestSupport.video("good", [1, 0, 0, 0])
        let bad = TestSupport.video("bad", [1, 0, 0])
        #expect(throws: StoreError.wrongDimension(expected: 4, got: 3)) { try store.putVideos([good, bad]) }
        try store.putVideo(TestSupport.video("exists", [1, 1, 0, 0]))
        #expect(throws: StoreError.alreadyExists(id: "exists")) {
            try store.putVideos([good, TestSupport.video("exists", [0, 1, 0, 0])], mode: .createOnly)
        }
        #expect(try store.video(id: "good") == nil)
        #expect(store.count(kind: .video) == 1)
    }

    @Test func listPagesInByteOrder() throws {
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        let store = try EmbeddingStore(directory: directory, configuration: TestSupport.configuration())
        let ids = ["b", "a", "é", "Z", "a1", "c", "日本"]
        try store.putVideos(ids.map { TestSupport.video($0, [1, 0, 0, 0]) })
        try store.putText(TestSupport.text("text-only", [1, 0, 0, 0]))
        var collected: [String] = []
        var cursor: String?
        repeat {
            let page = try store.list(kind: .video, after: cursor, limit: 3)
            #expect(page.ids.count <= 3)
            collected += page.ids
            cursor = page.nextCursor
        } while cursor != nil
        let byteOrder = ids.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        #expect(collected == byteOrder)
        #expect(try store.list(kind: .text).ids == ["text-only"])
        #expect(try store.list(kind: .video, after: "c", limit: 10).ids == ["é", "日本"])
        #expect(throws: StoreError.invalidPageLimit(0)) { try store.list(kind: .video, limit: 0) }
    }

    @Test func concurrentWritersAreAllDurable() throws {
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        let configuration = TestSupport.configuration(dimension: 8)
        let store = try EmbeddingStore(directory: directory, configuration: configuration)
        DispatchQueue.concurrentPerform(iterations: 8) { writer in
            for step in 0..<25 {
                _ = try? store.putVideo(SyntheticRecords.video(writer * 100 + step, dimension: 8, fingerprint: TestSupport.fingerprint))
            }
        }
        #expect(store.count(kind: .video) == 200)
        store.close()
        let reopened = try EmbeddingStore(directory: directory, configuration: configuration)
        for writer in 0..<8 {
            for step in 0..<25 {
                let number = writer * 100 + step
                #expect(try reopened.video(id: SyntheticRecords.id(number))
                    == SyntheticRecords.video(number, dimension: 8, fingerprint: TestSupport.fingerprint))
            }
        }
    }
}
