// Records: add texts, get, delete and list.
import Foundation
import TempMeProto
import TempMeStore

extension VideoSearchService {
    /// Stores a batch of texts, all or nothing; ALREADY_EXISTS for a taken id unless `replace`.
    public func addTexts(_ request: Tempme_V1_AddTextsRequest) throws -> Tempme_V1_AddTextsResponse {
        do {
            try checkServing()
            let items = request.texts
            guard !items.isEmpty else { throw ServiceError.invalidArgument("texts is empty; give at least one text") }
            guard items.count <= settings.limits.maxTextsPerBatch else {
                throw ServiceError.invalidArgument("\(items.count) texts in one batch; at most \(settings.limits.maxTextsPerBatch) are allowed")
            }
            var seen = Set<String>()
            for (index, item) in items.enumerated() {
                try settings.limits.id(item.id, field: "texts[\(index)].id")
                try settings.limits.text(item.text, field: "texts[\(index)].text")
                try settings.limits.metadata(item.metadata, field: "texts[\(index)].metadata")
                guard seen.insert(item.id).inserted else {
                    throw ServiceError.invalidArgument("id \(item.id.debugDescription) appears twice in the batch")
                }
            }
            if !request.replace {
                let taken = try store.existingIDs(items.map(\.id), kind: .text)
                if let first = items.first(where: { taken.contains($0.id) }) { throw ServiceError.taken(first.id, .text) }
            }
            let tokens = items.map { tokenizer.encode($0.text, maxWords: bundle.maxWords) }
            let embeddings = try bundle.model.encodeText(tokens)
            let records = zip(items, embeddings).map { item, embedding in
                TextRecord(id: item.id, text: item.text, embedding: embedding, modelFingerprint: bundle.fingerprint,
                           metadata: item.metadata)
            }
            do {
                try store.putTexts(records, mode: request.replace ? .createOrReplace : .createOnly)
            } catch StoreError.alreadyExists(let id) {
                throw ServiceError.taken(id, .text)
            }
            var response = Tempme_V1_AddTextsResponse()
            response.texts = items.map { item in
                let count = tokenizer.bpeIDs(item.text).count + 2
                var summary = Tempme_V1_TextSummary()
                summary.id = item.id
                summary.tokenCount = UInt32(clamping: count)
                summary.truncated = count > bundle.maxWords
                return summary
            }
            return response
        } catch {
            throw ServiceError.from(error)
        }
    }

    /// One record by id and kind, or NOT_FOUND.
    public func get(_ request: Tempme_V1_GetRequest) throws -> Tempme_V1_GetResponse {
        do {
            try checkServing()
            let kind = try recordKind(request.kind)
            try settings.limits.id(request.id)
            guard let record = try store.record(id: request.id, kind: kind) else { throw ServiceError.missing(request.id, kind) }
            var response = Tempme_V1_GetResponse()
            response.record = ProtoConversion.record(record, cost: videoCost, includeEmbedding: request.includeEmbedding)
            return response
        } catch {
            throw ServiceError.from(error)
        }
    }

    /// Deletes one record; `deleted` is false when there was none.
    public func delete(_ request: Tempme_V1_DeleteRequest) throws -> Tempme_V1_DeleteResponse {
        do {
            try checkServing()
            let kind = try recordKind(request.kind)
            try settings.limits.id(request.id)
            var response = Tempme_V1_DeleteResponse()
            response.deleted = try snapshotLock.withReadLock {
                let deleted = try store.delete(id: request.id, kind: kind)
                if kind == .video { thumbnailStore?.remove(id: request.id) }
                return deleted
            }
            return response
        } catch {
            throw ServiceError.from(error)
        }
    }

    /// One page of records in id order; UNSPECIFIED pages through videos, then texts.
    public func list(_ request: Tempme_V1_ListRequest) throws -> Tempme_V1_ListResponse {
        do {
            try checkServing()
            let pageSize = try settings.limits.pageSize(request.pageSize)
            try settings.limits.metadata(request.metadataFilter, field: "metadata_filter")
            var cursor = try ListCursor(token: request.pageToken, requested: request.kind)
            var response = Tempme_V1_ListResponse()
            while response.records.count < pageSize, let kind = cursor.kind {
                let page = try store.records(
                    kind: kind, after: cursor.after, limit: pageSize - response.records.count, filter: request.metadataFilter)
                response.records += page.records.map { ProtoConversion.record($0, cost: videoCost, includeEmbedding: false) }
                cursor.advance(to: page.nextCursor, lastID: page.records.last?.id)
            }
            response.nextPageToken = cursor.token
            return response
        } catch {
            throw ServiceError.from(error)
        }
    }

    /// VIDEO or TEXT; UNSPECIFIED is INVALID_ARGUMENT.
    private func recordKind(_ kind: Tempme_V1_Kind) throws(ServiceError) -> RecordKind {
        switch kind {
        case .video: return .video
        case .text: return .text
        default: throw .invalidArgument("kind must be KIND_VIDEO or KIND_TEXT")
        }
    }
}

/// Where a List page starts: which kind, after which id; encoded as an opaque page token.
struct ListCursor {
    /// Kinds still to list, current first.
    private var kinds: [RecordKind]
    /// Last id returned of the current kind.
    private(set) var after: String?

    /// The cursor of `token`, or the start for `requested` when the token is empty.
    init(token: String, requested: Tempme_V1_Kind) throws(ServiceError) {
        let all: [RecordKind]
        switch requested {
        case .video: all = [.video]
        case .text: all = [.text]
        default: all = [.video, .text]
        }
        kinds = all
        guard !token.isEmpty else { return }
        guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8),
            let colon = text.firstIndex(of: ":"), let kind = RecordKind(rawValue: String(text[..<colon])),
            let position = all.firstIndex(of: kind)
        else {
            throw .invalidArgument("page_token is not a token this daemon issued for this kind; start again with an empty token")
        }
        kinds = Array(all[position...])
        let rest = String(text[text.index(after: colon)...])
        after = rest.isEmpty ? nil : rest
    }

    /// The kind being listed, nil when done.
    var kind: RecordKind? { kinds.first }

    /// Moves past a page: continue after `lastID`, or on to the next kind when the page was the last.
    mutating func advance(to nextCursor: String?, lastID: String?) {
        if nextCursor == nil {
            kinds.removeFirst()
            after = nil
        } else {
            after = lastID ?? after
        }
    }

    /// The token resuming here, empty when everything was listed.
    var token: String {
        guard let kind else { return "" }
        return Data("\(kind.rawValue):\(after ?? "")".utf8).base64EncodedString()
    }
}
