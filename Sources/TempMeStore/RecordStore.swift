// The store interface: everything request handling asks of storage, whichever backend holds the records.
import Foundation

/// Durable records that answer whole queries. `EmbeddingStore` (RocksDB + in-memory exact top-K) is one
/// backend; every method is safe to call from many threads, and errors are `StoreError`.
public protocol RecordStore: AnyObject, Sendable {
    /// Stores `records` (any mix of kinds) durably, all or none; per record, whether it replaced one.
    /// `.createOnly` fails the whole batch with `alreadyExists` when an id of that kind is taken.
    func put(_ records: [StoredRecord], mode: WriteMode) throws -> [PutOutcome]

    /// Deletes the record `id` of `kind` durably; returns whether it existed.
    func delete(id: String, kind: RecordKind) throws -> Bool

    /// Which of `ids` are stored as `kind` (searchable or not), answered without reading the records.
    func existingIDs(_ ids: [String], kind: RecordKind) throws -> Set<String>

    /// The stored record `id` of `kind`, or nil.
    func record(id: String, kind: RecordKind) throws -> StoredRecord?

    /// Records of `kind` carrying every `filter` pair, in id byte order, at most `limit`, after the id `after`.
    func records(kind: RecordKind, after: String?, limit: Int, filter: [String: String]) throws -> RecordPage

    /// Number of searchable records of `kind`; throws when a remote backend cannot be asked.
    func count(kind: RecordKind) throws -> Int

    /// Number of searchable segments of long videos (they belong to their video records); throws like `count`.
    func segmentCount() throws -> Int

    /// Answers one query exactly: hits with their metadata (and texts), consistent with each other.
    func search(_ query: StoreQuery) throws -> QueryResult

    /// Writes a consistent online backup into the new directory `destination` on this machine,
    /// creating its parent first when `creatingParent`.
    func backup(to destination: URL, creatingParent: Bool) throws

    /// Bytes the store's data takes on disk.
    func storageBytes() -> UInt64
}

extension RecordStore {
    /// Stores one video durably and makes it searchable.
    @discardableResult
    public func putVideo(_ record: VideoRecord, mode: WriteMode = .createOrReplace) throws -> PutOutcome {
        try put([.video(record)], mode: mode)[0]
    }

    /// Stores several videos atomically (all or none) in one durable write.
    @discardableResult
    public func putVideos(_ records: [VideoRecord], mode: WriteMode = .createOrReplace) throws -> [PutOutcome] {
        try put(records.map(StoredRecord.video), mode: mode)
    }

    /// Stores one text durably and makes it searchable.
    @discardableResult
    public func putText(_ record: TextRecord, mode: WriteMode = .createOrReplace) throws -> PutOutcome {
        try put([.text(record)], mode: mode)[0]
    }

    /// Stores several texts atomically in one durable write.
    @discardableResult
    public func putTexts(_ records: [TextRecord], mode: WriteMode = .createOrReplace) throws -> [PutOutcome] {
        try put(records.map(StoredRecord.text), mode: mode)
    }

    /// Whether a record `id` of `kind` is stored.
    public func contains(id: String, kind: RecordKind) throws -> Bool {
        try !existingIDs([id], kind: kind).isEmpty
    }

    /// The stored video with `id`, or nil.
    public func video(id: String) throws -> VideoRecord? {
        guard case .video(let video) = try record(id: id, kind: .video) else { return nil }
        return video
    }

    /// The stored text with `id`, or nil.
    public func text(id: String) throws -> TextRecord? {
        guard case .text(let text) = try record(id: id, kind: .text) else { return nil }
        return text
    }
}
