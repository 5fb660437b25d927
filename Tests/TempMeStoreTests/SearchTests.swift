import Foundation
import Testing
import TempMeBasics
import TempMeBenchmarks
@testable import TempMeStore

/// Top-K equals a brute-force reference (plain Double loops, independent of BLAS and the heap).
@Suite struct SearchTests {
    /// Brute force: normalize in Double, dot in Double, sort by score descending then id bytes ascending.
    static func reference(
        _ rows: [String: [Float]], query: [Float], k: Int, excluding: Set<String> = [], allowed: Set<String>? = nil
    ) -> [SearchHit] {
        func unit(_ v: [Float]) -> [Double] {
            let norm = v.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
            return v.map { Double($0) / norm }
        }
        let q = unit(query)
        let hits = rows.filter { !excluding.contains($0.key) && (allowed?.contains($0.key) ?? true) }.map { id, v in
            SearchHit(id: id, score: Float(zip(unit(v), q).reduce(0.0) { $0 + $1.0 * $1.1 }))
        }
        return Array(hits.sorted {
            $0.score != $1.score ? $0.score > $1.score : $0.id.utf8.lexicographicallyPrecedes($1.id.utf8)
        }.prefix(k))
    }

    /// Vectors with 1, 4 or 16 entries of ±scale (scale a power of two): norms and dot products are
    /// exact in Float, so scores tie exactly and must match the reference bit for bit.
    static func dyadicVector(_ generator: inout SplitMix64, dimension: Int) -> [Float] {
        let nonZero = [1, 4, 16][Int(generator.next() % 3)]
        let scale = Float([0.5, 1, 2][Int(generator.next() % 3)])
        var vector = [Float](repeating: 0, count: dimension)
        var positions = Array(0..<dimension)
        for slot in 0..<nonZero {
            let pick = slot + Int(generator.next() % UInt64(dimension - slot))
            positions.swapAt(slot, pick)
            vector[positions[slot]] = generator.next() % 2 == 0 ? scale : -scale
        }
        return vector
    }

    static func makeStore(_ directory: URL, rows: [String: [Float]], dimension: Int) throws -> EmbeddingStore {
        let store = try EmbeddingStore(directory: directory, configuration: TestSupport.configuration(dimension: dimension))
        try store.putVideos(rows.sorted { $0.key < $1.key }.map {
            TestSupport.video($0.key, $0.value, metadata: ["bucket": String($0.key.utf8.count % 3)])
        })
        return store
    }

    @Test func exactTiesMatchBruteForceForEveryK() throws {
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        let dimension = 32
        var generator = SplitMix64(seed: 7)
        var rows: [String: [Float]] = [:]
        for number in 0..<150 { rows["id-\(number * 7919 % 1000)"] = Self.dyadicVector(&generator, dimension: dimension) }
        let store = try Self.makeStore(directory, rows: rows, dimension: dimension)
        let queries = (0..<12).map { _ in Self.dyadicVector(&generator, dimension: dimension) }

        func check() throws {
            for k in [0, 1, 3, 10, rows.count - 1, rows.count, rows.count + 50] {
                let small = EmbeddingStore.SearchTuning(batchBlockRows: 37, rowsPerScanPart: 1, scanParts: 5)
                let batch = try store.search(batch: queries, kind: .video, k: k, excluding: [], filter: [:], tuning: small)
                for (query, batchHits) in zip(queries, batch) {
                    let expected = Self.reference(rows, query: query, k: k)
                    #expect(try store.search(query, kind: .video, k: k) == expected)
                    #expect(try store.search(batch: [query], kind: .video, k: k, excluding: [], filter: [:], tuning: small) == [expected])
                    #expect(batchHits == expected)
                }
            }
        }
        try check()
        // Deleted ids disappear; swap-remove keeps the rest intact; replacements take effect.
        for id in rows.keys.sorted().prefix(40) where id.hasSuffix("1") || id.hasSuffix("3") {
            #expect(try store.delete(id: id, kind: .video))
            rows[id] = nil
        }
        for id in rows.keys.sorted().prefix(10) {
            rows[id] = Self.dyadicVector(&generator, dimension: dimension)
            try store.putVideo(TestSupport.video(id, rows[id]!))
        }
        try check()
        store.close()
        let reopened = try EmbeddingStore(directory: directory, configuration: TestSupport.configuration(dimension: dimension))
        for query in queries {
            #expect(try reopened.search(query, kind: .video, k: 25) == Self.reference(rows, query: query, k: 25))
        }
    }

    @Test func exclusionsAndMetadataFilter() throws {
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        let dimension = 32
        var generator = SplitMix64(seed: 11)
        var rows: [String: [Float]] = [:]
        for number in 0..<80 { rows["r\(number)"] = Self.dyadicVector(&generator, dimension: dimension) }
        let store = try Self.makeStore(directory, rows: rows, dimension: dimension)
        let bucketOne = Set(rows.keys.filter { $0.utf8.count % 3 == 1 })
        for _ in 0..<6 {
            let query = Self.dyadicVector(&generator, dimension: dimension)
            let excluded: Set<String> = ["r1", "r17", "r40", "not-stored"]
            #expect(try store.search(query, kind: .video, k: 9, excluding: excluded)
                == Self.reference(rows, query: query, k: 9, excluding: excluded))
            #expect(try store.search(query, kind: .video, k: 9, filter: ["bucket": "1"])
                == Self.reference(rows, query: query, k: 9, allowed: bucketOne))
            #expect(try store.search(batch: [query, query], kind: .video, k: 200, excluding: excluded, filter: ["bucket": "1"])
                == Array(repeating: Self.reference(rows, query: query, k: 200, excluding: excluded, allowed: bucketOne), count: 2))
            #expect(try store.search(query, kind: .video, k: 5, filter: ["bucket": "1", "missing": "x"]).isEmpty)
            let parts = EmbeddingStore.SearchTuning(scanParts: 3)
            #expect(try store.search(batch: [query], kind: .video, k: 9, excluding: excluded, filter: ["bucket": "1"], tuning: parts)
                == [Self.reference(rows, query: query, k: 9, excluding: excluded, allowed: bucketOne)])
        }
    }

    @Test func randomFloatsAgreeWithReferenceWithinRounding() throws {
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        let dimension = 24
        var generator = SplitMix64(seed: 3)
        var rows: [String: [Float]] = [:]
        for number in 0..<300 { rows["f\(number)"] = (0..<dimension).map { _ in generator.nextSignedUnit() * 3 } }
        let store = try Self.makeStore(directory, rows: rows, dimension: dimension)
        let queries = (0..<8).map { _ in (0..<dimension).map { _ in generator.nextSignedUnit() } }
        let batch = try store.search(batch: queries, kind: .video, k: 15)
        for (query, batchHits) in zip(queries, batch) {
            let expected = Self.reference(rows, query: query, k: 15)
            let single = try store.search(query, kind: .video, k: 15)
            let boundary = expected.last!.score - 1e-5
            let nearTop = Set(Self.reference(rows, query: query, k: rows.count).filter { $0.score >= boundary }.map(\.id))
            for hits in [single, batchHits] {
                #expect(hits.count == 15)
                for (hit, reference) in zip(hits, expected) { #expect(abs(hit.score - reference.score) < 1e-5) }
                #expect(hits.allSatisfy { nearTop.contains($0.id) })
            }
        }
    }

    @Test func emptyAndTextIndexes() throws {
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        let store = try EmbeddingStore(directory: directory, configuration: TestSupport.configuration())
        #expect(try store.search([1, 0, 0, 0], kind: .video, k: 10).isEmpty)
        #expect(try store.search(batch: [[1, 0, 0, 0], [0, 1, 0, 0]], kind: .text, k: 3) == [[], []])
        #expect(try store.search(batch: [], kind: .video, k: 3).isEmpty)
        try store.putText(TestSupport.text("cat", [1, 1, 0, 0]))
        try store.putText(TestSupport.text("dog", [0, 0, 1, 1]))
        try store.putVideo(TestSupport.video("clip", [1, 1, 0, 0]))
        let hits = try store.search([2, 2, 0, 0], kind: .text, k: 5)
        #expect(hits.map(\.id) == ["cat", "dog"])
        #expect(abs(hits[0].score - 1) < 1e-6 && hits[1].score == 0)
        #expect(try store.search([1, 0, 0, 0], kind: .text, k: Int.max).count == 2)
        try store.putVideo(TestSupport.video("clip-2", [1, 0.5, 0, 0]))
        #expect(try store.search(StoreQuery(source: .record(id: "clip", kind: .video), target: .video, k: 5)).hits.map(\.id) == ["clip-2"])
        #expect(try store.search(StoreQuery(source: .record(id: "clip", kind: .video), target: .text, k: 1)).hits.map(\.id) == ["cat"])
        #expect(throws: StoreError.recordNotFound(id: "nope", kind: .video)) {
            try store.search(StoreQuery(source: .record(id: "nope", kind: .video), target: .text, k: 1))
        }
        #expect(try store.search(batch: [[1, 0, 0, 0], [0, 0, 1, 0]], kind: .text, k: Int.max).map(\.count) == [2, 2])
    }
}
