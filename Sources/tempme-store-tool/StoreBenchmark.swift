import Foundation
import TempMeBasics
import TempMeBenchmarks
import TempMeStore

/// Measures bulk insert with synced acknowledgements, reopen/rebuild time, and top-10 search for
/// single queries (GEMV) and a batch (GEMM) on synthetic unit vectors; prints one JSON object.
/// With `--export DIR` it writes base.npy, queries.npy and its own top-10 row numbers for faiss.
struct StoreBenchmark {
    let directory: URL
    let count: Int
    let dimension: Int
    let queryCount: Int
    let batchSize: Int
    let threads: Int
    let exportDirectory: URL?
    let k = 10
    static let fingerprint = "bench-model"

    init(options: ToolOptions) throws {
        directory = URL(fileURLWithPath: try options.string("directory"))
        count = try options.int("count", default: 100_000)
        dimension = try options.int("dimension", default: 512)
        queryCount = try options.int("queries", default: 20)
        batchSize = try options.int("batch", default: 64)
        threads = try options.int("threads", default: 2)
        exportDirectory = options.optionalString("export").map { URL(fileURLWithPath: $0) }
    }

    /// Wall seconds `body` takes.
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        try ContinuousClock().measure(body).seconds
    }

    /// User plus system CPU seconds this process has used so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    private func record(_ number: Int, _ matrix: [Float]) -> VideoRecord {
        VideoRecord(
            id: SyntheticRecords.id(number), embedding: Array(matrix[number * dimension..<(number + 1) * dimension]),
            modelFingerprint: Self.fingerprint, metadata: ["bench": "1"],
            source: VideoSource(durationSeconds: 10, framesPerSecond: 25, sampledFrames: [0, 25, 50, 75]))
    }

    func run() throws {
        guard !FileManager.default.fileExists(atPath: directory.path) else {
            throw ToolFailure("\(directory.path) exists; give a fresh directory")
        }
        guard count >= 20_000 else { throw ToolFailure("--count must be at least 20000") }
        EmbeddingStore.setSearchThreadCount(threads)
        var matrix = [Float]()
        matrix.reserveCapacity(count * dimension)
        let generate = Self.seconds { for number in 0..<count { matrix += SyntheticRecords.embedding(seed: UInt64(number), dimension: dimension) } }
        let queries = (0..<max(queryCount, batchSize)).map { SyntheticRecords.embedding(seed: 1 << 40 + UInt64($0), dimension: dimension) }
        if let exportDirectory {
            try FileManager.default.createDirectory(at: exportDirectory, withIntermediateDirectories: true)
            try NumpyFile.write(matrix, shape: [count, dimension], to: exportDirectory.appendingPathComponent("base.npy"))
            try NumpyFile.write(queries.flatMap { $0 }, shape: [queries.count, dimension],
                                to: exportDirectory.appendingPathComponent("queries.npy"))
        }
        let configuration = StoreConfiguration(dimension: dimension, modelFingerprint: Self.fingerprint)
        var store = try EmbeddingStore(directory: directory, configuration: configuration)

        let serialCount = 1_000
        let serial = try Self.seconds { for number in 0..<serialCount { try store.putVideo(record(number, matrix)) } }
        let writerCount = 16
        let perWriter = 500
        let concurrentStore = store
        let frozenMatrix = matrix
        let concurrent = Self.seconds {
            let group = DispatchGroup()
            for writer in 0..<writerCount {
                group.enter()
                Thread {
                    for step in 0..<perWriter {
                        _ = try? concurrentStore.putVideo(record(serialCount + writer * perWriter + step, frozenMatrix))
                    }
                    group.leave()
                }.start()
            }
            group.wait()
        }
        let bulkStart = serialCount + writerCount * perWriter
        let bulkBatch = 1_000
        let bulk = try Self.seconds {
            for first in stride(from: bulkStart, to: count, by: bulkBatch) {
                try store.putVideos((first..<min(first + bulkBatch, count)).map { record($0, matrix) })
            }
        }
        guard store.count(kind: .video) == count else { throw ToolFailure("stored \(store.count(kind: .video)) of \(count)") }
        matrix = []
        store.close()
        let cpuBeforeReopen = Self.cpuSeconds()
        let reopen = try Self.seconds { store = try EmbeddingStore(directory: directory, configuration: configuration) }
        let reopenCPU = Self.cpuSeconds() - cpuBeforeReopen

        for query in queries.prefix(2) { _ = try store.search(query, kind: .video, k: k) }
        var singleTimes: [Double] = []
        var singleRows: [Int64] = []
        for query in queries.prefix(queryCount) {
            var hits: [SearchHit] = []
            singleTimes.append(try Self.seconds { hits = try store.search(query, kind: .video, k: k) })
            singleRows += hits.map { Int64(SyntheticRecords.number(fromID: $0.id) ?? -1) }
        }
        let batch = Array(queries.prefix(batchSize))
        var batchTimes: [Double] = []
        var batchRows: [Int64] = []
        for _ in 0..<3 {
            var hits: [[SearchHit]] = []
            batchTimes.append(try Self.seconds { hits = try store.search(batch: batch, kind: .video, k: k) })
            batchRows = hits.flatMap { $0.map { Int64(SyntheticRecords.number(fromID: $0.id) ?? -1) } }
        }
        if let exportDirectory {
            try NumpyFile.write(singleRows, shape: [queryCount, k], to: exportDirectory.appendingPathComponent("swift_single.npy"))
            try NumpyFile.write(batchRows, shape: [batchSize, k], to: exportDirectory.appendingPathComponent("swift_batch.npy"))
        }
        store.close()
        let summary: [String: Any] = [
            "count": count, "dimension": dimension, "k": k, "threads": threads, "generate_s": generate,
            "insert_serial_records_per_s": Double(serialCount) / serial,
            "insert_concurrent16_records_per_s": Double(writerCount * perWriter) / concurrent,
            "insert_bulk1000_records_per_s": Double(count - bulkStart) / bulk,
            "reopen_rebuild_s": reopen, "reopen_rebuild_cpu_s": reopenCPU,
            "single_query_ms_median": singleTimes.sorted()[singleTimes.count / 2] * 1000,
            "single_query_ms_mean": singleTimes.reduce(0, +) / Double(singleTimes.count) * 1000,
            "batch_size": batchSize, "batch_ms_best": (batchTimes.min() ?? 0) * 1000,
        ]
        let json = try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys])
        FileHandle.standardOutput.write(json + Data("\n".utf8))
    }
}
