// Long videos' segments on both backends: stored, read, replaced and deleted with their video; searches rank
// by segments and return moments, the same on Milvus as on the embedded store.
import Foundation
import TempMeBasics
@testable import TempMeMilvus
import MilvusProto
import TempMeStore
import TempMeTestSupport
import Testing

@Suite(.serialized) struct SegmentBehaviourTests {
    static let e0: [Float] = [1, 0, 0, 0, 0, 0, 0, 0], e1: [Float] = [0, 1, 0, 0, 0, 0, 0, 0]
    static let e2: [Float] = [0, 0, 1, 0, 0, 0, 0, 0], e3: [Float] = [0, 0, 0, 1, 0, 0, 0, 0]

    /// "long": whole e0+e1+e2+e3, segments e0 (0-10 s), e1 (10-20 s), e2 (20-30 s); "short": e3; "other": e2.
    static func long(segments: [(Double, Double, [Float])] = [(0, 10, e0), (10, 20, e1), (20, 30, e2)]) -> VideoRecord {
        var video = Records.video("long", [1, 1, 1, 1, 0, 0, 0, 0], metadata: ["set": "a"])
        video.source.durationSeconds = 30
        video.segments = segments.map { VideoSegment(startSeconds: $0.0, endSeconds: $0.1, embedding: $0.2, sampledFrames: [UInt32($0.0 * 25)]) }
        return video
    }

    static func filled(_ backend: Backend) throws -> StoreUnderTest {
        let s = try StoreBackends.make(backend)
        try s.store.putVideos([long(), Records.video("short", e3, metadata: ["set": "a"]), Records.video("other", e2)])
        return s
    }

    @Test("best segment ranks videos and gives moments; whole-video and blend aggregations; filters", arguments: Backend.allCases)
    func aggregationsAndMoments(_ backend: Backend) throws {
        let s = try Self.filled(backend)
        let best = try s.store.search(StoreQuery(source: .vector(Self.e1), target: .video, k: 3, moments: 2))
        #expect(best.hits.map(\.id) == ["long", "other", "short"] && best.candidates == 3)
        #expect(abs(best.hits[0].score - 1) < 1e-6)
        #expect(best.hits[0].moments.map(\.startSeconds) == [10, 0])  // the tie at 0 goes to the earlier start
        #expect(best.hits[2].moments.count == 1 && best.hits[2].moments[0].startSeconds == 0 && best.hits[2].moments[0].endSeconds == 12.5)
        #expect(try s.store.segmentCount() == 3)

        let whole = try s.store.search(StoreQuery(source: .vector(Self.e1), target: .video, k: 1, aggregation: .wholeVideo, moments: 3))
        #expect(whole.hits[0].id == "long" && abs(whole.hits[0].score - 0.5) < 1e-6)
        #expect(whole.hits[0].moments.count == 1 && whole.hits[0].moments[0].endSeconds == 30)
        let blend = try s.store.search(StoreQuery(source: .vector(Self.e1), target: .video, k: 1, aggregation: .blend))
        #expect(abs(blend.hits[0].score - 0.75) < 1e-6 && blend.hits[0].moments.isEmpty)
        let filtered = try s.store.search(StoreQuery(source: .vector(Self.e2), target: .video, k: 5, filter: ["set": "a"], moments: 1))
        #expect(filtered.hits.map(\.id) == ["long", "short"] && filtered.candidates == 2)
        #expect(filtered.hits[0].moments.first?.startSeconds == 20)
    }

    @Test("a query from a moment of a video uses that segment; a time outside the video is refused", arguments: Backend.allCases)
    func similarFromAMoment(_ backend: Backend) throws {
        let s = try Self.filled(backend)
        let query = StoreQuery(source: .record(id: "long", kind: .video), target: .video, k: 2, sourceSeconds: 25)
        let result = try s.store.search(query)
        #expect(result.hits.map(\.id) == ["other", "short"] && abs(result.hits[0].score - 1) < 1e-6)
        var outside = query
        outside.sourceSeconds = 31
        #expect(throws: StoreError.self) { try s.store.search(outside) }
    }

    @Test("reads return the segments; a replace with fewer and a delete leave none behind", arguments: Backend.allCases)
    func replaceAndDelete(_ backend: Backend) throws {
        let s = try Self.filled(backend)
        #expect(try s.store.video(id: "long") == Self.long())
        let listed = try s.store.records(kind: .video, after: nil, limit: 10, filter: [:]).records
        #expect(listed.compactMap { if case .video(let v) = $0 { v.segments.count } else { nil } } == [3, 0, 0])
        let shorter = Self.long(segments: [(0, 3, Self.e3)])  // the same ingest time: only the count tells the writes apart
        #expect(try s.store.putVideo(shorter) == .replaced)
        #expect(try s.store.video(id: "long") == shorter)
        #expect(try s.store.segmentCount() == 1)
        let after = try s.store.search(StoreQuery(source: .vector(Self.e0), target: .video, k: 1, moments: 5))
        #expect(after.hits[0].moments.count == 1 && after.hits[0].moments[0].endSeconds == 3)
        #expect(try s.store.delete(id: "long", kind: .video))
        #expect(try s.store.segmentCount() == 0 && s.store.count(kind: .video) == 2)
    }

    @Test("Milvus: segment rows an interrupted replace left behind are never read and go with the next write")
    func leftoversOfAnInterruptedReplace() throws {
        let s = try StoreBackends.make(.milvus)
        let store = try #require(s.store as? MilvusStore)
        try store.putVideo(Self.long())
        // A replace whose Upsert landed but whose clean-up did not: the new write's rows, nothing deleted.
        var replacement = Self.long(segments: [(0, 5, Self.e3)])
        replacement.ingestedAt = Date(timeIntervalSince1970: 1_765_000_100.5)
        var request = Milvus_Proto_Milvus_UpsertRequest()
        request.collectionName = store.settings.collection
        request.fieldsData = try MilvusRows.columns([.video(replacement)], dimension: 8)
        request.numRows = 2
        _ = try store.connection.call(MilvusStore.Method.upsert, request, as: Milvus_Proto_Milvus_MutationResult.self)
        #expect(try store.segmentCount() == 3, "rows 1 and 2 of the first write are still there")
        #expect(try store.video(id: "long") == replacement)
        let hit = try store.search(StoreQuery(source: .vector(Self.e1), target: .video, k: 1, moments: 3)).hits[0]
        #expect(hit.moments.count == 1 && abs(hit.score) < 1e-6, "the leftover segment at 10-20 s must not match")
        try store.putVideo(replacement)
        #expect(try store.segmentCount() == 1)
    }

    @Test("rankings over many segmented videos agree on both backends for every aggregation, k and filter")
    func manyVideosAgree() throws {
        let embedded = try StoreBackends.make(.embedded), milvus = try StoreBackends.make(.milvus)
        var generator = SplitMix64(seed: 7)
        var videos: [VideoRecord] = []
        for index in 0..<90 {
            var video = Records.video(String(format: "v%03d", index), Records.embedding(index), metadata: ["half": String(index % 2)])
            let count = index % 3 == 0 ? 0 : Int(generator.next() % 6) + 1
            video.source.durationSeconds = Double(count * 10 + 5)
            video.segments = (0..<count).map {
                VideoSegment(startSeconds: Double($0 * 10), endSeconds: Double($0 * 10 + 10), embedding: Records.embedding(1000 + index * 10 + $0))
            }
            videos.append(video)
        }
        try embedded.store.putVideos(videos)
        try milvus.store.putVideos(videos)
        for seed in 0..<4 {
            for aggregation in SegmentAggregation.allCases {
                for (k, filter) in [(1, [:]), (10, ["half": "1"]), (70, [:])] as [(Int, [String: String])] {
                    let query = StoreQuery(source: .vector(Records.embedding(5000 + seed)), target: .video, k: k, filter: filter,
                                           aggregation: aggregation, moments: 2)
                    let expected = try embedded.store.search(query), found = try milvus.store.search(query)
                    #expect(found.hits.map(\.id) == expected.hits.map(\.id), "\(aggregation) k=\(k) \(filter)")
                    #expect(found.candidates == expected.candidates)
                    for (a, b) in zip(found.hits, expected.hits) {
                        #expect(abs(a.score - b.score) < 1e-5)
                        #expect(a.moments.map(\.startSeconds) == b.moments.map(\.startSeconds))
                    }
                }
            }
        }
    }
}
