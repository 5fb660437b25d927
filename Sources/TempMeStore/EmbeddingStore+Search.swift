import Dispatch

extension EmbeddingStore {
    /// Rows of the batch GEMM per block: keeps the [queries x rows] score block a few MB.
    static let batchBlockRows = 16_384

    /// Sets how many BLAS threads searches use (process-wide; benchmarks match it with faiss).
    public static func setSearchThreadCount(_ count: Int) {
        SimilarityKernels.setThreadCount(max(1, count))
    }

    /// Exact top-`k` records of `kind` by cosine similarity to `query` (GEMV + partial selection),
    /// best first, ties by id ascending; skips `excluding` and rows whose metadata lacks a `filter` pair.
    public func search(
        _ query: [Float], kind: RecordKind, k: Int, excluding: Set<String> = [], filter: [String: String] = [:]
    ) throws -> [SearchHit] {
        try search(batch: [query], kind: kind, k: k, excluding: excluding, filter: filter)[0]
    }

    /// Exact top-`k` records of `target` most similar to the stored record `id` of `kind` (its own
    /// embedding as the query); the record itself is left out. Video-to-video: "more like this clip";
    /// video-to-text: captions for a clip.
    public func search(
        similarTo id: String, of kind: RecordKind, in target: RecordKind, k: Int, filter: [String: String] = [:]
    ) throws -> [SearchHit] {
        let embedding: [Float]?
        switch kind {
        case .video: embedding = try video(id: id)?.embedding
        case .text: embedding = try text(id: id)?.embedding
        }
        guard let embedding else { throw StoreError.recordNotFound(id: id, kind: kind) }
        guard embedding.count == configuration.dimension else {
            throw StoreError.wrongDimension(expected: configuration.dimension, got: embedding.count)
        }
        return try search(embedding, kind: target, k: k, excluding: kind == target ? [id] : [], filter: filter)
    }

    /// Exact top-`k` for each query of a batch (GEMM per block of rows, selection in parallel across queries).
    public func search(
        batch queries: [[Float]], kind: RecordKind, k: Int, excluding: Set<String> = [], filter: [String: String] = [:]
    ) throws -> [[SearchHit]] {
        try search(batch: queries, kind: kind, k: k, excluding: excluding, filter: filter, blockRows: Self.batchBlockRows)
    }

    /// Batch search with an explicit GEMM block height (tests use small blocks).
    func search(
        batch queries: [[Float]], kind: RecordKind, k: Int, excluding: Set<String>, filter: [String: String], blockRows: Int
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
                let accept = Self.acceptance(index: index, excluding: excluding, filter: filter)
                let selectors = queries.map { _ in TopKSelector(k: k, ids: index.ids) }
                if queries.count == 1 {
                    let scores = SimilarityKernels.scores(matrix: index.matrix, rows: index.count, dimension: dimension, query: packed)
                    selectors[0].consume(scores, range: 0..<scores.count, firstRow: 0, accept: accept)
                } else {
                    Self.batchSelect(index: index, queries: packed, queryCount: queries.count, blockRows: blockRows,
                                     selectors: selectors, accept: accept)
                }
                return selectors.map { $0.hits() }
            }
        }
    }

    private static func acceptance(
        index: VectorIndex, excluding: Set<String>, filter: [String: String]
    ) -> (@Sendable (Int) -> Bool)? {
        let excludedRows = Set(excluding.compactMap { index.row(of: $0) })
        switch (excludedRows.isEmpty, filter.isEmpty) {
        case (true, true): return nil
        case (false, true): return { !excludedRows.contains($0) }
        case (true, false): return { index.matches(row: $0, filter: filter) }
        case (false, false): return { !excludedRows.contains($0) && index.matches(row: $0, filter: filter) }
        }
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
