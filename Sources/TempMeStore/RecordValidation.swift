import Foundation

/// The record rules (ids, metadata, text sizes, embeddings), applied before anything reaches the database;
/// request handling checks its fields with the same public rules (`StoreError.message(naming:)` words them).
public enum RecordValidation {
    /// Accepts a non-empty, NFC, printable id of at most `StoreLimits.maxIDBytes` bytes.
    public static func checkID(_ id: String) throws(StoreError) {
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
    public static func checkEmbedding(_ embedding: [Float], dimension: Int) throws(StoreError) {
        guard embedding.count == dimension else {
            throw StoreError.wrongDimension(expected: dimension, got: embedding.count)
        }
        if let bad = embedding.firstIndex(where: { !$0.isFinite }) {
            throw StoreError.nonFiniteEmbedding(index: bad)
        }
        guard embedding.contains(where: { $0 != 0 }) else { throw StoreError.zeroEmbedding }
    }

    /// Accepts metadata within the pair, key and value limits.
    public static func checkMetadata(_ metadata: [String: String]) throws(StoreError) {
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
    static func checkFingerprint(_ fingerprint: String, store: String) throws(StoreError) {
        guard fingerprint.utf8.elementsEqual(store.utf8) else {
            throw StoreError.fingerprintMismatch(record: fingerprint, store: store)
        }
    }

    /// Accepts a text of at most `limit` UTF-8 bytes (the store's own limit unless a caller sets a lower one).
    public static func checkText(_ text: String, limit: Int = StoreLimits.maxTextBytes) throws(StoreError) {
        let byteCount = text.utf8.count
        guard byteCount <= limit else { throw StoreError.textTooLong(byteCount: byteCount, limit: limit) }
    }

    /// Full check of a record of either kind.
    public static func check(_ record: StoredRecord, configuration: StoreConfiguration) throws {
        switch record {
        case .video(let video): try check(video, configuration: configuration)
        case .text(let text): try check(text, configuration: configuration)
        }
    }

    /// Full check of a video record.
    private static func check(_ record: VideoRecord, configuration: StoreConfiguration) throws {
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
        try checkSegments(record.segments, dimension: configuration.dimension)
    }

    /// Accepts at most `StoreLimits.maxSegments` segments, ascending by start, each a valid span with a valid embedding.
    private static func checkSegments(_ segments: [VideoSegment], dimension: Int) throws {
        guard segments.count <= StoreLimits.maxSegments else {
            throw StoreError.invalidSource(reason: "\(segments.count) segments, at most \(StoreLimits.maxSegments) allowed")
        }
        var previousStart = 0.0
        for (number, segment) in segments.enumerated() {
            try checkEmbedding(segment.embedding, dimension: dimension)
            guard segment.startSeconds.isFinite, segment.endSeconds.isFinite, segment.startSeconds >= 0,
                  segment.endSeconds > segment.startSeconds else {
                throw StoreError.invalidSource(reason: "segment \(number) must span finite seconds from start >= 0 to a later end")
            }
            guard segment.startSeconds >= previousStart else {
                throw StoreError.invalidSource(reason: "segment \(number) starts before segment \(number - 1): segments go in time order")
            }
            guard segment.sampledFrames.count <= StoreLimits.maxSampledFrames else {
                throw StoreError.invalidSource(reason: "segment \(number) has more than \(StoreLimits.maxSampledFrames) sampled frames")
            }
            previousStart = segment.startSeconds
        }
    }

    /// Full check of a text record.
    private static func check(_ record: TextRecord, configuration: StoreConfiguration) throws {
        try checkID(record.id)
        try checkEmbedding(record.embedding, dimension: configuration.dimension)
        try checkFingerprint(record.modelFingerprint, store: configuration.modelFingerprint)
        try checkMetadata(record.metadata)
        try checkText(record.text)
        guard record.ingestedAt.timeIntervalSince1970.isFinite else {
            throw StoreError.invalidSource(reason: "ingest time must be finite")
        }
    }
}

extension StoreError {
    /// This failure worded for the checked value `field` (e.g. "texts[3].id"); for a broken record rule
    /// (id, metadata, text size) the sentence starts with `field`, any other failure keeps its description.
    public func message(naming field: String) -> String {
        switch self {
        case .emptyID:
            return "\(field) is empty; give a non-empty UTF-8 id"
        case .idTooLong(let count, let limit):
            return "\(field) is \(count) bytes of UTF-8; ids may be at most \(limit) bytes"
        case .idHasControlCharacters(let id):
            return "\(field) \(id.debugDescription) contains control characters; use printable text"
        case .idNotNormalized(let id):
            return "\(field) \(id.debugDescription) is not in Unicode NFC; normalize it (NFC) first"
        case .invalidMetadata(let reason):
            return "\(field) rejected: \(reason)"
        case .textTooLong(let count, let limit):
            return "\(field) is \(count) bytes; texts may be at most \(limit) bytes"
        default:
            return description
        }
    }
}
