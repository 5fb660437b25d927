import Foundation
import TempMeBasics
import TempMeBenchmarks
import TempMeMilvus
import TempMeStore

/// Search latency and recall@10 of the embedded exact store, Milvus FLAT and Milvus HNSW on the same
/// clustered synthetic vectors, and each backend's insert rate; prints one JSON object. Needs a running Milvus.
struct MilvusBenchmark {
    let directory: URL
    let address: String
    let count: Int
    let dimension: Int
    let queryCount: Int
    let hnswEf: Int
    let k = 10
    static let fingerprint = "bench-model"

    init(options: ToolOptions) throws {
        directory = URL(fileURLWithPath: try options.string("directory"))
        address = try options.string("address")
        count = try options.int("count", default: 200_000)
        dimension = try options.int("dimension", default: 512)
        queryCount = try options.int("queries", default: 100)
        hnswEf = try options.int("ef", default: 64)
    }

    func run() throws {
        guard !FileManager.default.fileExists(atPath: directory.path) else {
            throw ToolFailure("\(directory.path) exists; give a fresh directory")
        }
        let configuration = StoreConfiguration(dimension: dimension, modelFingerprint: Self.fingerprint)
        // Clustered like real embeddings (independent uniform vectors are all nearly orthogonal in 512
        // dimensions, which no approximate index can rank): 1000 centres, each point a centre plus noise;
        // each query is a noisy copy of a random stored point.
        let centres = (0..<1000).map { SyntheticRecords.embedding(seed: 1 << 41 + UInt64($0), dimension: dimension) }
        func near(_ base: [Float], seed: UInt64, spread: Float) -> [Float] {
            zip(base, SyntheticRecords.embedding(seed: seed, dimension: dimension)).map { $0 + spread * $1 }
        }
        var records = (0..<count).map { SyntheticRecords.video($0, dimension: dimension, fingerprint: Self.fingerprint) }
        for number in records.indices {
            records[number].embedding = near(centres[number % centres.count], seed: UInt64(number), spread: 0.5)
        }
        let queries = (0..<queryCount).map { near(records[($0 * 7919) % count].embedding, seed: 1 << 40 + UInt64($0), spread: 0.2) }
        let embedded = try EmbeddingStore(directory: directory, configuration: configuration)
        var report: [String: Any] = ["count": count, "dimension": dimension, "queries": queryCount, "k": k]
        let embeddedInsert = try insert(records, into: embedded)
        let (exact, embeddedLatency) = try measure(embedded, queries)
        report["embedded_exact"] = ["insert_records_per_s": embeddedInsert, "recall_at_10": 1.0] .merging(embeddedLatency) { $1 }
        for (name, index) in [("milvus_flat", MilvusIndex.flat), ("milvus_hnsw", .hnsw(m: 16, efConstruction: 200, ef: hnswEf))] {
            let settings = MilvusSettings(
                address: address, collection: "bench_\(name)_\(UInt32.random(in: 0...UInt32.max))", index: index,
                callTimeout: .seconds(120))
            let milvus = try MilvusStore(settings: settings, configuration: configuration)
            let rate = try insert(records, into: milvus)
            let indexStart = ContinuousClock.now
            try milvus.flushAndWaitForIndex()
            let indexSeconds = (ContinuousClock.now - indexStart).seconds
            let (hits, latency) = try measure(milvus, queries)
            report[name] = ["insert_records_per_s": rate, "index_build_s": indexSeconds, "recall_at_10": recall(hits, exact)]
                .merging(latency) { $1 }
        }
        print(String(decoding: try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys]), as: UTF8.self))
    }

    /// Records per second of acknowledged puts, 1000 records per call.
    private func insert(_ records: [VideoRecord], into store: any RecordStore) throws -> Double {
        let start = ContinuousClock.now
        for first in stride(from: 0, to: records.count, by: 1000) {
            try store.putVideos(Array(records[first..<min(records.count, first + 1000)]), mode: .createOrReplace)
        }
        return Double(records.count) / (ContinuousClock.now - start).seconds
    }

    /// The top-k ids of each query and the latency distribution of single queries, one after another.
    private func measure(_ store: any RecordStore, _ queries: [[Float]]) throws -> ([[String]], [String: Double]) {
        var ids: [[String]] = []
        var milliseconds: [Double] = []
        for query in queries {
            let start = ContinuousClock.now
            let result = try store.search(StoreQuery(source: .vector(query), target: .video, k: k))
            milliseconds.append((ContinuousClock.now - start).seconds * 1000)
            ids.append(result.hits.map(\.id))
        }
        milliseconds.sort()
        return (ids, ["query_ms_median": milliseconds[milliseconds.count / 2],
                      "query_ms_p99": milliseconds[min(milliseconds.count - 1, milliseconds.count * 99 / 100)]])
    }

    /// Mean fraction of the exact top-k found.
    private func recall(_ found: [[String]], _ exact: [[String]]) -> Double {
        let fractions = zip(found, exact).map { Double(Set($0).intersection($1).count) / Double(max(1, $1.count)) }
        return fractions.reduce(0, +) / Double(max(1, fractions.count))
    }
}
