// Queries: text-to-video, video-to-text and video-to-video, each one exact store query.
import TempMeMetrics
import TempMeProto
import TempMeStore

extension VideoSearchService {
    /// Text-to-video: the k videos closest to the query text.
    public func search(_ request: Tempme_V1_SearchRequest) throws -> Tempme_V1_SearchResponse {
        try answering {
            try settings.limits.text(request.text, field: "text")
            let k = try settings.limits.k(request.k)
            try settings.limits.metadata(request.metadataFilter, field: "metadata_filter")
            let query = try embed(text: request.text)
            return try withMoments(StoreQuery(source: .vector(query), target: .video, k: k, filter: request.metadataFilter),
                                   moments: request.moments, aggregation: request.aggregation)
        }
    }

    /// Video-to-text: the k stored texts closest to a stored video.
    public func searchTexts(_ request: Tempme_V1_SearchTextsRequest) throws -> Tempme_V1_SearchResponse {
        try answering {
            try storedVideoQuery(request.videoID, target: .text, k: request.k, filter: request.metadataFilter)
        }
    }

    /// Video-to-video: the k stored videos closest to a stored one, itself excluded.
    public func similar(_ request: Tempme_V1_SimilarRequest) throws -> Tempme_V1_SearchResponse {
        try answering {
            try withMoments(storedVideoQuery(request.videoID, target: .video, k: request.k, filter: request.metadataFilter),
                            moments: request.moments, aggregation: request.aggregation,
                            atSeconds: request.hasAtSeconds ? request.atSeconds : nil)
        }
    }

    /// The query ranking `target` records against the stored video `id` (NOT_FOUND from the store if there is none).
    private func storedVideoQuery(_ id: String, target: RecordKind, k: UInt32, filter: [String: String]) throws -> StoreQuery {
        try settings.limits.id(id, field: "video_id")
        let k = try settings.limits.k(k)
        try settings.limits.metadata(filter, field: "metadata_filter")
        return StoreQuery(source: .record(id: id, kind: .video), target: target, k: k, filter: filter)
    }

    /// Checks and builds a query with `body`, runs it: refuses while draining, times it, counts it, classifies its errors.
    private func answering(_ body: () throws -> StoreQuery) throws -> Tempme_V1_SearchResponse {
        do {
            try checkServing()
            var (response, elapsed) = try timed { try Self.response(store.search(body())) }
            response.elapsedMs = elapsed
            counters.searches.increment()
            ServiceMetrics.search(milliseconds: elapsed)
            return response
        } catch {
            throw ServiceError.from(error)
        }
    }

    /// The store's answer as a SearchResponse: every hit with its metadata (and text).
    private static func response(_ result: QueryResult) -> Tempme_V1_SearchResponse {
        var response = Tempme_V1_SearchResponse()
        response.hits = result.hits.map { hit in
            var entry = Tempme_V1_Hit()
            entry.id = hit.id
            entry.score = hit.score
            entry.kind = ProtoConversion.kind(hit.kind)
            entry.metadata = hit.metadata
            if let text = hit.text { entry.text = text }
            entry.moments = hit.moments.map(ProtoConversion.moment)
            return entry
        }
        response.candidates = UInt64(result.candidates)
        return response
    }
}
