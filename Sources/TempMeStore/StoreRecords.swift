import Foundation

/// Which corpus a record belongs to: videos (searched by text) or texts (searched by video).
public enum RecordKind: String, Sendable, CaseIterable, Codable {
    case video
    case text
}

/// Where a video embedding came from: timing of the clip and the frames the encoder saw.
public struct VideoSource: Sendable, Equatable, Codable {
    /// Duration of the source video in seconds.
    public var durationSeconds: Double
    /// Frame rate of the source video.
    public var framesPerSecond: Double
    /// Indices of the frames that were sampled and encoded.
    public var sampledFrames: [UInt32]
    /// Where the bytes came from (a path, an upload name); may be empty.
    public var origin: String

    /// Describes a source clip.
    public init(durationSeconds: Double, framesPerSecond: Double, sampledFrames: [UInt32], origin: String = "") {
        self.durationSeconds = durationSeconds
        self.framesPerSecond = framesPerSecond
        self.sampledFrames = sampledFrames
        self.origin = origin
    }
}

/// One stored video: its embedding, the model that made it, user metadata and source info.
public struct VideoRecord: Sendable, Equatable {
    /// Caller-chosen id, NFC UTF-8, 1...`StoreLimits.maxIDBytes` bytes.
    public var id: String
    /// Embedding as produced by the encoder (stored as given; the search index keeps a normalized copy).
    public var embedding: [Float]
    /// Fingerprint of the model that produced the embedding.
    public var modelFingerprint: String
    /// User metadata as string pairs; keys are unique.
    public var metadata: [String: String]
    /// Source clip description.
    public var source: VideoSource
    /// Time of ingest.
    public var ingestedAt: Date
    /// Time windows of a long video, each with its own embedding, ascending by start; empty for a short video.
    /// They are stored, replaced and deleted together with the video, in the same atomic write.
    public var segments: [VideoSegment]

    /// Builds a video record.
    public init(
        id: String, embedding: [Float], modelFingerprint: String, metadata: [String: String] = [:],
        source: VideoSource, ingestedAt: Date = Date(), segments: [VideoSegment] = []
    ) {
        self.id = id
        self.embedding = embedding
        self.modelFingerprint = modelFingerprint
        self.metadata = metadata
        self.source = source
        self.ingestedAt = ingestedAt
        self.segments = segments
    }
}

/// One time window of a long video with its own embedding; it belongs to its video record.
public struct VideoSegment: Sendable, Equatable {
    /// Start of the window in seconds from the video's start.
    public var startSeconds: Double
    /// End of the window in seconds (after the start).
    public var endSeconds: Double
    /// Embedding of the window's own frames, as produced by the encoder.
    public var embedding: [Float]
    /// Indices (in the whole video) of the frames that were sampled and encoded for this window.
    public var sampledFrames: [UInt32]

    /// Describes a segment.
    public init(startSeconds: Double, endSeconds: Double, embedding: [Float], sampledFrames: [UInt32] = []) {
        self.startSeconds = startSeconds
        self.endSeconds = endSeconds
        self.embedding = embedding
        self.sampledFrames = sampledFrames
    }
}

/// One stored text: its embedding, the model that made it and user metadata (the video-to-text corpus).
public struct TextRecord: Sendable, Equatable {
    /// Caller-chosen id, NFC UTF-8, 1...`StoreLimits.maxIDBytes` bytes.
    public var id: String
    /// The text itself.
    public var text: String
    /// Embedding as produced by the text encoder.
    public var embedding: [Float]
    /// Fingerprint of the model that produced the embedding.
    public var modelFingerprint: String
    /// User metadata as string pairs.
    public var metadata: [String: String]
    /// Time of ingest.
    public var ingestedAt: Date

    /// Builds a text record.
    public init(
        id: String, text: String, embedding: [Float], modelFingerprint: String,
        metadata: [String: String] = [:], ingestedAt: Date = Date()
    ) {
        self.id = id
        self.text = text
        self.embedding = embedding
        self.modelFingerprint = modelFingerprint
        self.metadata = metadata
        self.ingestedAt = ingestedAt
    }
}

/// One stored record of either kind, as puts take and gets and listings return it.
public enum StoredRecord: Sendable, Equatable {
    /// A video record.
    case video(VideoRecord)
    /// A text record.
    case text(TextRecord)

    /// Which corpus the record belongs to.
    public var kind: RecordKind {
        switch self {
        case .video: return .video
        case .text: return .text
        }
    }

    /// The record's id.
    public var id: String {
        switch self {
        case .video(let video): return video.id
        case .text(let text): return text.id
        }
    }

    /// The embedding as stored.
    public var embedding: [Float] {
        switch self {
        case .video(let video): return video.embedding
        case .text(let text): return text.embedding
        }
    }

    /// Fingerprint of the model that made the record's embedding.
    public var modelFingerprint: String {
        switch self {
        case .video(let video): return video.modelFingerprint
        case .text(let text): return text.modelFingerprint
        }
    }

    /// The record's user metadata.
    public var metadata: [String: String] {
        switch self {
        case .video(let video): return video.metadata
        case .text(let text): return text.metadata
        }
    }

    /// The text of a text record; nil for videos.
    public var text: String? {
        if case .text(let text) = self { return text.text }
        return nil
    }
}

/// What a put did to one record.
public enum PutOutcome: Sendable, Equatable {
    /// No record with that id and kind existed.
    case created
    /// A record with that id and kind was overwritten.
    case replaced
}

/// One page of whole records in id byte order, with the cursor for the next page.
public struct RecordPage: Sendable, Equatable {
    /// Records on this page, ascending by id in UTF-8 byte order.
    public var records: [StoredRecord]
    /// Pass as `after:` to get the next page; nil when this is the last page.
    public var nextCursor: String?

    /// Builds a page.
    public init(records: [StoredRecord], nextCursor: String?) {
        self.records = records
        self.nextCursor = nextCursor
    }
}

/// One search result: the record id and its cosine similarity to the query.
public struct SearchHit: Sendable, Equatable {
    /// Id of the matching record.
    public var id: String
    /// Cosine similarity in [-1, 1].
    public var score: Float

    /// Builds a hit.
    public init(id: String, score: Float) {
        self.id = id
        self.score = score
    }
}

/// One page of ids in byte order, with the cursor for the next page.
public struct Page: Sendable, Equatable {
    /// Ids on this page, ascending in UTF-8 byte order.
    public var ids: [String]
    /// Pass as `after:` to get the next page; nil when this is the last page.
    public var nextCursor: String?

    /// Builds a page.
    public init(ids: [String], nextCursor: String?) {
        self.ids = ids
        self.nextCursor = nextCursor
    }
}

/// Whether a put may overwrite an existing record.
public enum WriteMode: Sendable {
    /// Insert, or replace an existing record with the same id.
    case createOrReplace
    /// Insert only; an existing id fails with `StoreError.alreadyExists`.
    case createOnly
}

/// How many stored records match the loaded model, per kind.
public struct FingerprintReport: Sendable, Equatable {
    /// The loaded model's fingerprint.
    public var expected: String
    /// Records made by the loaded model, per kind.
    public var current: [RecordKind: Int]
    /// Records made by another model (or of another dimension), per kind.
    public var stale: [RecordKind: Int]

    /// True when no stored record is stale.
    public var isClean: Bool { stale.values.allSatisfy { $0 == 0 } }
}
