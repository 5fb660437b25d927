// Search: text to video, video to video, video to text.
import TempMeProto

extension TempMeClient {
    /// The `k` stored videos closest to `text`, optionally only those whose metadata has every `filter` pair.
    public func search(_ text: String, k: UInt32 = 10, filter: [String: String] = [:]) throws(TempMeClientError) -> Tempme_V1_SearchResponse {
        var request = Tempme_V1_SearchRequest()
        request.text = text
        request.k = k
        request.metadataFilter = filter
        return try call(Tempme_V1_TempMeMethod.search, request)
    }

    /// The `k` stored videos closest to the stored video `videoID` (itself excluded).
    public func similar(to videoID: String, k: UInt32 = 10, filter: [String: String] = [:]) throws(TempMeClientError) -> Tempme_V1_SearchResponse {
        var request = Tempme_V1_SimilarRequest()
        request.videoID = videoID
        request.k = k
        request.metadataFilter = filter
        return try call(Tempme_V1_TempMeMethod.similar, request)
    }

    /// The `k` stored texts closest to the stored video `videoID` (video-to-text search).
    public func searchTexts(for videoID: String, k: UInt32 = 10, filter: [String: String] = [:]) throws(TempMeClientError) -> Tempme_V1_SearchResponse {
        var request = Tempme_V1_SearchTextsRequest()
        request.videoID = videoID
        request.k = k
        request.metadataFilter = filter
        return try call(Tempme_V1_TempMeMethod.searchTexts, request)
    }
}
