import Foundation

extension EmbeddingStore {
    /// Stores `records` (any mix of kinds) atomically in one synced write and makes them searchable;
    /// per record, whether it replaced one.
    @discardableResult
    public func put(_ records: [StoredRecord], mode: WriteMode = .createOrReplace) throws -> [PutOutcome] {
        let mutations = try records.map { record -> StoreMutation in
            try RecordValidation.check(record, configuration: configuration)
            var segmentValues: [[UInt8]] = []
            if case .video(let video) = record {
                segmentValues = video.segments.map { SegmentCodec.encode($0, fingerprint: video.modelFingerprint) }
            }
            return .put(record, value: RecordCodec.encode(record), segmentValues: segmentValues, mode: mode)
        }
        return try submit(mutations).map { $0 == .stored(replaced: true) ? .replaced : .created }
    }

    /// Deletes a record durably; returns whether it existed.
    @discardableResult
    public func delete(id: String, kind: RecordKind) throws -> Bool {
        try RecordValidation.checkID(id)
        let outcomes = try submit([.delete(kind: kind, id: id)])
        return outcomes.first == .deleted(existed: true)
    }

    private func submit(_ mutations: [StoreMutation]) throws -> [MutationOutcome] {
        guard !mutations.isEmpty else { return [] }
        return try whileOpen { try committer.submit(mutations).get() }
    }

    /// Which of `ids` are stored as `kind`, from memory (the index and the ids it leaves out mirror the database).
    public func existingIDs(_ ids: [String], kind: RecordKind) throws -> Set<String> {
        for id in ids { try RecordValidation.checkID(id) }
        return try whileOpen {
            indexes.lock.withReadLock { Set(ids.filter { indexes.contains(kind, id: $0) }) }
        }
    }

    /// The stored record `id` of `kind`, or nil.
    public func record(id: String, kind: RecordKind) throws -> StoredRecord? {
        try RecordValidation.checkID(id)
        return try whileOpen {
            try database.get(StoreKeys.key(kind, id: id)).map { value in
                try withSegments(value.withUnsafeBytes { bytes in
                    try RecordCodec.decode(kind, id: id, bytes: bytes, header: RecordCodec.decodeHeader(bytes, key: id))
                })
            }
        }
    }

    /// Records of `kind` carrying every `filter` pair, in UTF-8 byte order of ids, `limit` per page,
    /// starting after the cursor `after`; the metadata is checked before the rest of a record is decoded.
    public func records(
        kind: RecordKind, after: String? = nil, limit: Int = 100, filter: [String: String] = [:]
    ) throws -> RecordPage {
        let (records, next) = try page(kind: kind, after: after, limit: limit) { id, value -> StoredRecord? in
            let header = try RecordCodec.decodeHeader(value, key: id)
            guard filter.allSatisfy({ header.metadata[$0.key] == $0.value }) else { return nil }
            return try RecordCodec.decode(kind, id: id, bytes: value, header: header)
        }
        return RecordPage(records: try whileOpen { try records.map(withSegments) }, nextCursor: next)
    }

    /// Ids of `kind` in UTF-8 byte order, `limit` per page, starting after the cursor `after`.
    public func list(kind: RecordKind, after: String? = nil, limit: Int = 100) throws -> Page {
        let (ids, next) = try page(kind: kind, after: after, limit: limit) { id, _ in id }
        return Page(ids: ids, nextCursor: next)
    }

    /// Ids of stored records made by another model (or of another dimension); pages like `list`.
    public func staleIDs(kind: RecordKind, after: String? = nil, limit: Int = 100) throws -> Page {
        let (ids, next) = try page(kind: kind, after: after, limit: limit) { id, value in
            isCurrent(try RecordCodec.decodeHeader(value, key: id)) ? nil : id
        }
        return Page(ids: ids, nextCursor: next)
    }

    /// Number of searchable records of `kind` (0 once closed).
    public func count(kind: RecordKind) -> Int {
        (try? whileOpen { indexes.lock.withReadLock { indexes.index(kind).count } }) ?? 0
    }

    /// Counts stored records made by the loaded model and by others, per kind (scans the database).
    public func fingerprintReport() throws -> FingerprintReport {
        var report = FingerprintReport(expected: modelFingerprint, current: [:], stale: [:])
        try whileOpen {
            for kind in RecordKind.allCases {
                var current = 0
                var stale = 0
                try database.scan(prefix: StoreKeys.prefix(kind), bulk: true) { key, value in
                    let id = String(decoding: key, as: UTF8.self)
                    if isCurrent(try RecordCodec.decodeHeader(value, key: id)) { current += 1 } else { stale += 1 }
                    return true
                }
                report.current[kind] = current
                report.stale[kind] = stale
            }
        }
        return report
    }

    func isCurrent(_ header: RecordHeader) -> Bool {
        header.fingerprint.utf8.elementsEqual(modelFingerprint.utf8) && header.dimension == configuration.dimension
    }

    /// Scans `kind`'s keys after `after`, keeping what `select` makes of each record (nil skips it) until
    /// `limit` are kept; returns them and the cursor to continue from (nil when the scan reached the end).
    private func page<Item>(
        kind: RecordKind, after: String?, limit: Int, select: (String, UnsafeRawBufferPointer) throws -> Item?
    ) throws -> ([Item], String?) {
        guard limit > 0 && limit <= StoreLimits.maxPageSize else { throw StoreError.invalidPageLimit(limit) }
        if let after { try RecordValidation.checkID(after) }
        var items: [Item] = []
        var lastID: String?
        var hasMore = false
        try whileOpen {
            try database.scan(prefix: StoreKeys.prefix(kind), after: after.map { Array($0.utf8) }) { key, value in
                guard let id = String(validating: key, as: UTF8.self) else {
                    throw StoreError.corruptRecord(key: String(decoding: key, as: UTF8.self), reason: "id is not UTF-8")
                }
                guard let item = try select(id, value) else { return true }
                if items.count == limit {
                    hasMore = true
                    return false
                }
                items.append(item)
                lastID = id
                return true
            }
        }
        return (items, hasMore ? lastID : nil)
    }
}
