import TempMeKernels

extension EmbeddingStore {
    /// Answers `query` exactly (a parallel SIMD scan + partial selection, ties by id ascending). The
    /// source's embedding, the scores, the filter and every hit's metadata and text are read under one
    /// hold of the index's read lock, so the hits are exactly min(k, candidates) records as they stood
    /// at one moment, whatever writes run beside it. A record source is read from memory, never RocksDB.
    /// Video targets are scored by `query.aggregation` over whole videos and segments (EmbeddingStore+Moments).
    public func search(_ query: StoreQuery) throws -> QueryResult {
        try search(query, tuning: SearchTuning())
    }

    /// `search(_:)` with explicit block sizes (tests use small ones).
    func search(_ query: StoreQuery, tuning: SearchTuning) throws -> QueryResult {
        try query.validate(dimension: configuration.dimension)
        var vector: [Float] = []
        if case .vector(let given) = query.source { vector = SimilarityKernels.normalized(given) }
        return try whileOpen {
            try indexes.lock.withReadLock {
                let index = indexes.index(query.target)
                var excludedRows: Set<Int> = []
                if case .record(let id, let kind) = query.source {
                    let source = indexes.index(kind)
                    guard let row = source.row(of: id) else {
                        throw indexes.isUnsearchable(kind, id: id)
                            ? StoreError.recordNotSearchable(id: id, kind: kind) : StoreError.recordNotFound(id: id, kind: kind)
                    }
                    vector = try query.sourceSeconds.map { try momentEmbedding(videoID: id, videoRow: row, at: $0) }
                        ?? source.embedding(row: row)
                    if kind == query.target { excludedRows = [row] }
                }
                let accept = Self.acceptance(index: index, excludedRows: excludedRows, filter: query.filter)
                if query.target == .video && indexes.segments.count > 0 && query.aggregation != .wholeVideo {
                    return videoQuery(query, vector: vector, accept: accept, excluded: excludedRows.count)
                }
                let (selector, accepted) = Self.scanSelect(
                    index: index, query: vector, k: query.k, tuning: tuning, accept: accept, countingAccepted: !query.filter.isEmpty)
                let hits = selector.ranked().map { entry in
                    var hit = index.hit(row: entry.row, score: entry.score)
                    if query.target == .video && query.moments > 0 {  // no segments in play: the whole video is the moment
                        hit.moments = [MomentHit(startSeconds: index.spans[entry.row].start, endSeconds: index.spans[entry.row].end,
                                                 score: entry.score)]
                    }
                    return hit
                }
                return QueryResult(hits: hits, candidates: query.filter.isEmpty ? index.count - excludedRows.count : accepted)
            }
        }
    }
}
