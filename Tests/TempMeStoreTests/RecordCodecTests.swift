import Foundation
import Testing
@testable import TempMeStore

/// The encoding matches an independent Python encoder and the decoder rejects malformed bytes.
@Suite struct RecordCodecTests {
    struct Golden: Decodable {
        struct Video: Decodable {
            struct Record: Decodable {
                var fingerprint: String, embedding: [Float], ingested_at: Double, metadata: [String: String]
                var duration: Double, fps: Double, origin: String, frames: [UInt32]
            }
            var record: Record
            var hex: String
        }
        struct Text: Decodable {
            struct Record: Decodable {
                var fingerprint: String, embedding: [Float], ingested_at: Double, metadata: [String: String], text: String
            }
            var record: Record
            var hex: String
        }
        var video: Video
        var text: Text
    }

    static func golden() throws -> Golden {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reference/record_golden.json")
        return try JSONDecoder().decode(Golden.self, from: Data(contentsOf: url))
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    static func goldenVideo(_ g: Golden.Video.Record) -> VideoRecord {
        VideoRecord(id: "clip-1", embedding: g.embedding, modelFingerprint: g.fingerprint, metadata: g.metadata,
                    source: VideoSource(durationSeconds: g.duration, framesPerSecond: g.fps, sampledFrames: g.frames, origin: g.origin),
                    ingestedAt: Date(timeIntervalSinceReferenceDate: g.ingested_at))
    }

    @Test func videoBytesMatchPythonReference() throws {
        let golden = try Self.golden()
        let record = Self.goldenVideo(golden.video.record)
        let bytes = RecordCodec.encode(record)
        #expect(Self.hex(bytes) == golden.video.hex)
        let decoded = try bytes.withUnsafeBytes { try RecordCodec.decodeVideo(id: "clip-1", bytes: $0) }
        #expect(decoded == record)
    }

    @Test func textBytesMatchPythonReference() throws {
        let golden = try Self.golden()
        let g = golden.text.record
        let record = TextRecord(id: "t-1", text: g.text, embedding: g.embedding, modelFingerprint: g.fingerprint,
                                metadata: g.metadata, ingestedAt: Date(timeIntervalSinceReferenceDate: g.ingested_at))
        let bytes = RecordCodec.encode(record)
        #expect(Self.hex(bytes) == golden.text.hex)
        let decoded = try bytes.withUnsafeBytes { try RecordCodec.decodeText(id: "t-1", bytes: $0) }
        #expect(decoded == record)
    }

    @Test func malformedBytesAreTypedErrors() throws {
        let bytes = RecordCodec.encode(Self.goldenVideo(try Self.golden().video.record))
        for cut in [0, 1, 5, 20, bytes.count - 1] {
            #expect(throws: StoreError.self) { try Array(bytes.prefix(cut)).withUnsafeBytes { try RecordCodec.decodeVideo(id: "x", bytes: $0) } }
        }
        #expect(throws: StoreError.self) { try (bytes + [0]).withUnsafeBytes { try RecordCodec.decodeVideo(id: "x", bytes: $0) } }
        var wrongVersion = bytes
        wrongVersion[0] = 9
        #expect(throws: StoreError.self) { try wrongVersion.withUnsafeBytes { try RecordCodec.decodeVideo(id: "x", bytes: $0) } }
        #expect(throws: StoreError.self) { try bytes.withUnsafeBytes { try RecordCodec.decodeText(id: "x", bytes: $0) } }
    }
}
