// What the Milvus backend does with segments of long videos: not yet stored there, refused loudly.
import TempMeStore

extension MilvusStore {
    /// Segments are not stored in Milvus yet, so there are none.
    public func segmentCount() -> Int { 0 }

    /// Refuses video records that carry segments (a long video): the Milvus backend stores whole videos only.
    func refuseSegments(_ records: [StoredRecord]) throws {
        for case .video(let video) in records where !video.segments.isEmpty {
            throw StoreError.unsupported(
                operation: "storing the \(video.segments.count) segments of video \(video.id.debugDescription)",
                reason: "the Milvus backend keeps whole videos only; set ingest.segment_min_video_seconds = 0 to turn segmenting off")
        }
    }

    /// Refuses a query from a moment of a video (segments are not stored in Milvus).
    func refuseMomentSource(_ query: StoreQuery) throws {
        guard query.sourceSeconds == nil else {
            throw StoreError.unsupported(operation: "a query from a moment of a video",
                                         reason: "the Milvus backend keeps no segments")
        }
    }
}
