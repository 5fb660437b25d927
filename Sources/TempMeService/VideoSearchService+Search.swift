// Queries: text-to-video, video-to-text and video-to-video, exact cosine top-K over the store.
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
            let hits = try store.search(query, kind: .video, k: k, filter: request.metadataFilter)
            return try response(hits, kind: .video, filter: request.metadataFilter)
        }
    }

    /// Video-to-text: the k stored texts closest to a stored video.
    public func searchTexts(_ request: Tempme_V1_SearchTextsRequest) throws -> Tempme_V1_SearchResponse {
        try answering {
            let video = try storedVideo(request.videoID)
            let k = try settings.limits.k(request.k)
            try settings.limits.metadata(request.metadataFilter, field: "metadata_filter")
            let hits = try store.search(video.embedding, kind: .text, k: k, filter: request.metadataFilter)
            return try response(hits, kind: .text, filter: request.metadataFilter)
        }
    }

    /// Video-to-video: the k stored videos closest to a stored one, itself excluded.
    public func similar(_ request: Tempme_V1_SimilarRequest) throws -> Tempme_V1_SearchResponse {
        try answering {
            let video = try storedVideo(request.videoID)
            let k = try settings.limits.k(request.k)
            try settings.limits.metadata(request.metadataFilter, field: "metadata_filter")
            let hits = try store.search(
                video.embedding, kind: .video, k: k, excluding: [video.id], filter: request.metadataFilter)
            return try response(hits, kind: .video, filter: request.metadataFilter)
        }
    }

    /// The stored video `id`, or NOT_FOUND.
    func storedVideo(_ id: String, field: String = "video_id") throws -> VideoRecord {
        try settings.limits.id(id, field: field)
        guard let video = try store.video(id: id) else {
            throw ServiceError.notFound("no video with id \(id.debugDescription); ingest it first or check the id with List")
        }
        return video
    }

    /// Runs a query: refuses while draining, times it, counts it, classifies its errors.
    private func answering(_ body: () throws -> Tempme_V1_SearchResponse) throws -> Tempme_V1_SearchResponse {
        do {
            try checkServing()
            var (response, elapsed) = try timed(body)
            response.elapsedMs = elapsed
            counters.searches.increment()
            return response
        } catch {
            throw ServiceError.from(error)
        }
    }

    /// Hits with their records' metadata (and texts); a record deleted meanwhile is left out.
    private func response(_ hits: [SearchHit], kind: RecordKind, filter: [String: String]) throws -> Tempme_V1_SearchResponse {
        var response = Tempme_V1_SearchResponse()
        for hit in hits {
            var entry = Tempme_V1_Hit()
            entry.id = hit.id
            entry.score = hit.score
            switch kind {
            case .video:
                guard let record = try store.video(id: hit.id) else { continue }
                entry.kind = .video
                entry.metadata = record.metadata
            case .text:
                guard let record = try store.text(id: hit.id) else { continue }
                entry.kind = .text
                entry.metadata = record.metadata
                entry.text = record.text
            }
            response.hits.append(entry)
        }
        response.candidates = UInt64(filter.isEmpty ? store.count(kind: kind) : response.hits.count)
        return response
    }
}
