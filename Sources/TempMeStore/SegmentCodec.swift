import Foundation

// Segment records, format version 1 (little-endian, like RecordCodec's):
//
//   u8   format version (1)
//   u8   kind: 3 = video segment
//   u16  F, then F bytes: model fingerprint (UTF-8)
//   u32  D, then D x f32: embedding as given
//   f64  start seconds, f64 end seconds
//   u32  N, N x u32 sampled frames (indices in the whole video)
//
// Key: "s/" + video id + 0x00 + u32 big-endian segment number, so one video's segments are one key range
// in time order (ids hold no control characters, so no id is a prefix of another's range).

extension StoreKeys {
    static let segmentPrefix: [UInt8] = Array("s/".utf8)

    /// First key of `videoID`'s segment range: "s/" + id + 0x00.
    static func segmentRangeStart(videoID: String) -> [UInt8] {
        segmentPrefix + Array(videoID.utf8) + [0]
    }

    /// The key just past `videoID`'s segment range: "s/" + id + 0x01.
    static func segmentRangeEnd(videoID: String) -> [UInt8] {
        segmentPrefix + Array(videoID.utf8) + [1]
    }

    /// The key of segment `number` of `videoID`.
    static func segmentKey(videoID: String, number: Int) -> [UInt8] {
        var key = segmentRangeStart(videoID: videoID)
        withUnsafeBytes(of: UInt32(number).bigEndian) { key.append(contentsOf: $0) }
        return key
    }

    /// The video id and segment number of a key under `segmentPrefix` (given without the prefix); nil if malformed.
    static func parseSegmentKey(_ key: UnsafeRawBufferPointer) -> (videoID: String, number: Int)? {
        guard key.count >= 6, key[key.count - 5] == 0,
              let id = String(validating: key[0..<(key.count - 5)], as: UTF8.self), !id.isEmpty else { return nil }
        var number = 0
        for byte in key[(key.count - 4)...] { number = number << 8 | Int(byte) }
        return (id, number)
    }
}

/// Encodes and decodes segment records (layout above).
enum SegmentCodec {
    static let kindByte: UInt8 = 3

    static func encode(_ segment: VideoSegment, fingerprint: String) -> [UInt8] {
        var writer = ByteWriter()
        writer.append(RecordCodec.formatVersion)
        writer.append(kindByte)
        let fingerprintBytes = Array(fingerprint.utf8)
        writer.append(UInt16(fingerprintBytes.count))
        writer.bytes.append(contentsOf: fingerprintBytes)
        writer.append(UInt32(segment.embedding.count))
        for value in segment.embedding { writer.append(value.bitPattern) }
        writer.append(segment.startSeconds.bitPattern)
        writer.append(segment.endSeconds.bitPattern)
        writer.append(UInt32(segment.sampledFrames.count))
        for frame in segment.sampledFrames { writer.append(frame) }
        return writer.bytes
    }

    /// A decoded segment with where its embedding floats start in `bytes` and the fingerprint it carries.
    struct Decoded {
        var segment: VideoSegment
        var fingerprint: String
        var embeddingOffset: Int
    }

    /// Decodes a segment record; `key` only labels errors.
    static func decode(_ bytes: UnsafeRawBufferPointer, key: String) throws -> Decoded {
        var reader = ByteReader(bytes: bytes, key: key)
        let version: UInt8 = try reader.read()
        guard version == RecordCodec.formatVersion else { throw reader.corrupt("unknown segment format version \(version)") }
        let kind: UInt8 = try reader.read()
        guard kind == kindByte else { throw reader.corrupt("record kind \(kind) under a segment key") }
        let fingerprint = try reader.readString(count: Int(try reader.read() as UInt16))
        let dimension = Int(try reader.read() as UInt32)
        let embeddingOffset = reader.offset
        try reader.skip(dimension * 4)
        let start = Double(bitPattern: try reader.read())
        let end = Double(bitPattern: try reader.read())
        let frames = try reader.readFrameNumbers()
        try reader.expectEnd()
        let embedding = RecordCodec.floats(bytes, offset: embeddingOffset, count: dimension)
        return Decoded(segment: VideoSegment(startSeconds: start, endSeconds: end, embedding: embedding, sampledFrames: frames),
                       fingerprint: fingerprint, embeddingOffset: embeddingOffset)
    }
}
