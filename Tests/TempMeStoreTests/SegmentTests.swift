import Foundation
import Testing
import TempMeBenchmarks
@testable import TempMeStore

/// Long videos' segments: stored, replaced and deleted with their video; searches rank by segments and
/// return moments. Expected scores come from orthogonal unit vectors (cosines 0, 1 and 1/2 by construction).
@Suite struct SegmentTests {
    static let e0: [Float] = [1, 0, 0, 0], e1: [Float] = [0, 1, 0, 0], e2: [Float] = [0, 0, 1, 0], e3: [Float] = [0, 0, 0, 1]

    /// "long": whole [1,1,1,1], segments e0 (0-10 s), e1 (10-20 s), e2 (20-30 s); "short": e3, 3 s; "other": e2, 3 s.
    static func fill(_ store: EmbeddingStore) throws {
        var long = TestSupport.video("long", [1, 1, 1, 1], metadata: ["set": "a"])
        long.source.durationSeconds = 30
        long.segments = [
            VideoSegment(startSeconds: 0, endSeconds: 10, embedding: e0, sampledFrames: [0, 100]),
            VideoSegment(startSeconds: 10, endSeconds: 20, embedding: e1, sampledFrames: [300]),
            VideoSegment(startSeconds: 20, endSeconds: 30, embedding: e2, sampledFrames: [600, 700]),
        ]
        try store.putVideos([long, TestSupport.video("short", e3, metadata: ["set": "a"]), TestSupport.video("other", e2)])
    }

    static func withStore(_ body: (EmbeddingStore, URL) throws -> Void) throws {
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        let store = try EmbeddingStore(directory: directory, configuration: TestSupport.configuration())
        defer { store.close() }
        try fill(store)
        try body(store, directory)
    }

    @Test func bestSegmentRanksAndGivesMoments() throws {
        try Self.withStore { store, _ in
            let result = try store.search(StoreQuery(source: .vector(Self.e1), target: .video, k: 3, moments: 2))
            #expect(result.hits.map(\.id) == ["long", "other", "short"])
            #expect(result.candidates == 3)
            #expect(abs(result.hits[0].score - 1) < 1e-6)
            let moments = result.hits[0].moments
            #expect(moments.count == 2)
            #expect(moments[0].startSeconds == 10 && moments[0].endSeconds == 20 && abs(moments[0].score - 1) < 1e-6)
            #expect(moments[1].startSeconds == 0 && moments[1].endSeconds == 10 && abs(moments[1].score) < 1e-6)  // tie: earlier
            #expect(result.hits[2].moments == [MomentHit(startSeconds: 0, endSeconds: 3, score: result.hits[2].score)])
            #expect(store.segmentCount() == 3)
        }
    }

    @Test func wholeVideoAndBlendAggregations() throws {
        try Self.withStore { store, _ in
            let whole = try store.search(StoreQuery(source: .vector(Self.e1), target: .video, k: 1, aggregation: .wholeVideo, moments: 3))
            #expect(whole.hits[0].id == "long" && abs(whole.hits[0].score - 0.5) < 1e-6)
            #expect(whole.hits[0].moments == [MomentHit(startSeconds: 0, endSeconds: 30, score: whole.hits[0].score)])
            let blend = try store.search(StoreQuery(source: .vector(Self.e1), target: .video, k: 1, aggregation: .blend))
            #expect(abs(blend.hits[0].score - 0.75) < 1e-6 && blend.hits[0].moments.isEmpty)
            let filtered = try store.search(StoreQuery(source: .vector(Self.e2), target: .video, k: 5, filter: ["set": "a"], moments: 1))
            #expect(filtered.hits.map(\.id) == ["long", "short"] && filtered.candidates == 2)
            #expect(filtered.hits[0].moments.first?.startSeconds == 20)
        }
    }

    @Test func similarFromAMomentUsesThatSegment() throws {
        try Self.withStore { store, _ in
            let query = StoreQuery(source: .record(id: "long", kind: .video), target: .video, k: 2, sourceSeconds: 25)
            let result = try store.search(query)
            #expect(result.hits.map(\.id) == ["other", "short"] && abs(result.hits[0].score - 1) < 1e-6)
            var outside = query
            outside.sourceSeconds = 31
            #expect(throws: StoreError.self) { try store.search(outside) }
            var tooMany = query
            tooMany.moments = StoreLimits.maxMoments + 1
            #expect(throws: StoreError.self) { try store.search(tooMany) }
        }
    }

    @Test func replaceAndDeleteRemoveEverySegmentDurably() throws {
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        var store = try EmbeddingStore(directory: directory, configuration: TestSupport.configuration())
        try Self.fill(store)
        #expect(try store.video(id: "long")?.segments.count == 3)
        var replacement = TestSupport.video("long", [1, 1, 1, 1])
        replacement.segments = [VideoSegment(startSeconds: 0, endSeconds: 3, embedding: Self.e3)]
        #expect(try store.putVideo(replacement) == .replaced)
        #expect(store.segmentCount() == 1)
        let afterReplace = try store.search(StoreQuery(source: .vector(Self.e0), target: .video, k: 1, moments: 5))
        #expect(afterReplace.hits[0].moments.count == 1 && afterReplace.hits[0].moments[0].endSeconds == 3)
        store.close()
        store = try EmbeddingStore(directory: directory, configuration: TestSupport.configuration())
        #expect(try store.video(id: "long") == replacement)
        #expect(store.segmentCount() == 1)
        #expect(try store.delete(id: "long", kind: .video))
        #expect(store.segmentCount() == 0)
        store.close()
        let raw = try RocksDatabase(path: directory.path, createIfMissing: false)
        var segmentKeys = 0
        try raw.scan(prefix: StoreKeys.segmentPrefix) { _, _ in
            segmentKeys += 1
            return true
        }
        raw.close()
        #expect(segmentKeys == 0)
        store = try EmbeddingStore(directory: directory, configuration: TestSupport.configuration())
        #expect(store.segmentCount() == 0 && store.count(kind: .video) == 2)
        store.close()
    }

    @Test func reopenRebuildsSegmentsAndRefusesOrphans() throws {
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        let store = try EmbeddingStore(directory: directory, configuration: TestSupport.configuration())
        try Self.fill(store)
        let before = try store.search(StoreQuery(source: .vector(Self.e2), target: .video, k: 3, moments: 3))
        store.close()
        let reopened = try EmbeddingStore(directory: directory, configuration: TestSupport.configuration())
        #expect(try reopened.search(StoreQuery(source: .vector(Self.e2), target: .video, k: 3, moments: 3)) == before)
        let listed = try reopened.records(kind: .video, after: nil, limit: 10, filter: [:])
        #expect(listed.records.compactMap { if case .video(let v) = $0 { return v.segments.count } else { return nil } } == [3, 0, 0])
        reopened.close()
        let raw = try RocksDatabase(path: directory.path, createIfMissing: false)
        try raw.write([.put(key: StoreKeys.segmentKey(videoID: "gone", number: 0),
                            value: SegmentCodec.encode(VideoSegment(startSeconds: 0, endSeconds: 1, embedding: Self.e0),
                                                       fingerprint: TestSupport.fingerprint))])
        raw.close()
        #expect(throws: StoreError.corruptRecord(key: "s/gone\u{0}\u{0}\u{0}\u{0}\u{0}", reason: "a segment whose video is not stored")) {
            try EmbeddingStore(directory: directory, configuration: TestSupport.configuration())
        }
    }

    @Test func badSegmentsAreRefusedWhole() throws {
        try Self.withStore { store, _ in
            var bad = TestSupport.video("bad", Self.e0)
            bad.segments = [VideoSegment(startSeconds: 5, endSeconds: 4, embedding: Self.e0)]
            #expect(throws: StoreError.self) { try store.putVideo(bad) }
            bad.segments = [VideoSegment(startSeconds: 0, endSeconds: 4, embedding: [0, 0, 0, 0])]
            #expect(throws: StoreError.self) { try store.putVideo(bad) }
            bad.segments = [VideoSegment(startSeconds: 4, endSeconds: 8, embedding: Self.e0),
                            VideoSegment(startSeconds: 0, endSeconds: 4, embedding: Self.e0)]
            #expect(throws: StoreError.self) { try store.putVideo(bad) }
            let stored = try store.contains(id: "bad", kind: .video)
            #expect(!stored)
            #expect(store.segmentCount() == 3)
        }
    }

    @Test func schemaOneStoreOpensAsTwo() throws {
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        try EmbeddingStore(directory: directory, configuration: TestSupport.configuration()).close()
        var raw = try RocksDatabase(path: directory.path, createIfMissing: false)
        try raw.write([.put(key: StoreKeys.schema, value: [1, 0, 0, 0])])
        raw.close()
        try EmbeddingStore(directory: directory, configuration: TestSupport.configuration()).close()
        raw = try RocksDatabase(path: directory.path, createIfMissing: false)
        #expect(try raw.get(StoreKeys.schema) == [2, 0, 0, 0])
        raw.close()
    }
}
