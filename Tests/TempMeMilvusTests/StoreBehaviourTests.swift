// The store interface's behaviour, run against both backends: what one does, the other must do too.
import Foundation
import TempMeStore
import TempMeTestSupport
import Testing

/// Ids, replace, delete, filters, paging, ties and k limits on the embedded store and on Milvus.
@Suite(.serialized) struct StoreBehaviourTests {
    @Test("records round-trip whole: embedding, metadata, source, text and ingest time", arguments: Backend.allCases)
    func roundTrip(_ backend: Backend) throws {
        let s = try StoreBackends.make(backend)
        let video = Records.video("clip/1 ü", Records.embedding(1), metadata: ["lang": "en", "quote": "a\"b\\c"])
        let text = Records.text("clip/1 ü", "a red square", Records.embedding(2), metadata: ["set": "x"])
        #expect(try s.store.put([.video(video), .text(text)], mode: .createOnly) == [.created, .created])
        #expect(try s.store.video(id: video.id) == video)
        #expect(try s.store.text(id: text.id) == text)
        #expect(try s.store.record(id: "missing", kind: .video) == nil)
        #expect(try s.store.count(kind: .video) == 1 && s.store.count(kind: .text) == 1)
    }

    @Test("create-only refuses a taken id and writes nothing of its batch; replace reports what it replaced",
          arguments: Backend.allCases)
    func createAndReplace(_ backend: Backend) throws {
        let s = try StoreBackends.make(backend)
        try s.store.putVideo(Records.video("a", Records.embedding(1)), mode: .createOnly)
        #expect(throws: StoreError.alreadyExists(id: "a")) {
            try s.store.putVideos([Records.video("b", Records.embedding(2)), Records.video("a", Records.embedding(3))], mode: .createOnly)
        }
        #expect(try s.store.existingIDs(["a", "b", "c"], kind: .video) == ["a"])
        let outcomes = try s.store.putVideos(
            [Records.video("a", Records.embedding(4), metadata: ["v": "2"]), Records.video("b", Records.embedding(5))],
            mode: .createOrReplace)
        #expect(outcomes == [.replaced, .created])
        #expect(try s.store.video(id: "a")?.metadata == ["v": "2"])
        #expect(try s.store.video(id: "a")?.embedding == Records.embedding(4))
        #expect(try s.store.existingIDs(["a"], kind: .text).isEmpty)
    }

    @Test("delete reports whether the record existed and removes it from reads and search", arguments: Backend.allCases)
    func delete(_ backend: Backend) throws {
        let s = try StoreBackends.make(backend)
        try s.store.putVideos([Records.video("a", Records.embedding(1)), Records.video("b", Records.embedding(2))])
        #expect(try s.store.delete(id: "a", kind: .video))
        #expect(!(try s.store.delete(id: "a", kind: .video)))
        #expect(!(try s.store.delete(id: "a", kind: .text)))
        #expect(try s.store.video(id: "a") == nil)
        let result = try s.store.search(StoreQuery(source: .vector(Records.embedding(1)), target: .video, k: 10))
        #expect(result.hits.map(\.id) == ["b"] && result.candidates == 1)
    }

    @Test("search: exact cosine order, ties by id, k limits and candidates", arguments: Backend.allCases)
    func searchOrderAndLimits(_ backend: Backend) throws {
        let s = try StoreBackends.make(backend)
        let records = (0..<20).map { Records.video(String(format: "v%02d", $0), Records.embedding($0)) }
        try s.store.putVideos(records)
        // Three records with one embedding: tied scores come back in id order.
        let tied = Records.embedding(99)
        try s.store.putVideos(["t2", "t0", "t1"].map { Records.video($0, tied) })
        let query = Records.embedding(1000)
        let expected = (records + ["t2", "t0", "t1"].map { Records.video($0, tied) })
            .map { ($0.id, cosine($0.embedding, query)) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        let result = try s.store.search(StoreQuery(source: .vector(query), target: .video, k: 10))
        #expect(result.hits.map(\.id) == expected.prefix(10).map(\.0))
        for (hit, (_, score)) in zip(result.hits, expected) { #expect(abs(Double(hit.score) - score) < 1e-5) }
        #expect(result.candidates == 23)
        let all = try s.store.search(StoreQuery(source: .vector(query), target: .video, k: 1000))
        #expect(all.hits.count == 23)
        let tiedHits = try s.store.search(StoreQuery(source: .vector(tied), target: .video, k: 3))
        #expect(tiedHits.hits.map(\.id) == ["t0", "t1", "t2"])
        #expect(try s.store.search(StoreQuery(source: .vector(query), target: .video, k: 0)).hits.isEmpty)
        #expect(throws: StoreError.invalidK(-1)) { try s.store.search(StoreQuery(source: .vector(query), target: .video, k: -1)) }
        #expect(throws: StoreError.wrongDimension(expected: 8, got: 3)) {
            try s.store.search(StoreQuery(source: .vector([1, 2, 3]), target: .video, k: 1))
        }
    }

    @Test("a stored record as the source: itself left out for its own kind, texts ranked for a video", arguments: Backend.allCases)
    func recordSource(_ backend: Backend) throws {
        let s = try StoreBackends.make(backend)
        try s.store.putVideos((0..<5).map { Records.video("v\($0)", Records.embedding($0)) })
        try s.store.putTexts((0..<4).map { Records.text("t\($0)", "caption \($0)", Records.embedding(10 + $0), metadata: ["n": "\($0)"]) })
        let similar = try s.store.search(StoreQuery(source: .record(id: "v0", kind: .video), target: .video, k: 10))
        #expect(similar.hits.count == 4 && !similar.hits.contains { $0.id == "v0" } && similar.candidates == 4)
        let captions = try s.store.search(StoreQuery(source: .record(id: "v0", kind: .video), target: .text, k: 2))
        let expected = (0..<4).map { ("t\($0)", cosine(Records.embedding(10 + $0), Records.embedding(0))) }.sorted { $0.1 > $1.1 }
        #expect(captions.hits.map(\.id) == expected.prefix(2).map(\.0))
        #expect(captions.hits.allSatisfy { $0.kind == .text && $0.text == "caption \($0.id.dropFirst())" && $0.metadata["n"] == String($0.id.dropFirst()) })
        #expect(throws: StoreError.recordNotFound(id: "nope", kind: .video)) {
            try s.store.search(StoreQuery(source: .record(id: "nope", kind: .video), target: .video, k: 1))
        }
    }

    @Test("metadata filters match values exactly, quotes and all, and no value can widen the filter", arguments: Backend.allCases)
    func filters(_ backend: Backend) throws {
        let s = try StoreBackends.make(backend)
        let values = ["plain", "a\"b", "back\\slash", "new\nline", "ünï ✓", "\" or pk != \"", "x\") or (kind == \"video"]
        try s.store.putVideos(values.enumerated().map { Records.video("v\($0.offset)", Records.embedding($0.offset), metadata: ["k": $0.element, "all": "1"]) })
        for (index, value) in values.enumerated() {
            let result = try s.store.search(StoreQuery(source: .vector(Records.embedding(50)), target: .video, k: 10, filter: ["k": value]))
            #expect(result.hits.map(\.id) == ["v\(index)"], "value \(value.debugDescription)")
            #expect(result.candidates == 1)
        }
        #expect(try s.store.search(StoreQuery(source: .vector(Records.embedding(50)), target: .video, k: 10, filter: ["k": "absent"])).hits.isEmpty)
        #expect(try s.store.search(StoreQuery(source: .vector(Records.embedding(50)), target: .video, k: 10, filter: ["all": "1", "k": "plain"])).hits.count == 1)
        let weirdKey = try s.store.search(StoreQuery(source: .vector(Records.embedding(50)), target: .video, k: 10, filter: ["k\"]": "plain"]))
        #expect(weirdKey.hits.isEmpty)
    }

    @Test("pages come in id byte order with the filter applied, and the last page says so", arguments: Backend.allCases)
    func paging(_ backend: Backend) throws {
        let s = try StoreBackends.make(backend)
        let ids = (0..<25).map { String(format: "id%02d", $0) } + ["Z", "é", "a/b"]
        try s.store.putVideos(ids.enumerated().map { Records.video($0.element, Records.embedding($0.offset), metadata: ["even": $0.offset % 2 == 0 ? "y" : "n"]) })
        var seen: [String] = []
        var after: String?
        repeat {
            let page = try s.store.records(kind: .video, after: after, limit: 10, filter: [:])
            seen += page.records.map(\.id)
            after = page.nextCursor
        } while after != nil
        #expect(seen == ids.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        let even = try s.store.records(kind: .video, after: nil, limit: 100, filter: ["even": "y"])
        #expect(even.records.count == 14 && even.nextCursor == nil)
        #expect(try s.store.records(kind: .text, after: nil, limit: 10, filter: [:]).records.isEmpty)
        #expect(throws: StoreError.invalidPageLimit(0)) { try s.store.records(kind: .video, after: nil, limit: 0, filter: [:]) }
    }

    @Test("bad ids, embeddings and fingerprints are refused before anything is written", arguments: Backend.allCases)
    func refusals(_ backend: Backend) throws {
        let s = try StoreBackends.make(backend)
        #expect(throws: StoreError.emptyID) { try s.store.putVideo(Records.video("", Records.embedding(1))) }
        #expect(throws: StoreError.wrongDimension(expected: 8, got: 2)) { try s.store.putVideo(Records.video("a", [1, 2])) }
        #expect(throws: StoreError.zeroEmbedding) { try s.store.putVideo(Records.video("a", [Float](repeating: 0, count: 8))) }
        #expect(throws: StoreError.fingerprintMismatch(record: "other", store: StoreBackends.fingerprint)) {
            try s.store.putVideo(Records.video("a", Records.embedding(1), fingerprint: "other"))
        }
        #expect(try s.store.count(kind: .video) == 0)
    }
}
