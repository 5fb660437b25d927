// What the store keeps in memory, mirroring the database: the two search indexes, the ids stored but left
// out of search, and the lock that guards them.

/// The in-memory state that answers queries and existence checks without reading the database.
///
/// Every stored key is either a row of its kind's `VectorIndex` or an unsearchable id (made by another
/// model and excluded at open, or of another dimension). Searches hold `lock` shared; the group-commit
/// leader plans a batch holding it shared and applies the committed batch holding it exclusively.
final class IndexState: @unchecked Sendable {
    let lock = ReadWriteLock()
    private let videos: VectorIndex
    private let texts: VectorIndex
    private var unsearchable: [RecordKind: Set<String>]

    init(videos: VectorIndex, texts: VectorIndex, unsearchable: [RecordKind: Set<String>]) {
        self.videos = videos
        self.texts = texts
        self.unsearchable = unsearchable
    }

    /// The index of `kind`; callers hold `lock`.
    func index(_ kind: RecordKind) -> VectorIndex {
        switch kind {
        case .video: return videos
        case .text: return texts
        }
    }

    /// Whether the record `id` of `kind` is stored, searchable or not; callers hold `lock`.
    func contains(_ kind: RecordKind, id: String) -> Bool {
        index(kind).row(of: id) != nil || isUnsearchable(kind, id: id)
    }

    /// Whether `id` of `kind` is stored but left out of search; callers hold `lock`.
    func isUnsearchable(_ kind: RecordKind, id: String) -> Bool {
        unsearchable[kind]?.contains(id) ?? false
    }

    /// Makes `record` searchable, replacing any row or unsearchable entry of its id; callers hold `lock` exclusively.
    func insert(_ record: StoredRecord) {
        unsearchable[record.kind]?.remove(record.id)
        index(record.kind).upsert(record)
    }

    /// Forgets the record `id` of `kind`; callers hold `lock` exclusively.
    func remove(_ kind: RecordKind, id: String) {
        unsearchable[kind]?.remove(id)
        index(kind).remove(id: id)
    }
}
