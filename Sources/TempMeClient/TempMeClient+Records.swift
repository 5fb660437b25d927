// Records: read, list, delete, and store texts.
import TempMeProto

extension TempMeClient {
    /// One stored record (NOT_FOUND if absent), with its embedding when asked.
    public func get(_ id: String, kind: Tempme_V1_Kind = .video, includeEmbedding: Bool = false) throws(TempMeClientError) -> Tempme_V1_GetResponse {
        var request = Tempme_V1_GetRequest()
        request.id = id
        request.kind = kind
        request.includeEmbedding = includeEmbedding
        return try call(Tempme_V1_TempMeMethod.get, request)
    }

    /// Deletes one record; the answer says whether it existed.
    public func delete(_ id: String, kind: Tempme_V1_Kind = .video) throws(TempMeClientError) -> Tempme_V1_DeleteResponse {
        var request = Tempme_V1_DeleteRequest()
        request.id = id
        request.kind = kind
        return try call(Tempme_V1_TempMeMethod.delete, request)
    }

    /// One page of records in id order (`.unspecified` kind: videos and texts), from `pageToken` on.
    public func list(kind: Tempme_V1_Kind = .unspecified, pageSize: UInt32 = 100, pageToken: String = "",
                     filter: [String: String] = [:]) throws(TempMeClientError) -> Tempme_V1_ListResponse {
        var request = Tempme_V1_ListRequest()
        request.kind = kind
        request.pageSize = pageSize
        request.pageToken = pageToken
        request.metadataFilter = filter
        return try call(Tempme_V1_TempMeMethod.list, request)
    }

    /// Every record from `pageToken` on, following page tokens (pages of `pageSize`) to the end.
    public func listAll(kind: Tempme_V1_Kind = .unspecified, pageSize: UInt32 = 100, pageToken: String = "",
                        filter: [String: String] = [:]) throws(TempMeClientError) -> [Tempme_V1_Record] {
        var records: [Tempme_V1_Record] = []
        var next = pageToken
        repeat {
            let page = try list(kind: kind, pageSize: pageSize, pageToken: next, filter: filter)
            records += page.records
            next = page.nextPageToken
        } while !next.isEmpty
        return records
    }

    /// Stores texts (captions) for video-to-text search; ALREADY_EXISTS for a taken id unless `replace`.
    public func addTexts(_ texts: [Tempme_V1_TextItem], replace: Bool = false) throws(TempMeClientError) -> Tempme_V1_AddTextsResponse {
        var request = Tempme_V1_AddTextsRequest()
        request.texts = texts
        request.replace = replace
        return try call(Tempme_V1_TempMeMethod.addTexts, request)
    }
}
