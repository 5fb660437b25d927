import Dispatch
import Foundation
import Synchronization
import TempMeKernels

extension EmbeddingStore {
    /// Block sizes of the two search paths; tests shrink them to exercise blocking and merging.
    struct SearchTuning {
        /// Rows of the batch GEMM per block: keeps the [queries x rows] score block a few MB.
        var batchBlockRows = 16_384
        /// Fewest rows worth a thread of their own in a single-query scan.
        var rowsPerScanPart = 4_096
        /// Exact number of scan parts, overriding the thread count (tests).
        var scanParts: Int?
    }

    /// Threads a single-query scan is split across.
    private static let scanThreads = Atomic<Int>(ProcessInfo.processInfo.activeProcessorCount)

    /// Sets how many threads searches use: OpenBLAS's (process-wide) and the single-query scan's
    /// (benchmarks match it with faiss).
    public static func setSearchThreadCount(_ count: Int) {
        BLAS.setThreads(count)
        scanThreads.store(max(1, count), ordering: .relaxed)
    }

    /// Exact top-`k` records of `kind` by cosine similarity to `query` (a parallel SIMD matrix-vector
    /// scan + partial selection),
    /// best first, ties by id ascending; skips `excluding` and rows whose metadata lacks a `filter` pair.
    public func search(
        _ query: [Float], kind: RecordKind, k: Int, excluding: Set<String> = [], filter: [String: String] = [:]
    ) throws -> [SearchHit] {
        try search(batch: [query], kind: kind, k: k, excluding: excluding, filter: filter)[0]
    }

    /// Exact top-`k` for each query of a batch (GEMM per block of rows, selection in parallel across queries).
    public func search(
        batch queries: [[Float]], kind: RecordKind, k: Int, excluding: Set<String> = [], filter: [String: String] = [:]
    ) throws -> [[SearchHit]] {
        try search(batch: queries, kind: kind, k: k, excluding: excluding, filter: filter, tuning: SearchTuning())
    }

    /// Search with explicit block sizes (tests use small ones).
    func search(
        batch queries: [[Float]], kind: RecordKind, k: Int, excluding: Set<String>, filter: [String: String],
        tuning: SearchTuning
    ) throws -> [[SearchHit]] {
        guard k >= 0 else { throw StoreError.invalidK(k) }
        let dimension = configuration.dimension
        var packed: [Float] = []
        packed.reserveCapacity(queries.count * dimension)
        for query in queries {
            try RecordValidation.checkEmbedding(query, dimension: dimension)
            packed += SimilarityKernels.normalized(query)
        }
        guard k > 0 && !queries.isEmpty else { return queries.map { _ in [] } }
        return try whileOpen {
            indexes.lock.withReadLock {
                let index = indexes.index(kind)
                let excludedRows = Set(excluding.compactMap { index.row(of: $0) })
                let accept = Self.acceptance(index: index, excludedRows: excludedRows, filter: filter)
                if queries.count == 1 {
                    return [Self.scanSelect(index: index, query: packed, k: k, tuning: tuning, accept: accept).selector.hits()]
                }
                let selectors = queries.map { _ in TopKSelector(k: k, ids: index.ids) }
                Self.batchSelect(index: index, queries: packed, queryCount: queries.count, blockRows: tuning.batchBlockRows,
                                 selectors: selectors, accept: accept)
                return selectors.map { $0.hits() }
            }
        }
    }

    /// Which rows may be hits: not in `excludedRows` and carrying every `filter` pair; nil accepts every row.
    static func acceptance(
        index: VectorIndex, excludedRows: Set<Int>, filter: [String: String]
    ) -> (@Sendable (Int) -> Bool)? {
        switch (excludedRows.isEmpty, filter.isEmpty) {
        case (true, true): return nil
        case (false, true): return { !excludedRows.contains($0) }
        case (true, false): return { index.matches(row: $0, filter: filter) }
        case (false, false): return { !excludedRows.contains($0) && index.matches(row: $0, filter: filter) }
        }
    }

    /// One query: the rows are split into contiguous parts scanned and selected in parallel, then merged.
    /// With `countingAccepted`, `accepted` is the number of rows `accept` takes (0 otherwise).
    static func scanSelect(
        index: VectorIndex, query: [Float], k: Int, tuning: SearchTuning, accept: (@Sendable (Int) -> Bool)?,
        countingAccepted: Bool = false
    ) -> (selector: TopKSelector, accepted: Int) {
        let rows = index.count
        let parts = tuning.scanParts ?? max(1, min(scanThreads.load(ordering: .relaxed), rows / tuning.rowsPerScanPart))
        let selectors = (0..<parts).map { _ in TopKSelector(k: k, ids: index.ids) }
        let accepted = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let range = rows * part / parts..<rows * (part + 1) / parts
            let scores = SimilarityKernels.scores(matrix: index.matrix, rows: range, dimension: index.dimension, query: query)
            selectors[part].consume(scores, range: 0..<scores.count, firstRow: range.lowerBound, accept: accept)
            if countingAccepted {
                accepted.add(accept.map { accept in range.count(where: accept) } ?? range.count, ordering: .relaxed)
            }
        }
        for other in selectors.dropFirst() { selectors[0].merge(other) }
        return (selectors[0], accepted.load(ordering: .relaxed))
    }

    private static func batchSelect(
        index: VectorIndex, queries: [Float], queryCount: Int, blockRows: Int, selectors: [TopKSelector],
        accept: (@Sendable (Int) -> Bool)?
    ) {
        var block = [Float](repeating: 0, count: queryCount * min(blockRows, max(index.count, 1)))
        for firstRow in stride(from: 0, to: index.count, by: blockRows) {
            let rows = min(blockRows, index.count - firstRow)
            SimilarityKernels.blockScores(matrix: index.matrix, firstRow: firstRow, rows: rows, dimension: index.dimension,
                                          queries: queries, queryCount: queryCount, into: &block)
            let scores = block
            DispatchQueue.concurrentPerform(iterations: queryCount) { query in
                selectors[query].consume(scores, range: query * rows..<(query + 1) * rows, firstRow: firstRow, accept: accept)
            }
        }
    }
}
