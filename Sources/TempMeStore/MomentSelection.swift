// Which segment of a video a query "from this moment" uses, and a video hit's best moments: one rule for
// every backend.

/// The rules that turn a video's segments into moments.
public enum MomentSelection {
    /// The index in `segments` (time order) of the segment a query from `seconds` into video `videoID` uses: among
    /// the segments holding that time, the one centred nearest it; if none holds it, the nearest centre; nil for a
    /// video without segments (its whole embedding is used). A time outside 0...`durationSeconds` is refused.
    public static func segmentIndex(at seconds: Double, of segments: [VideoSegment], videoID: String, durationSeconds: Double) throws -> Int? {
        guard seconds.isFinite, seconds >= 0, seconds <= durationSeconds else {
            throw StoreError.invalidQuery(reason: "\(seconds) s is outside video \(videoID.debugDescription) (0 to \(durationSeconds) s)")
        }
        let holding = segments.indices.filter { segments[$0].startSeconds <= seconds && seconds <= segments[$0].endSeconds }
        let centre = { (index: Int) in abs((segments[index].startSeconds + segments[index].endSeconds) / 2 - seconds) }
        return (holding.isEmpty ? Array(segments.indices) : holding).min { centre($0) < centre($1) }
    }

    /// The `count` best of `moments`: highest score first, ties to the earlier start.
    public static func best(_ moments: [MomentHit], count: Int) -> [MomentHit] {
        Array(moments.sorted { ($0.score, -$0.startSeconds) > ($1.score, -$1.startSeconds) }.prefix(count))
    }
}
