// Segments of long videos as rows of the collection beside their video's row, and how to tell the
// segments of a video's latest write from rows an interrupted write left behind.
import Foundation
import MilvusProto
import TempMeStore

/// The row layout of segments: kind `segment`, the video's id, metadata, fingerprint and ingest time, the
/// segment's own embedding, and its number and span in the source cell.
enum MilvusSegmentRows {
    /// The `kind` of segment rows.
    static let kind = "segment"

    /// Primary key of segment `number` of video `videoID`; a video's segment keys sort in time order.
    static func key(videoID: String, number: Int) -> String {
        "\(kind)/\(videoID)/" + String(format: "%06d", number)
    }

    /// Segment rows only.
    static var kindExpression: String { "\(MilvusSchema.Field.kind) == \(MilvusExpression.literal(kind))" }

    /// The rows of `video`'s segments, carrying the video's metadata (as JSON), fingerprint and ingest time.
    static func rows(of video: VideoRecord, metadata: Data) throws -> [MilvusRow] {
        try video.segments.enumerated().map { number, segment in
            let cell = SegmentCell(number: number, startSeconds: segment.startSeconds, endSeconds: segment.endSeconds,
                                   sampledFrames: segment.sampledFrames)
            return MilvusRow(key: key(videoID: video.id, number: number), kind: kind, id: video.id, embedding: segment.embedding,
                             fingerprint: video.modelFingerprint, text: "", metadata: metadata,
                             source: try MilvusRows.json(cell, what: "segment source"),
                             ingestedAt: video.ingestedAt.timeIntervalSince1970)
        }
    }

    /// A video row's source cell: the video's source fields and how many segment rows its write made.
    static func videoSourceCell(_ source: VideoSource, segmentCount: Int) throws -> Data {
        try MilvusRows.json(VideoSourceCell(source: source, segmentCount: segmentCount), what: "source")
    }

    /// What a video row says of its segments: the write that made it (its ingest time as stored) and how many.
    struct Generation: Equatable {
        /// The video row's stored ingest time; its segments carry the same.
        var ingestedAt: Double
        /// How many segments that write made (numbered from 0).
        var segmentCount: Int
    }

    /// The generation of each row of a query answer with `source` and `ingested_at` columns (video rows).
    static func generations(_ columns: [Milvus_Proto_Schema_FieldData], operation: String) throws -> [Generation] {
        let reader = ColumnReader(columns, operation: operation)
        let sources = try reader.json(MilvusSchema.Field.source), times = try reader.doubles(MilvusSchema.Field.ingestedAt)
        guard sources.count == times.count else {
            throw MilvusFailure.malformedResponse(operation: operation, reason: "\(sources.count) sources for \(times.count) times")
        }
        return try zip(sources, times).map { source, time in
            let cell: SegmentCountCell = try MilvusRows.decode(source, operation: operation)
            return Generation(ingestedAt: time, segmentCount: cell.segmentCount ?? 0)
        }
    }

    /// One stored segment row, decoded.
    struct StoredSegment {
        /// The video it belongs to.
        var videoID: String
        /// Its number within the video's write.
        var number: Int
        /// The ingest time of the write that made it.
        var ingestedAt: Double
        /// The segment.
        var segment: VideoSegment
    }

    /// Query columns the segment rows are read from.
    static let fields = [MilvusSchema.Field.id, MilvusSchema.Field.embedding, MilvusSchema.Field.source, MilvusSchema.Field.ingestedAt]

    /// Segment rows of a query answer over `fields`.
    static func segments(_ columns: [Milvus_Proto_Schema_FieldData], operation: String) throws -> [StoredSegment] {
        let reader = ColumnReader(columns, operation: operation)
        guard reader.has(MilvusSchema.Field.id) else { return [] }
        let ids = try reader.strings(MilvusSchema.Field.id), vectors = try reader.vectors(MilvusSchema.Field.embedding)
        let sources = try reader.json(MilvusSchema.Field.source), times = try reader.doubles(MilvusSchema.Field.ingestedAt)
        guard [vectors.count, sources.count, times.count].allSatisfy({ $0 == ids.count }) else {
            throw MilvusFailure.malformedResponse(operation: operation, reason: "segment columns of different lengths")
        }
        return try ids.indices.map { row in
            let cell: SegmentCell = try MilvusRows.decode(sources[row], operation: operation)
            return StoredSegment(
                videoID: ids[row], number: cell.number, ingestedAt: times[row],
                segment: VideoSegment(startSeconds: cell.startSeconds, endSeconds: cell.endSeconds, embedding: vectors[row],
                                      sampledFrames: cell.sampledFrames))
        }
    }

    /// Whether `stored` was made by the write `generation` describes (a row an interrupted replace left is not).
    static func belongs(_ stored: StoredSegment, to generation: Generation) -> Bool {
        stored.ingestedAt == generation.ingestedAt && stored.number < generation.segmentCount
    }

    /// Segment rows of `videoID` that its latest write (`generation`) did not make.
    static func staleExpression(videoID: String, generation: Generation) -> String {
        typealias F = MilvusSchema.Field
        return MilvusExpression.all([
            kindExpression, "\(F.id) == \(MilvusExpression.literal(videoID))",
            "\(F.ingestedAt) != \(generation.ingestedAt) or \(F.source)[\"number\"] >= \(generation.segmentCount)",
        ])
    }

    /// A segment row's source cell.
    private struct SegmentCell: Codable {
        var number: Int
        var startSeconds: Double
        var endSeconds: Double
        var sampledFrames: [UInt32]

        enum CodingKeys: String, CodingKey {
            case number, startSeconds = "start_seconds", endSeconds = "end_seconds", sampledFrames = "sampled_frames"
        }
    }

    /// A video row's source cell: `VideoSource`'s own keys plus `segment_count` (absent in rows older than segments).
    private struct VideoSourceCell: Encodable {
        var source: VideoSource
        var segmentCount: Int

        func encode(to encoder: any Encoder) throws {
            try source.encode(to: encoder)
            var container = encoder.container(keyedBy: SegmentCountCell.CodingKeys.self)
            try container.encode(segmentCount, forKey: .segmentCount)
        }
    }

    /// The segment count of a video row's source cell.
    private struct SegmentCountCell: Decodable {
        var segmentCount: Int?

        enum CodingKeys: String, CodingKey { case segmentCount = "segment_count" }
    }
}

extension StoredRecord {
    /// Rows a record's segments take beside its own (0 for texts and short videos).
    var segmentRowCount: Int {
        if case .video(let video) = self { video.segments.count } else { 0 }
    }
}
