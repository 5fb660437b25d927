import Foundation
import Testing
@testable import TempMeStore

/// Bad ids, embeddings, metadata and fingerprints are typed errors and leave the store untouched.
@Suite struct BadInputTests {
    static let rejected: [(VideoRecord, StoreError)] = [
        (TestSupport.video("", [1, 0, 0, 0]), .emptyID),
        (TestSupport.video(String(repeating: "x", count: 513), [1, 0, 0, 0]), .idTooLong(byteCount: 513, limit: 512)),
        (TestSupport.video(String(repeating: "é", count: 257), [1, 0, 0, 0]), .idTooLong(byteCount: 514, limit: 512)),
        (TestSupport.video("a\nb", [1, 0, 0, 0]), .idHasControlCharacters(id: "a\nb")),
        (TestSupport.video("e\u{301}", [1, 0, 0, 0]), .idNotNormalized(id: "e\u{301}")),
        (TestSupport.video("short", [1, 0, 0]), .wrongDimension(expected: 4, got: 3)),
        (TestSupport.video("long", [1, 0, 0, 0, 0]), .wrongDimension(expected: 4, got: 5)),
        (TestSupport.video("nan", [1, .nan, 0, 0]), .nonFiniteEmbedding(index: 1)),
        (TestSupport.video("inf", [1, 0, 0, -.infinity]), .nonFiniteEmbedding(index: 3)),
        (TestSupport.video("zero", [0, 0, 0, 0]), .zeroEmbedding),
        (TestSupport.video("fp", [1, 0, 0, 0], fingerprint: "other-model"),
         .fingerprintMismatch(record: "other-model", store: TestSupport.fingerprint)),
        (TestSupport.video("meta", [1, 0, 0, 0], metadata: ["": "x"]), .invalidMetadata(reason: "a key is empty")),
    ]

    @Test func badRecordsAreRejectedWithTypedErrors() throws {
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        let store = try EmbeddingStore(directory: directory, configuration: TestSupport.configuration())
        for (record, error) in Self.rejected {
            #expect(throws: error) { try store.putVideo(record) }
            #expect(!error.description.isEmpty)
        }
        #expect(store.count(kind: .video) == 0)
        #expect(try store.list(kind: .video).ids.isEmpty)
        #expect(throws: StoreError.emptyID) { try store.video(id: "") }
        #expect(throws: StoreError.emptyID) { try store.delete(id: "", kind: .video) }
        let longText = TestSupport.text("t", [1, 0, 0, 0], String(repeating: "a", count: StoreLimits.maxTextBytes + 1))
        #expect(throws: StoreError.textTooLong(byteCount: StoreLimits.maxTextBytes + 1, limit: StoreLimits.maxTextBytes)) {
            try store.putText(longText)
        }
        var badSource = TestSupport.video("src", [1, 0, 0, 0])
        badSource.source.durationSeconds = .nan
        #expect(throws: StoreError.self) { try store.putVideo(badSource) }
    }

    @Test func badQueriesAreRejected() throws {
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        let store = try EmbeddingStore(directory: directory, configuration: TestSupport.configuration())
        try store.putVideo(TestSupport.video("a", [1, 0, 0, 0]))
        #expect(throws: StoreError.wrongDimension(expected: 4, got: 2)) { try store.search([1, 0], kind: .video, k: 1) }
        #expect(throws: StoreError.nonFiniteEmbedding(index: 0)) { try store.search([.nan, 0, 0, 0], kind: .video, k: 1) }
        #expect(throws: StoreError.zeroEmbedding) { try store.search([0, 0, 0, 0], kind: .video, k: 1) }
        #expect(throws: StoreError.invalidK(-1)) { try store.search([1, 0, 0, 0], kind: .video, k: -1) }
        #expect(throws: StoreError.wrongDimension(expected: 4, got: 3)) {
            try store.search(batch: [[1, 0, 0, 0], [1, 0, 0]], kind: .video, k: 1)
        }
    }

    @Test func badConfigurationsAreRejected() throws {
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        #expect(throws: StoreError.self) { try EmbeddingStore(directory: directory, configuration: TestSupport.configuration(dimension: 0)) }
        #expect(throws: StoreError.self) { try EmbeddingStore(directory: directory, configuration: TestSupport.configuration(fingerprint: "")) }
        let file = directory.appendingPathComponent("plain-file")
        _ = FileManager.default.createFile(atPath: file.path, contents: Data("x".utf8))
        #expect(throws: StoreError.self) { try EmbeddingStore(directory: file, configuration: TestSupport.configuration()) }
        #expect(throws: StoreError.self) {
            try EmbeddingStore(directory: file.appendingPathComponent("below-a-file"), configuration: TestSupport.configuration())
        }
    }
}
