import Foundation

/// Checks on ids, embeddings and metadata, applied before anything reaches the database.
enum RecordValidation {
    /// Accepts a non-empty, NFC, printable id of at most `StoreLimits.maxIDBytes` bytes.
    static func checkID(_ id: String) throws {
        let byteCount = id.utf8.count
        guard byteCount > 0 else { throw StoreError.emptyID }
        guard byteCount <= StoreLimits.maxIDBytes else {
            throw StoreError.idTooLong(byteCount: byteCount, limit: StoreLimits.maxIDBytes)
        }
        guard !id.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw StoreError.idHasControlCharacters(id: id)
        }
        // Swift's == is canonical equivalence, so compare bytes: ids are keys by their bytes.
        guard id.utf8.elementsEqual(id.precomposedStringWithCanonicalMapping.utf8) else {
            throw StoreError.idNotNormalized(id: id)
        }
    }

    /// Accepts an embedding of the store's dimension with finite, not all zero, values.
    static func checkEmbedding(_ embedding: [Float], dimension: Int) throws {
        guard embedding.count == dimension else {
            throw StoreError.wrongDimension(expected: dimension, got: embedding.count)
        }
        if let bad = embedding.firstIndex(where: { !$0.isFinite }) {
            throw StoreError.nonFiniteEmbedding(index: bad)
        }
        guard embedding.contains(where: { $0 != 0 }) else { throw StoreError.zeroEmbedding }
    }

    /// Accepts metadata within the pair, key and value limits.
    static func checkMetadata(_ metadata: [String: String]) throws {
        guard metadata.count <= StoreLimits.maxMetadataPairs else {
            throw StoreError.invalidMetadata(reason: "\(metadata.count) pairs, at most \(StoreLimits.maxMetadataPairs) allowed")
        }
        for (key, value) in metadata {
            guard !key.isEmpty else { throw StoreError.invalidMetadata(reason: "a key is empty") }
            guard key.utf8.count <= StoreLimits.maxMetadataKeyBytes else {
                throw StoreError.invalidMetadata(reason: "key \(key.prefix(32).debugDescription)... exceeds \(StoreLimits.maxMetadataKeyBytes) bytes")
            }
            guard value.utf8.count <= StoreLimits.maxMetadataValueBytes else {
                throw StoreError.invalidMetadata(reason: "value of \(key.debugDescription) exceeds \(StoreLimits.maxMetadataValueBytes) bytes")
            }
        }
    }

    /// Accepts a record fingerprint equal to the store's.
    static func checkFingerprint(_ fingerprint: String, store: String) throws {
        guard fingerprint.utf8.elementsEqual(store.utf8) else {
            throw StoreError.fingerprintMismatch(record: fingerprint, store: store)
        }
    }

    /// Full check of a video record.
    static func check(_ record: VideoRecord, configuration: StoreConfiguration) throws {
        try checkID(record.id)
        try checkEmbedding(record.embedding, dimension: configuration.dimension)
        try checkFingerprint(record.modelFingerprint, store: configuration.modelFingerprint)
        try checkMetadata(record.metadata)
        let source = record.source
        guard source.durationSeconds.isFinite && source.durationSeconds >= 0 else {
            throw StoreError.invalidSource(reason: "duration must be finite and non-negative")
        }
        guard source.framesPerSecond.isFinite && source.framesPerSecond >= 0 else {
            throw StoreError.invalidSource(reason: "frame rate must be finite and non-negative")
        }
        guard source.sampledFrames.count <= StoreLimits.maxSampledFrames else {
            throw StoreError.invalidSource(reason: "at most \(StoreLimits.maxSampledFrames) sampled frames")
        }
        guard source.origin.utf8.count <= StoreLimits.maxMetadataValueBytes else {
            throw StoreError.invalidSource(reason: "origin exceeds \(StoreLimits.maxMetadataValueBytes) bytes")
        }
        guard record.ingestedAt.timeIntervalSince1970.isFinite else {
            throw StoreError.invalidSource(reason: "ingest time must be finite")
        }
    }

    /// Full check of a text record.
    static func check(_ record: TextRecord, configuration: StoreConfiguration) throws {
        try checkID(record.id)
        try checkEmbedding(record.embedding, dimension: configuration.dimension)
        try checkFingerprint(record.modelFingerprint, store: configuration.modelFingerprint)
        try checkMetadata(record.metadata)
        let byteCount = record.text.utf8.count
        guard byteCount <= StoreLimits.maxTextBytes else {
            throw StoreError.textTooLong(byteCount: byteCount, limit: StoreLimits.maxTextBytes)
        }
        guard record.ingestedAt.timeIntervalSince1970.isFinite else {
            throw StoreError.invalidSource(reason: "ingest time must be finite")
        }
    }
}
