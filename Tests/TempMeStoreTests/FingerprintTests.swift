import Foundation
import Testing
@testable import TempMeStore

/// Records made by another model are refused at open unless told otherwise, and can be listed.
@Suite struct FingerprintTests {
    static func storeWithTwoModels(_ directory: URL) throws {
        let old = try EmbeddingStore(directory: directory, configuration: TestSupport.configuration(fingerprint: "old-model"))
        try old.putVideos([
            TestSupport.video("old-1", [1, 0, 0, 0], fingerprint: "old-model"),
            TestSupport.video("old-2", [0, 1, 0, 0], fingerprint: "old-model"),
        ])
        old.close()
        let current = try EmbeddingStore(directory: directory, configuration: TestSupport.configuration(policy: .exclude))
        try current.putVideo(TestSupport.video("new-1", [1, 1, 0, 0]))
        try current.putText(TestSupport.text("new-text", [0, 0, 1, 0]))
        current.close()
    }

    @Test func foreignRecordsAreRefusedByDefault() throws {
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        try Self.storeWithTwoModels(directory)
        let error = #expect(throws: StoreError.self) {
            try EmbeddingStore(directory: directory, configuration: TestSupport.configuration())
        }
        #expect(error == .foreignRecords(count: 2, exampleID: "old-1", fingerprint: "old-model", expected: TestSupport.fingerprint))
        #expect(error?.description.contains("2 stored record(s) were made by another model") == true)
    }

    @Test func excludedForeignRecordsStayOnDiskAndAreListed() throws {
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        try Self.storeWithTwoModels(directory)
        let store = try EmbeddingStore(directory: directory, configuration: TestSupport.configuration(policy: .exclude))
        #expect(store.modelFingerprint == TestSupport.fingerprint)
        #expect(store.count(kind: .video) == 1)
        #expect(try store.search([1, 0, 0, 0], kind: .video, k: 10).map(\.id) == ["new-1"])
        #expect(try store.staleIDs(kind: .video) == Page(ids: ["old-1", "old-2"], nextCursor: nil))
        #expect(try store.staleIDs(kind: .video, limit: 1) == Page(ids: ["old-1"], nextCursor: "old-1"))
        #expect(try store.staleIDs(kind: .text).ids.isEmpty)
        let report = try store.fingerprintReport()
        #expect(report.current == [.video: 1, .text: 1])
        #expect(report.stale == [.video: 2, .text: 0])
        #expect(!report.isClean)
        #expect(try store.video(id: "old-1")?.modelFingerprint == "old-model")
        // Re-encoding replaces a stale record; deleting removes one.
        try store.putVideo(TestSupport.video("old-1", [0, 0, 0, 1]))
        #expect(try store.delete(id: "old-2", kind: .video))
        #expect(try store.fingerprintReport().isClean)
        #expect(store.count(kind: .video) == 2)
        store.close()
        let clean = try EmbeddingStore(directory: directory, configuration: TestSupport.configuration())
        #expect(clean.count(kind: .video) == 2)
    }

    @Test func includedForeignRecordsAreSearchableUnlessDimensionDiffers() throws {
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        try Self.storeWithTwoModels(directory)
        let wide = try EmbeddingStore(directory: directory, configuration: TestSupport.configuration(dimension: 6, fingerprint: "wide", policy: .include))
        #expect(wide.count(kind: .video) == 0)
        #expect(try wide.staleIDs(kind: .video).ids == ["new-1", "old-1", "old-2"])
        try wide.putVideo(TestSupport.video("wide-1", [1, 0, 0, 0, 0, 0], fingerprint: "wide"))
        wide.close()
        let store = try EmbeddingStore(directory: directory, configuration: TestSupport.configuration(policy: .include))
        #expect(store.count(kind: .video) == 3)
        #expect(try store.search([1, 0, 0, 0], kind: .video, k: 1).map(\.id) == ["old-1"])
        #expect(try store.staleIDs(kind: .video).ids == ["old-1", "old-2", "wide-1"])
    }
}
