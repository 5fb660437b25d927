// Queries on the Milvus backend: one Search call for the hits, one count for the candidates.
import Foundation
import MilvusProto
import TempMeStore

extension MilvusStore {
    /// Extra hits asked of Milvus beyond k, so that ties at the k-th score are broken by id as the embedded store does.
    static let tieMargin = 16
    /// Milvus's largest top-k.
    static let maxTopK = 16_384

    public func search(_ query: StoreQuery) throws -> QueryResult {
        guard query.k >= 0 else { throw StoreError.invalidK(query.k) }
        try RecordValidation.checkMetadata(query.filter)
        try refuseMomentSource(query)
        return try milvus {
            var clauses = [MilvusExpression.kind(query.target)] + MilvusExpression.metadata(query.filter)
            let vector: [Float]
            switch query.source {
            case .vector(let given):
                try RecordValidation.checkEmbedding(given, dimension: configuration.dimension)
                vector = given
            case .record(let id, let kind):
                try RecordValidation.checkID(id)
                guard let stored = try embedding(of: MilvusRows.key(id, kind: kind)) else {
                    throw StoreError.recordNotFound(id: id, kind: kind)
                }
                vector = stored
                if kind == query.target { clauses.append(MilvusExpression.keyIsNot(MilvusRows.key(id, kind: kind))) }
            }
            let expression = MilvusExpression.all(clauses)
            guard query.k > 0 else { return QueryResult(hits: [], candidates: try countRows(expression)) }
            // The count and the search are independent calls, each waiting for strong consistency: run them side by side.
            let answers = ParallelPair(
                { try self.countRows(expression) },
                { try self.searchHits(vector, expression: expression, k: query.k, kind: query.target) })
            return QueryResult(hits: try answers.second.get(), candidates: try answers.first.get())
        }
    }

    /// The stored embedding of the row with primary key `key` (that field alone), or nil.
    private func embedding(of key: String) throws -> [Float]? {
        let answer = try queryColumns(MilvusExpression.keys([key]), fields: [MilvusSchema.Field.embedding], limit: nil)
        let reader = ColumnReader(answer.fieldsData, operation: "query")
        guard reader.has(MilvusSchema.Field.embedding) else { return nil }
        return try reader.vectors(MilvusSchema.Field.embedding).first
    }

    /// The best `k` rows by cosine, ties by id ascending, with metadata and text.
    private func searchHits(_ vector: [Float], expression: String, k: Int, kind: RecordKind) throws -> [RecordHit] {
        var group = Milvus_Proto_Common_PlaceholderGroup()
        var placeholder = Milvus_Proto_Common_PlaceholderValue()
        placeholder.tag = "$0"
        placeholder.type = .floatVector
        placeholder.values = [vector.withUnsafeBufferPointer { Data(buffer: $0) }]
        group.placeholders = [placeholder]
        let topK = min(k + Self.tieMargin, Self.maxTopK)
        var request = Milvus_Proto_Milvus_SearchRequest()
        request.collectionName = settings.collection
        request.dsl = expression
        request.dslType = .boolExprV1
        request.placeholderGroup = try group.serializedData()
        request.nq = 1
        request.outputFields = [MilvusSchema.Field.id, MilvusSchema.Field.metadata, MilvusSchema.Field.text]
        request.searchParams = MilvusParameters.pairs([
            "anns_field": MilvusSchema.Field.embedding, "topk": String(topK), "metric_type": "COSINE",
            "params": settings.index.searchParameters(k: topK), "round_decimal": "-1",
        ])
        request.consistencyLevel = settings.consistency.level
        let answer = try connection.call(Method.search, request, as: Milvus_Proto_Milvus_SearchResults.self).results
        let scores = answer.scores
        guard !scores.isEmpty else { return [] }
        let reader = ColumnReader(answer.fieldsData, operation: "search")
        let ids = try reader.strings(MilvusSchema.Field.id)
        let metadata = try reader.json(MilvusSchema.Field.metadata)
        let texts = try reader.strings(MilvusSchema.Field.text)
        guard [ids.count, metadata.count, texts.count].allSatisfy({ $0 == scores.count }) else {
            throw MilvusFailure.malformedResponse(operation: "search", reason: "\(scores.count) scores for \(ids.count) ids")
        }
        var hits: [RecordHit] = []
        hits.reserveCapacity(scores.count)
        for row in scores.indices {
            let pairs: [String: String] = try MilvusRows.decode(metadata[row], operation: "search")
            hits.append(RecordHit(id: ids[row], kind: kind, score: scores[row], metadata: pairs,
                                  text: kind == .text ? texts[row] : nil))
        }
        hits.sort { $0.score != $1.score ? $0.score > $1.score : $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
        return Array(hits.prefix(k))
    }
}
