import Foundation

extension EmbeddingStore {
    /// Stores one video durably (synced WAL) and makes it searchable.
    public func putVideo(_ record: VideoRecord, mode: WriteMode = .createOrReplace) throws {
        try putVideos([record], mode: mode)
    }

    /// Stores several videos atomically (all or none) in one synced write.
    public func putVideos(_ records: [VideoRecord], mode: WriteMode = .createOrReplace) throws {
        let mutations = try records.map { record -> StoreMutation in
            try RecordValidation.check(record, configuration: configuration)
            return .put(kind: .video, id: record.id, value: RecordCodec.encode(record), embedding: record.embedding,
                        metadata: record.metadata, mode: mode)
        }
        _ = try submit(mutations)
    }

    /// Stores one text durably and makes it searchable.
    public func putText(_ record: TextRecord, mode: WriteMode = .createOrReplace) throws {
        try putTexts([record], mode: mode)
    }

    /// Stores several texts atomically in one synced write.
    public func putTexts(_ records: [TextRecord], mode: WriteMode = .createOrReplace) throws {
        let mutations = try records.map { record -> StoreMutation in
            try RecordValidation.check(record, configuration: configuration)
            return .put(kind: .text, id: record.id, value: RecordCodec.encode(record), embedding: record.embedding,
                        metadata: record.metadata, mode: mode)
        }
        _ = try submit(mutations)
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

    /// The stored video with `id`, or nil.
    public func video(id: String) throws -> VideoRecord? {
        try RecordValidation.checkID(id)
        return try whileOpen {
            try database.get(StoreKeys.key(.video, id: id)).map { value in
                try value.withUnsafeBytes { try RecordCodec.decodeVideo(id: id, bytes: $0) }
            }
        }
    }

    /// The stored text with `id`, or nil.
    public func text(id: String) throws -> TextRecord? {
        try RecordValidation.checkID(id)
        return try whileOpen {
            try database.get(StoreKeys.key(.text, id: id)).map { value in
                try value.withUnsafeBytes { try RecordCodec.decodeText(id: id, bytes: $0) }
            }
        }
    }

    /// Ids of `kind` in UTF-8 byte order, `limit` per page, starting after the cursor `after`.
    public func list(kind: RecordKind, after: String? = nil, limit: Int = 100) throws -> Page {
        try page(kind: kind, after: after, limit: limit) { _, _ in true }
    }

    /// Ids of stored records made by another model (or of another dimension); pages like `list`.
    public func staleIDs(kind: RecordKind, after: String? = nil, limit: Int = 100) throws -> Page {
        try page(kind: kind, after: after, limit: limit) { id, value in
            !isCurrent(try RecordCodec.decodeHeader(value, key: id))
        }
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

    private func page(
        kind: RecordKind, after: String?, limit: Int, where include: (String, UnsafeRawBufferPointer) throws -> Bool
    ) throws -> Page {
        guard limit > 0 && limit <= StoreLimits.maxPageSize else { throw StoreError.invalidPageLimit(limit) }
        if let after { try RecordValidation.checkID(after) }
        var ids: [String] = []
        var hasMore = false
        try whileOpen {
            try database.scan(prefix: StoreKeys.prefix(kind), after: after.map { Array($0.utf8) }) { key, value in
                guard let id = String(validating: key, as: UTF8.self) else {
                    throw StoreError.corruptRecord(key: String(decoding: key, as: UTF8.self), reason: "id is not UTF-8")
                }
                guard try include(id, value) else { return true }
                if ids.count == limit {
                    hasMore = true
                    return false
                }
                ids.append(id)
                return true
            }
        }
        return Page(ids: ids, nextCursor: hasMore ? ids.last : nil)
    }
}
