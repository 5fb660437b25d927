// Reading a video's segment records back (they are written and deleted with the video, in MutationCommit).
import Foundation

extension EmbeddingStore {
    /// `record` with its segments read from the database when it is a video; callers hold the store open.
    func withSegments(_ record: StoredRecord) throws -> StoredRecord {
        guard case .video(var video) = record else { return record }
        let knownWhole = indexes.lock.withReadLock {  // searchable and without segments: no read needed
            indexes.index(.video).row(of: video.id) != nil && indexes.segmentRows(ofVideo: video.id).isEmpty
        }
        video.segments = knownWhole ? [] : try segments(ofVideo: video.id)
        return .video(video)
    }

    /// The stored segments of `videoID` in time order (empty for a short video).
    func segments(ofVideo videoID: String) throws -> [VideoSegment] {
        var segments: [VideoSegment] = []
        try database.scan(prefix: StoreKeys.segmentRangeStart(videoID: videoID)) { key, value in
            segments.append(try SegmentCodec.decode(value, key: "segment \(segments.count) of \(videoID)").segment)
            return true
        }
        return segments
    }

    /// Number of searchable segments (0 once closed).
    public func segmentCount() -> Int {
        (try? whileOpen { indexes.lock.withReadLock { indexes.segments.count } }) ?? 0
    }
}
