import Foundation

// Record encoding, format version 1. All integers and floats little-endian.
//
//   u8   format version (1)
//   u8   kind: 1 = video, 2 = text
//   u16  F, then F bytes: model fingerprint (UTF-8)
//   u32  D, then D x f32: embedding as given (IEEE-754 bit patterns)
//   f64  ingest time, seconds since 2001-01-01 UTC (Foundation's reference date, exact round trip)
//   u32  M, then M x (u32 length + UTF-8 key, u32 length + UTF-8 value), keys ascending by bytes
//   video tail: f64 duration s, f64 frames/s, u32 length + UTF-8 origin, u32 N, N x u32 sampled frames
//   text tail:  u32 length + UTF-8 text
//
// Nothing may follow the tail. The id is not repeated: it is the key. Keys are "v/" + id, "t/" + id,
// and "m/schema" holds the schema version as u32 (2 since segments, "s/" keys in SegmentCodec.swift). RocksDB checksums blocks and WAL entries; the
// decoder checks structure (lengths, kind, version, trailing bytes) and throws on anything else.

/// Byte layout of keys: one prefix per kind plus the meta record.
enum StoreKeys {
    static let schema: [UInt8] = Array("m/schema".utf8)
    /// Schema version written by this build.
    static let schemaVersion: UInt32 = 2
    /// The schema before segments: a store of it holds no "s/" keys, so it opens as version 2 unchanged.
    static let upgradableSchemaVersion: UInt32 = 1

    static func prefix(_ kind: RecordKind) -> [UInt8] {
        switch kind {
        case .video: return Array("v/".utf8)
        case .text: return Array("t/".utf8)
        }
    }

    static func key(_ kind: RecordKind, id: String) -> [UInt8] {
        prefix(kind) + Array(id.utf8)
    }
}

/// The parts of a record the search index needs, decoded without building the full record.
struct RecordHeader {
    var kind: RecordKind
    var fingerprint: String
    var dimension: Int
    /// Byte offset of the first embedding float.
    var embeddingOffset: Int
    var ingestedAt: Date
    var metadata: [String: String]
    /// Byte offset where the kind-specific tail starts.
    var tailOffset: Int
}

/// Encodes and decodes records in format version 1 (layout above).
enum RecordCodec {
    static let formatVersion: UInt8 = 1

    static func encode(_ record: StoredRecord) -> [UInt8] {
        switch record {
        case .video(let video): return encode(video)
        case .text(let text): return encode(text)
        }
    }

    static func encode(_ record: VideoRecord) -> [UInt8] {
        var writer = ByteWriter()
        writeHeader(&writer, kind: 1, fingerprint: record.modelFingerprint, embedding: record.embedding,
                    ingestedAt: record.ingestedAt, metadata: record.metadata)
        writer.append(record.source.durationSeconds.bitPattern)
        writer.append(record.source.framesPerSecond.bitPattern)
        writer.appendString32(record.source.origin)
        writer.append(UInt32(record.source.sampledFrames.count))
        for frame in record.source.sampledFrames { writer.append(frame) }
        return writer.bytes
    }

    static func encode(_ record: TextRecord) -> [UInt8] {
        var writer = ByteWriter()
        writeHeader(&writer, kind: 2, fingerprint: record.modelFingerprint, embedding: record.embedding,
                    ingestedAt: record.ingestedAt, metadata: record.metadata)
        writer.appendString32(record.text)
        return writer.bytes
    }

    private static func writeHeader(
        _ writer: inout ByteWriter, kind: UInt8, fingerprint: String, embedding: [Float], ingestedAt: Date,
        metadata: [String: String]
    ) {
        writer.append(formatVersion)
        writer.append(kind)
        let fingerprintBytes = Array(fingerprint.utf8)
        writer.append(UInt16(fingerprintBytes.count))
        writer.bytes.append(contentsOf: fingerprintBytes)
        writer.append(UInt32(embedding.count))
        for value in embedding { writer.append(value.bitPattern) }
        writer.append(ingestedAt.timeIntervalSinceReferenceDate.bitPattern)
        let pairs = metadata.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        writer.append(UInt32(pairs.count))
        for (key, value) in pairs {
            writer.appendString32(key)
            writer.appendString32(value)
        }
    }

    /// Decodes the common header; `key` only labels errors.
    static func decodeHeader(_ bytes: UnsafeRawBufferPointer, key: String) throws -> RecordHeader {
        var reader = ByteReader(bytes: bytes, key: key)
        let version: UInt8 = try reader.read()
        guard version == formatVersion else { throw reader.corrupt("unknown record format version \(version)") }
        let kindByte: UInt8 = try reader.read()
        let kind: RecordKind
        switch kindByte {
        case 1: kind = .video
        case 2: kind = .text
        default: throw reader.corrupt("unknown record kind \(kindByte)")
        }
        let fingerprintLength: UInt16 = try reader.read()
        let fingerprint = try reader.readString(count: Int(fingerprintLength))
        let dimension = Int(try reader.read() as UInt32)
        let embeddingOffset = reader.offset
        try reader.skip(dimension * 4)
        let ingestedAt = Date(timeIntervalSinceReferenceDate: Double(bitPattern: try reader.read()))
        let pairCount = Int(try reader.read() as UInt32)
        guard pairCount <= StoreLimits.maxMetadataPairs else { throw reader.corrupt("\(pairCount) metadata pairs") }
        var metadata: [String: String] = [:]
        for _ in 0..<pairCount {
            let key = try reader.readString32()
            let value = try reader.readString32()
            guard metadata.updateValue(value, forKey: key) == nil else { throw reader.corrupt("duplicate metadata key") }
        }
        return RecordHeader(kind: kind, fingerprint: fingerprint, dimension: dimension, embeddingOffset: embeddingOffset,
                            ingestedAt: ingestedAt, metadata: metadata, tailOffset: reader.offset)
    }

    /// Reads the embedding floats of a decoded header.
    static func embedding(_ bytes: UnsafeRawBufferPointer, header: RecordHeader) -> [Float] {
        floats(bytes, offset: header.embeddingOffset, count: header.dimension)
    }

    /// `count` little-endian floats at `offset` (bounds checked by the caller's reader).
    static func floats(_ bytes: UnsafeRawBufferPointer, offset: Int, count: Int) -> [Float] {
        (0..<count).map { index in
            Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 4 * index, as: UInt32.self)))
        }
    }

    /// Decodes the stored record of `kind` whose header is `header` (its kind is checked against `kind`).
    static func decode(_ kind: RecordKind, id: String, bytes: UnsafeRawBufferPointer, header: RecordHeader) throws -> StoredRecord {
        switch kind {
        case .video: return .video(try decodeVideo(id: id, bytes: bytes, header: header))
        case .text: return .text(try decodeText(id: id, bytes: bytes, header: header))
        }
    }

    static func decodeVideo(id: String, bytes: UnsafeRawBufferPointer) throws -> VideoRecord {
        try decodeVideo(id: id, bytes: bytes, header: decodeHeader(bytes, key: id))
    }

    private static func decodeVideo(id: String, bytes: UnsafeRawBufferPointer, header: RecordHeader) throws -> VideoRecord {
        var reader = ByteReader(bytes: bytes, key: id, offset: header.tailOffset)
        guard header.kind == .video else { throw reader.corrupt("a text record under a video key") }
        let duration = Double(bitPattern: try reader.read())
        let fps = Double(bitPattern: try reader.read())
        let origin = try reader.readString32()
        let frames = try reader.readFrameNumbers()
        try reader.expectEnd()
        return VideoRecord(
            id: id, embedding: embedding(bytes, header: header), modelFingerprint: header.fingerprint,
            metadata: header.metadata,
            source: VideoSource(durationSeconds: duration, framesPerSecond: fps, sampledFrames: frames, origin: origin),
            ingestedAt: header.ingestedAt)
    }

    static func decodeText(id: String, bytes: UnsafeRawBufferPointer) throws -> TextRecord {
        try decodeText(id: id, bytes: bytes, header: decodeHeader(bytes, key: id))
    }

    private static func decodeText(id: String, bytes: UnsafeRawBufferPointer, header: RecordHeader) throws -> TextRecord {
        var reader = ByteReader(bytes: bytes, key: id, offset: header.tailOffset)
        guard header.kind == .text else { throw reader.corrupt("a video record under a text key") }
        let text = try reader.readString32()
        try reader.expectEnd()
        return TextRecord(id: id, text: text, embedding: embedding(bytes, header: header),
                          modelFingerprint: header.fingerprint, metadata: header.metadata, ingestedAt: header.ingestedAt)
    }

    /// A video record's duration in seconds, read from its tail.
    static func videoDuration(_ bytes: UnsafeRawBufferPointer, header: RecordHeader, key: String) throws -> Double {
        var reader = ByteReader(bytes: bytes, key: key, offset: header.tailOffset)
        return Double(bitPattern: try reader.read())
    }

    /// Checks that the kind-specific tail is well formed without building the record; returns a text record's text.
    static func checkTail(_ bytes: UnsafeRawBufferPointer, header: RecordHeader, key: String) throws -> String? {
        var reader = ByteReader(bytes: bytes, key: key, offset: header.tailOffset)
        var text: String?
        switch header.kind {
        case .video:
            try reader.skip(16)
            _ = try reader.readString32()
            let frameCount = Int(try reader.read() as UInt32)
            try reader.skip(frameCount * 4)
        case .text:
            text = try reader.readString32()
        }
        try reader.expectEnd()
        return text
    }
}

/// Appends little-endian values to a byte array.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func appendString32(_ string: String) {
        let utf8 = Array(string.utf8)
        append(UInt32(utf8.count))
        bytes.append(contentsOf: utf8)
    }
}

/// Reads little-endian values from a record, throwing `corruptRecord` on any overrun.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    let key: String
    var offset = 0

    func corrupt(_ reason: String) -> StoreError {
        StoreError.corruptRecord(key: key, reason: reason)
    }

    mutating func skip(_ count: Int) throws {
        guard count >= 0 && count <= bytes.count - offset else { throw corrupt("truncated at byte \(offset)") }
        offset += count
    }

    mutating func read<T: FixedWidthInteger>() throws -> T {
        let size = MemoryLayout<T>.size
        guard size <= bytes.count - offset else { throw corrupt("truncated at byte \(offset)") }
        let value = T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
        offset += size
        return value
    }

    mutating func readString(count: Int) throws -> String {
        let start = offset
        try skip(count)
        guard let string = String(validating: bytes[start..<offset], as: UTF8.self) else {
            throw corrupt("invalid UTF-8 at byte \(start)")
        }
        return string
    }

    mutating func readString32() throws -> String {
        let count = Int(try read() as UInt32)
        return try readString(count: count)
    }

    /// A u32 count, then that many u32 frame numbers (at most `StoreLimits.maxSampledFrames`).
    mutating func readFrameNumbers() throws -> [UInt32] {
        let frameCount = Int(try read() as UInt32)
        guard frameCount <= StoreLimits.maxSampledFrames else { throw corrupt("\(frameCount) sampled frames") }
        var frames: [UInt32] = []
        frames.reserveCapacity(frameCount)
        for _ in 0..<frameCount { frames.append(try read()) }
        return frames
    }

    func expectEnd() throws {
        guard offset == bytes.count else { throw corrupt("\(bytes.count - offset) unexpected trailing bytes") }
    }
}
