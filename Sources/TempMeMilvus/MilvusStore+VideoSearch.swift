// Video queries when segments may decide the ranking: candidates from two Search calls (whole videos and
// segments), scored here by the rules the embedded store uses, the search widened until no video left out
// could rank among the k best.
import Foundation
import TempMeKernels
import TempMeStore

extension MilvusStore {
    /// How far Milvus's cosine may differ from ours for the same vectors (float rounding), when bounding unseen videos.
    static let scoreSlack: Float = 1e-5

    /// The hits of `query` (its vector given), best first: straight from Milvus for texts, whole-video ranking or a
    /// collection without matching segments; otherwise every candidate video scored by its segments.
    func rankedHits(_ query: StoreQuery, vector: [Float], expression: String, segmentExpression: String?) throws -> [RecordHit] {
        guard let segmentExpression, query.aggregation != .wholeVideo else {
            return try directHits(vector, expression: expression, k: query.k, kind: query.target, moments: query.moments)
        }
        let normalizedQuery = SimilarityKernels.normalized(vector)
        var depth = min(query.k + Self.tieMargin, Self.maxTopK)
        while true {
            let topK = depth
            let lists = ParallelPair(
                { try self.directRanking(vector, expression: expression, topK: topK, kind: .video, moments: query.moments) },
                { try self.rankedIDs(vector, expression: segmentExpression, topK: topK) })
            let whole = try lists.first.get(), parts = try lists.second.get()
            // No segment matches: every candidate is scored by its whole embedding, as Milvus ranked them.
            if parts.isEmpty { return Array(whole.prefix(query.k)) }
            var seen: Set<String> = []
            let candidates = (whole.map(\.id) + parts.map(\.id)).filter { seen.insert($0).inserted }
            let scored = try scoredVideos(candidates, query: normalizedQuery, aggregation: query.aggregation, moments: query.moments)
            // Every matching video was a candidate, or Milvus will not rank further: the answer is final.
            if whole.count < depth || depth == Self.maxTopK { return Array(scored.prefix(query.k)) }
            if scored.count >= query.k, let last = whole.last {
                // No video outside both lists scores above this: its whole embedding ranked below the whole list's
                // last, and its segments (if the segment list was cut off) below that list's last.
                var bound = last.score
                if parts.count == depth, let lastPart = parts.last?.score {
                    bound = max(bound, query.aggregation == .blend ? (last.score + lastPart) / 2 : lastPart)
                }
                if scored[query.k - 1].score > bound + Self.scoreSlack { return Array(scored.prefix(query.k)) }
            }
            depth = min(depth * 4, Self.maxTopK)
        }
    }

    /// The record ids of the best `topK` rows matching `expression`, with Milvus's cosine, best first.
    private func rankedIDs(_ vector: [Float], expression: String, topK: Int) throws -> [(id: String, score: Float)] {
        let (scores, reader) = try searchRows(vector, expression: expression, topK: topK, fields: [MilvusSchema.Field.id])
        guard !scores.isEmpty else { return [] }
        let ids = try reader.strings(MilvusSchema.Field.id)
        guard ids.count == scores.count else {
            throw MilvusFailure.malformedResponse(operation: "search", reason: "\(scores.count) scores for \(ids.count) ids")
        }
        return Array(zip(ids, scores)).map { (id: $0, score: $1) }
    }

    /// The videos `ids` that still exist, each scored against the normalized `query` by `aggregation` over its whole
    /// embedding and its segments, with its `moments` best moments; best first, ties by id.
    private func scoredVideos(_ ids: [String], query: [Float], aggregation: SegmentAggregation, moments: Int) throws -> [RecordHit] {
        var found: [(record: StoredRecord, generation: MilvusSegmentRows.Generation?)] = []
        for start in stride(from: 0, to: ids.count, by: 1000) {
            let keys = ids[start..<min(ids.count, start + 1000)].map { MilvusRows.key($0, kind: .video) }
            found += try self.query(MilvusExpression.keys(keys), limit: nil)
        }
        let dimension = configuration.dimension
        return try attachingSegments(found).compactMap { record -> RecordHit? in
            guard case .video(let video) = record else { return nil }
            let rows = [video.embedding] + video.segments.map(\.embedding)
            let matrix = rows.flatMap(SimilarityKernels.normalized)
            let scores = SimilarityKernels.scores(matrix: matrix, rows: 0..<rows.count, dimension: dimension, query: query)
            let wholeScore = scores[0], segmentScores = scores.dropFirst()
            var hit = RecordHit(id: video.id, kind: .video, score: wholeScore, metadata: video.metadata)
            if let best = segmentScores.max() {
                hit.score = aggregation == .blend ? (wholeScore + best) / 2 : best
            }
            if moments > 0 {
                hit.moments = video.segments.isEmpty
                    ? [MomentHit(startSeconds: 0, endSeconds: video.source.durationSeconds, score: wholeScore)]
                    : MomentSelection.best(
                        zip(video.segments, segmentScores).map { MomentHit(startSeconds: $0.startSeconds, endSeconds: $0.endSeconds, score: $1) },
                        count: moments)
            }
            return hit
        }.sorted(by: Self.ranksBefore)
    }
}
