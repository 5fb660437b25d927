// Queries on the Milvus backend: Search calls for the hits, one count for the candidates, run side by side.
import Foundation
import MilvusProto
import TempMeStore

extension MilvusStore {
    /// Extra hits asked of Milvus beyond k, so that ties at the k-th score are broken by id as the embedded store does.
    static let tieMargin = 16
    /// Milvus's largest top-k.
    static let maxTopK = 16_384

    public func search(_ query: StoreQuery) throws -> QueryResult {
        try query.validate(dimension: configuration.dimension)
        return try milvus {
            var clauses = [MilvusExpression.kind(query.target)] + MilvusExpression.metadata(query.filter)
            var segmentClauses = [MilvusSegmentRows.kindExpression] + MilvusExpression.metadata(query.filter)
            let vector: [Float]
            switch query.source {
            case .vector(let given):
                vector = given
            case .record(let id, let kind):
                vector = try sourceEmbedding(id: id, kind: kind, at: query.sourceSeconds)
                if kind == query.target {
                    clauses.append(MilvusExpression.keyIsNot(MilvusRows.key(id, kind: kind)))
                    segmentClauses.append("\(MilvusSchema.Field.id) != \(MilvusExpression.literal(id))")
                }
            }
            let expression = MilvusExpression.all(clauses)
            guard query.k > 0 else { return QueryResult(hits: [], candidates: try countRows(expression)) }
            let segments = query.target == .video ? MilvusExpression.all(segmentClauses) : nil
            // The count and the search are independent calls, each waiting for strong consistency: run them side by side.
            let answers = ParallelPair(
                { try self.countRows(expression) },
                { try self.rankedHits(query, vector: vector, expression: expression, segmentExpression: segments) })
            return QueryResult(hits: try answers.second.get(), candidates: try answers.first.get())
        }
    }

    /// The embedding a query from a stored record uses: the record's, or with `seconds` its segment at that time.
    private func sourceEmbedding(id: String, kind: RecordKind, at seconds: Double?) throws -> [Float] {
        guard let seconds else {
            guard let stored = try embedding(of: MilvusRows.key(id, kind: kind)) else { throw StoreError.recordNotFound(id: id, kind: kind) }
            return stored
        }
        guard case .video(let video)? = try record(id: id, kind: .video) else { throw StoreError.recordNotFound(id: id, kind: kind) }
        let index = try MomentSelection.segmentIndex(
            at: seconds, of: video.segments, videoID: id, durationSeconds: video.source.durationSeconds)
        return index.map { video.segments[$0].embedding } ?? video.embedding
    }

    /// The stored embedding of the row with primary key `key` (that field alone), or nil.
    private func embedding(of key: String) throws -> [Float]? {
        let answer = try queryColumns(MilvusExpression.keys([key]), fields: [MilvusSchema.Field.embedding], limit: nil)
        let reader = ColumnReader(answer.fieldsData, operation: "query")
        guard reader.has(MilvusSchema.Field.embedding) else { return nil }
        return try reader.vectors(MilvusSchema.Field.embedding).first
    }

    /// One Search call: the best `topK` rows matching `expression` by cosine, best first, with `fields`.
    func searchRows(_ vector: [Float], expression: String, topK: Int, fields: [String]) throws -> (scores: [Float], reader: ColumnReader) {
        var group = Milvus_Proto_Common_PlaceholderGroup()
        var placeholder = Milvus_Proto_Common_PlaceholderValue()
        placeholder.tag = "$0"
        placeholder.type = .floatVector
        placeholder.values = [vector.withUnsafeBufferPointer { Data(buffer: $0) }]
        group.placeholders = [placeholder]
        var request = Milvus_Proto_Milvus_SearchRequest()
        request.collectionName = settings.collection
        request.dsl = expression
        request.dslType = .boolExprV1
        request.placeholderGroup = try group.serializedData()
        request.nq = 1
        request.outputFields = fields
        request.searchParams = MilvusParameters.pairs([
            "anns_field": MilvusSchema.Field.embedding, "topk": String(topK), "metric_type": "COSINE",
            "params": settings.index.searchParameters(k: topK), "round_decimal": "-1",
        ])
        request.consistencyLevel = settings.consistency.level
        let answer = try connection.call(Method.search, request, as: Milvus_Proto_Milvus_SearchResults.self).results
        return (answer.scores, ColumnReader(answer.fieldsData, operation: "search"))
    }

    /// The best `k` rows of `kind` by cosine, ties by id ascending, with metadata, text and (videos) the whole
    /// video as the one moment when `moments` > 0.
    func directHits(_ vector: [Float], expression: String, k: Int, kind: RecordKind, moments: Int) throws -> [RecordHit] {
        Array(try directRanking(vector, expression: expression, topK: min(k + Self.tieMargin, Self.maxTopK), kind: kind,
                                moments: moments).prefix(k))
    }

    /// The best `topK` rows of `kind` as `directHits` describes them, all of them, best first (ties by id).
    func directRanking(_ vector: [Float], expression: String, topK: Int, kind: RecordKind, moments: Int) throws -> [RecordHit] {
        typealias F = MilvusSchema.Field
        let (scores, reader) = try searchRows(vector, expression: expression, topK: topK, fields: [F.id, F.metadata, F.text, F.source])
        guard !scores.isEmpty else { return [] }
        let ids = try reader.strings(F.id), metadata = try reader.json(F.metadata), texts = try reader.strings(F.text)
        let sources = try reader.json(F.source)
        guard [ids.count, metadata.count, texts.count, sources.count].allSatisfy({ $0 == scores.count }) else {
            throw MilvusFailure.malformedResponse(operation: "search", reason: "\(scores.count) scores for \(ids.count) ids")
        }
        var hits: [RecordHit] = []
        hits.reserveCapacity(scores.count)
        for row in scores.indices {
            var hit = RecordHit(id: ids[row], kind: kind, score: scores[row], metadata: try MilvusRows.decode(metadata[row], operation: "search"),
                                text: kind == .text ? texts[row] : nil)
            if kind == .video && moments > 0 {
                let source: VideoSource = try MilvusRows.decode(sources[row], operation: "search")
                hit.moments = [MomentHit(startSeconds: 0, endSeconds: source.durationSeconds, score: scores[row])]
            }
            hits.append(hit)
        }
        return hits.sorted(by: Self.ranksBefore)
    }

    /// Best first, ties by id ascending (byte order), as the embedded store ranks.
    static func ranksBefore(_ a: RecordHit, _ b: RecordHit) -> Bool {
        a.score != b.score ? a.score > b.score : a.id.utf8.lexicographicallyPrecedes(b.id.utf8)
    }
}
