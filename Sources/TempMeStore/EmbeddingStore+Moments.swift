// Video queries over segments: each video scored by its whole embedding and its best segment, hits with moments.
import TempMeKernels

extension EmbeddingStore {
    /// Top-k videos for the normalized `vector`, each scored by `query.aggregation`, with up to `query.moments`
    /// best moments per hit. Callers hold the index lock (shared); `excluded` rows were left out by `accept`.
    func videoQuery(_ query: StoreQuery, vector: [Float], accept: ((Int) -> Bool)?, excluded: Int) -> QueryResult {
        let videos = indexes.index(.video)
        let segments = indexes.segments
        let dimension = configuration.dimension
        let wholeScores = SimilarityKernels.scores(matrix: videos.matrix, rows: 0..<videos.count, dimension: dimension, query: vector)
        let useSegments = query.aggregation != .wholeVideo && segments.count > 0
        let segmentScores = useSegments
            ? SimilarityKernels.scores(matrix: segments.matrix, rows: 0..<segments.count, dimension: dimension, query: vector) : []
        var scores = wholeScores
        if useSegments {
            var best = [Float](repeating: -.infinity, count: indexes.segmentCounts.count)
            for row in 0..<segments.count {
                let owner = Int(segments.spans[row].owner)
                best[owner] = max(best[owner], segmentScores[row])
            }
            for row in 0..<videos.count {
                let owner = Int(videos.spans[row].owner)
                guard owner >= 0, best[owner] > -.infinity else { continue }
                scores[row] = query.aggregation == .blend ? (wholeScores[row] + best[owner]) / 2 : best[owner]
            }
        }
        let selector = TopKSelector(k: query.k, ids: videos.ids)
        selector.consume(scores, range: 0..<scores.count, firstRow: 0, accept: accept)
        let ranked = selector.ranked()
        let moments = query.moments > 0
            ? bestMoments(of: ranked.map(\.row), count: query.moments, wholeScores: wholeScores, segmentScores: segmentScores)
            : [:]
        let hits = ranked.map { entry in
            var hit = videos.hit(row: entry.row, score: entry.score)
            hit.moments = moments[entry.row] ?? []
            return hit
        }
        let candidates = accept.map { accept in (0..<videos.count).count(where: accept) } ?? videos.count - excluded
        return QueryResult(hits: hits, candidates: candidates)
    }

    /// For each video row in `rows`: its `count` best segments (best first, ties to the earlier start), or the
    /// whole video as its one moment when it has no segments or segments are not used (`segmentScores` empty).
    private func bestMoments(of rows: [Int], count: Int, wholeScores: [Float], segmentScores: [Float]) -> [Int: [MomentHit]] {
        let videos = indexes.index(.video)
        let segments = indexes.segments
        var rowOfSlot: [Int32: Int] = [:]
        var moments: [Int: [MomentHit]] = [:]
        for row in rows {
            let span = videos.spans[row]
            if span.owner >= 0 && !segmentScores.isEmpty {
                rowOfSlot[span.owner] = row
            } else {
                moments[row] = [MomentHit(startSeconds: span.start, endSeconds: span.end, score: wholeScores[row])]
            }
        }
        guard !rowOfSlot.isEmpty else { return moments }
        var candidates: [Int: [MomentHit]] = [:]
        for segmentRow in 0..<segments.count {
            let span = segments.spans[segmentRow]
            guard let videoRow = rowOfSlot[span.owner] else { continue }
            candidates[videoRow, default: []].append(
                MomentHit(startSeconds: span.start, endSeconds: span.end, score: segmentScores[segmentRow]))
        }
        for (videoRow, list) in candidates {
            moments[videoRow] = MomentSelection.best(list, count: count)
        }
        return moments
    }

    /// The normalized embedding of `videoID`'s segment that holds `seconds` (the one centred nearest it), or
    /// the whole video's when it has no segments; a time outside the video is refused. Callers hold the lock.
    func momentEmbedding(videoID: String, videoRow: Int, at seconds: Double) throws -> [Float] {
        let videos = indexes.index(.video)
        let segments = indexes.segments
        let rows = indexes.segmentRows(ofVideo: videoID)
        let spans = rows.map { VideoSegment(startSeconds: segments.spans[$0].start, endSeconds: segments.spans[$0].end, embedding: []) }
        let chosen = try MomentSelection.segmentIndex(at: seconds, of: spans, videoID: videoID, durationSeconds: videos.spans[videoRow].end)
        return chosen.map { segments.embedding(row: rows[$0]) } ?? videos.embedding(row: videoRow)
    }
}
