// A whole query as a store answers it: text-to-video, video-to-text and video-to-video are one shape.

/// What a query ranks against: an embedding, or the embedding of a stored record.
public enum QuerySource: Sendable, Equatable {
    /// An embedding of the store's dimension (e.g. an encoded query text); normalized by the store.
    case vector([Float])
    /// The stored record `id` of `kind`; it is left out of its own results when `kind` is the target kind.
    case record(id: String, kind: RecordKind)
}

/// Exact top-k records of one kind by cosine similarity to a source, among those carrying every filter pair.
public struct StoreQuery: Sendable, Equatable {
    /// What the records are ranked against.
    public var source: QuerySource
    /// Which corpus is searched.
    public var target: RecordKind
    /// Most hits to return (0 or more).
    public var k: Int
    /// Metadata pairs a record must carry to be a candidate; empty matches every record.
    public var filter: [String: String]
    /// How a video with segments is scored (video targets only).
    public var aggregation: SegmentAggregation
    /// Best moments each video hit carries (0: none), at most `StoreLimits.maxMoments`.
    public var moments: Int
    /// With a `.record` video source: rank against the video's segment at this time (seconds), not the whole video.
    public var sourceSeconds: Double?

    /// Describes a query.
    public init(
        source: QuerySource, target: RecordKind, k: Int, filter: [String: String] = [:],
        aggregation: SegmentAggregation = .bestSegment, moments: Int = 0, sourceSeconds: Double? = nil
    ) {
        self.source = source
        self.target = target
        self.k = k
        self.filter = filter
        self.aggregation = aggregation
        self.moments = moments
        self.sourceSeconds = sourceSeconds
    }
}

/// How a video's score comes from its whole-video embedding and its segments' embeddings.
public enum SegmentAggregation: String, Sendable, Equatable, CaseIterable {
    /// The best segment's score (the whole video's for a video without segments).
    case bestSegment = "best_segment"
    /// The mean of the best segment's score and the whole video's.
    case blend
    /// The whole video's score only, with the whole video as its one moment: indexing without segments.
    case wholeVideo = "whole_video"
}

/// A time span of a video hit and how well it matched.
public struct MomentHit: Sendable, Equatable {
    /// Start in seconds.
    public var startSeconds: Double
    /// End in seconds.
    public var endSeconds: Double
    /// Cosine similarity of the span's embedding to the query.
    public var score: Float

    /// Builds a moment.
    public init(startSeconds: Double, endSeconds: Double, score: Float) {
        self.startSeconds = startSeconds
        self.endSeconds = endSeconds
        self.score = score
    }
}

/// One hit of a query, with what a caller shows of the record, read in the same snapshot as its score.
public struct RecordHit: Sendable, Equatable {
    /// Id of the matching record.
    public var id: String
    /// Corpus of the matching record (the query's target).
    public var kind: RecordKind
    /// Cosine similarity in [-1, 1].
    public var score: Float
    /// The record's user metadata.
    public var metadata: [String: String]
    /// The text of a text record; nil for videos.
    public var text: String?
    /// A video hit's best moments, best first (as many as the query asked for and the video has).
    public var moments: [MomentHit]

    /// Builds a hit.
    public init(
        id: String, kind: RecordKind, score: Float, metadata: [String: String], text: String? = nil, moments: [MomentHit] = []
    ) {
        self.id = id
        self.kind = kind
        self.score = score
        self.metadata = metadata
        self.text = text
        self.moments = moments
    }
}

/// The answer to a `StoreQuery`: the hits, best first (ties by id ascending), and how many records competed.
public struct QueryResult: Sendable, Equatable {
    /// Exactly min(k, candidates) hits, best first.
    public var hits: [RecordHit]
    /// Records of the target kind that matched the filter (the source record left out), in the searched snapshot.
    public var candidates: Int

    /// Builds an answer.
    public init(hits: [RecordHit], candidates: Int) {
        self.hits = hits
        self.candidates = candidates
    }
}
