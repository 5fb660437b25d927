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

    /// Describes a query.
    public init(source: QuerySource, target: RecordKind, k: Int, filter: [String: String] = [:]) {
        self.source = source
        self.target = target
        self.k = k
        self.filter = filter
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

    /// Builds a hit.
    public init(id: String, kind: RecordKind, score: Float, metadata: [String: String], text: String? = nil) {
        self.id = id
        self.kind = kind
        self.score = score
        self.metadata = metadata
        self.text = text
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
