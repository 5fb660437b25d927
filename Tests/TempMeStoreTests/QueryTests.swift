import Foundation
import Testing
import TempMeBasics
@testable import TempMeStore

/// `search(StoreQuery)`: vector and record sources, exclusion, filters, candidates, hits with metadata and text.
@Suite struct QueryTests {
    static let dimension = 32

    /// 60 videos and 25 texts of dyadic vectors (exact scores), with metadata naming each record and a bucket.
    static func makeStore(_ directory: URL) throws -> (EmbeddingStore, videos: [String: [Float]], texts: [String: [Float]]) {
        var generator = SplitMix64(seed: 23)
        var videos: [String: [Float]] = [:]
        var texts: [String: [Float]] = [:]
        for number in 0..<60 { videos["v\(number)"] = SearchTests.dyadicVector(&generator, dimension: dimension) }
        for number in 0..<25 { texts["t\(number)"] = SearchTests.dyadicVector(&generator, dimension: dimension) }
        let store = try EmbeddingStore(directory: directory, configuration: TestSupport.configuration(dimension: dimension))
        try store.putVideos(videos.keys.sorted().map { TestSupport.video($0, videos[$0]!, metadata: metadata($0)) })
        try store.putTexts(texts.keys.sorted().map {
            var record = TestSupport.text($0, texts[$0]!, "caption of \($0)")
            record.metadata = metadata($0)
            return record
        })
        return (store, videos, texts)
    }

    /// Every record's metadata: its own id and a bucket of three.
    static func metadata(_ id: String) -> [String: String] {
        ["id": id, "bucket": String(id.utf8.reduce(0) { $0 + Int($1) } % 3)]
    }

    static func ids(_ rows: [String: [Float]], bucket: String) -> Set<String> {
        Set(rows.keys.filter { metadata($0)["bucket"] == bucket })
    }

    /// The hits as (id, score), for comparison with the brute-force reference.
    static func plain(_ result: QueryResult) -> [SearchHit] {
        result.hits.map { SearchHit(id: $0.id, score: $0.score) }
    }

    @Test func vectorSourcesMatchBruteForceAndCarryMetadata() throws {
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        let (store, videos, _) = try Self.makeStore(directory)
        var generator = SplitMix64(seed: 5)
        let bucket = Self.ids(videos, bucket: "1")
        for _ in 0..<5 {
            let vector = SearchTests.dyadicVector(&generator, dimension: Self.dimension)
            for k in [0, 1, 7, 60, 100] {
                let query = StoreQuery(source: .vector(vector), target: .video, k: k)
                let result = try store.search(query)
                #expect(Self.plain(result) == SearchTests.reference(videos, query: vector, k: k))
                #expect(result.candidates == 60)
                #expect(result.hits.allSatisfy { $0.kind == .video && $0.metadata == Self.metadata($0.id) && $0.text == nil })
                #expect(try store.search(query, tuning: EmbeddingStore.SearchTuning(scanParts: 4)) == result)
                #expect(Self.plain(result) == (try store.search(vector, kind: .video, k: k)))
                var filtered = query
                filtered.filter = ["bucket": "1"]
                let narrowed = try store.search(filtered)
                #expect(Self.plain(narrowed) == SearchTests.reference(videos, query: vector, k: k, allowed: bucket))
                #expect(narrowed.candidates == bucket.count)
                #expect(try store.search(filtered, tuning: EmbeddingStore.SearchTuning(scanParts: 3)) == narrowed)
            }
        }
        let none = try store.search(StoreQuery(source: .vector([1] + Array(repeating: 0, count: 31)), target: .video, k: 5,
                                               filter: ["bucket": "1", "missing": "x"]))
        #expect(none == QueryResult(hits: [], candidates: 0))
    }

    @Test func recordSourcesRankByTheStoredEmbeddingAndLeaveThemselvesOut() throws {
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        let (store, videos, texts) = try Self.makeStore(directory)
        for id in ["v0", "v17", "v42"] {
            let ownKind = try store.search(StoreQuery(source: .record(id: id, kind: .video), target: .video, k: 10))
            #expect(Self.plain(ownKind) == SearchTests.reference(videos, query: videos[id]!, k: 10, excluding: [id]))
            #expect(ownKind.candidates == 59)
            let byVector = try store.search(StoreQuery(source: .vector(videos[id]!), target: .video, k: 11))
            #expect(ownKind.hits == byVector.hits.filter { $0.id != id }.prefix(10).map { $0 })
            let captions = try store.search(StoreQuery(source: .record(id: id, kind: .video), target: .text, k: 5))
            #expect(Self.plain(captions) == SearchTests.reference(texts, query: videos[id]!, k: 5))
            #expect(captions.candidates == 25)
            let filtered = try store.search(StoreQuery(source: .record(id: id, kind: .video), target: .video, k: 100,
                                                       filter: ["bucket": Self.metadata(id)["bucket"]!]))
            let bucket = Self.ids(videos, bucket: Self.metadata(id)["bucket"]!)
            #expect(Self.plain(filtered) == SearchTests.reference(videos, query: videos[id]!, k: 100, excluding: [id], allowed: bucket))
            #expect(filtered.candidates == bucket.count - 1)
        }
        let fromText = try store.search(StoreQuery(source: .record(id: "t3", kind: .text), target: .video, k: 4))
        #expect(Self.plain(fromText) == SearchTests.reference(videos, query: texts["t3"]!, k: 4))
        #expect(fromText.candidates == 60)
    }

    @Test func textHitsCarryTheirTextAndMetadata() throws {
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        let (store, _, texts) = try Self.makeStore(directory)
        let result = try store.search(StoreQuery(source: .record(id: "v9", kind: .video), target: .text, k: 25))
        #expect(result.hits.count == texts.count)
        for hit in result.hits {
            #expect(hit.kind == .text)
            #expect(hit.text == "caption of \(hit.id)")
            #expect(hit.metadata == Self.metadata(hit.id))
        }
        try store.putText(TestSupport.text("t0", texts["t0"]!, "a new caption"))
        store.close()
        let reopened = try EmbeddingStore(directory: directory, configuration: TestSupport.configuration(dimension: Self.dimension))
        let again = try reopened.search(StoreQuery(source: .vector(texts["t0"]!), target: .text, k: 1))
        #expect(again.hits.map(\.text) == ["a new caption"])
        #expect(again.hits.first?.metadata == [:])
    }

    @Test func badQueriesAreTypedErrors() throws {
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        let (store, _, _) = try Self.makeStore(directory)
        let unit = [Float(1)] + Array(repeating: 0, count: Self.dimension - 1)
        #expect(throws: StoreError.invalidK(-1)) { try store.search(StoreQuery(source: .vector(unit), target: .video, k: -1)) }
        #expect(throws: StoreError.wrongDimension(expected: Self.dimension, got: 2)) {
            try store.search(StoreQuery(source: .vector([1, 0]), target: .video, k: 1))
        }
        #expect(throws: StoreError.zeroEmbedding) {
            try store.search(StoreQuery(source: .vector(Array(repeating: 0, count: Self.dimension)), target: .video, k: 1))
        }
        #expect(throws: StoreError.emptyID) { try store.search(StoreQuery(source: .record(id: "", kind: .video), target: .video, k: 1)) }
        #expect(throws: StoreError.recordNotFound(id: "t0", kind: .video)) {
            try store.search(StoreQuery(source: .record(id: "t0", kind: .video), target: .video, k: 1))
        }
    }

    @Test func recordsOfAnotherModelAreNotQuerySources() throws {
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        try FingerprintTests.storeWithTwoModels(directory)
        let store = try EmbeddingStore(directory: directory, configuration: TestSupport.configuration(policy: .exclude))
        #expect(throws: StoreError.recordNotSearchable(id: "old-1", kind: .video)) {
            try store.search(StoreQuery(source: .record(id: "old-1", kind: .video), target: .video, k: 1))
        }
        let fresh = try store.search(StoreQuery(source: .record(id: "new-1", kind: .video), target: .text, k: 3))
        #expect(fresh.hits.map(\.id) == ["new-text"])
        #expect(fresh.hits.first?.text == "a cat")
    }
}
