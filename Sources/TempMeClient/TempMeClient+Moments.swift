// Queries with every field of the request: moments, aggregation, and Similar from a moment.
import TempMeProto

extension TempMeClient {
    /// Text-to-video with the whole request (moments per hit, aggregation).
    public func search(_ request: Tempme_V1_SearchRequest) throws(TempMeClientError) -> Tempme_V1_SearchResponse {
        try call(Tempme_V1_TempMeMethod.search, request)
    }

    /// Video-to-video with the whole request (from a moment with `atSeconds`, moments per hit, aggregation).
    public func similar(_ request: Tempme_V1_SimilarRequest) throws(TempMeClientError) -> Tempme_V1_SearchResponse {
        try call(Tempme_V1_TempMeMethod.similar, request)
    }
}
