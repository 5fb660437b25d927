// Segments of long videos on the Milvus backend: written in the same Upsert as their video, read back
// with it, removed with it; rows an interrupted replace left behind are never read and are cleaned up.
import Foundation
import MilvusProto
import TempMeStore

extension MilvusStore {
    /// Segment rows in the collection (rows an interrupted replace left, until cleaned up, included).
    public func segmentCount() throws -> Int {
        try milvus { try countRows(MilvusSegmentRows.kindExpression) }
    }

    /// `found` with each video's segments of its latest write attached, in time order.
    func attachingSegments(_ found: [(record: StoredRecord, generation: MilvusSegmentRows.Generation?)]) throws -> [StoredRecord] {
        var generations: [String: MilvusSegmentRows.Generation] = [:]
        for entry in found {
            if case .video(let video) = entry.record, let generation = entry.generation, generation.segmentCount > 0 {
                generations[video.id] = generation
            }
        }
        let segments = try segments(of: generations)
        return found.map { entry in
            guard case .video(var video) = entry.record, let list = segments[video.id] else { return entry.record }
            video.segments = list
            return .video(video)
        }
    }

    /// The segments of each video in `generations` that its latest write made, in time order.
    func segments(of generations: [String: MilvusSegmentRows.Generation]) throws -> [String: [VideoSegment]] {
        var result: [String: [VideoSegment]] = [:]
        let ids = generations.keys.sorted()
        for start in stride(from: 0, to: ids.count, by: 100) {
            let batch = ids[start..<min(ids.count, start + 100)]
            let expression = MilvusExpression.all([
                MilvusSegmentRows.kindExpression,
                "\(MilvusSchema.Field.id) in [\(batch.map(MilvusExpression.literal).joined(separator: ", "))]",
            ])
            let answer = try queryColumns(expression, fields: MilvusSegmentRows.fields, limit: nil)
            for stored in try MilvusSegmentRows.segments(answer.fieldsData, operation: "query") {
                guard let generation = generations[stored.videoID], MilvusSegmentRows.belongs(stored, to: generation) else { continue }
                result[stored.videoID, default: []].append(stored.segment)
            }
        }
        for (id, list) in result {
            result[id] = list.sorted { ($0.startSeconds, $0.endSeconds) < ($1.startSeconds, $1.endSeconds) }
        }
        return result
    }

    /// Deletes the segment rows of the replaced `videos` that their write just now did not make. Best
    /// effort: a leftover is never read, and the next write or delete of its video removes it.
    func deleteStaleSegments(of videos: [VideoRecord]) {
        guard !videos.isEmpty else { return }
        let clauses = videos.map { video in
            MilvusSegmentRows.staleExpression(
                videoID: video.id,
                generation: .init(ingestedAt: video.ingestedAt.timeIntervalSince1970, segmentCount: video.segments.count))
        }
        var request = Milvus_Proto_Milvus_DeleteRequest()
        request.collectionName = settings.collection
        request.expr = clauses.map { "(\($0))" }.joined(separator: " or ")
        _ = try? connection.call(Method.delete, request, as: Milvus_Proto_Milvus_MutationResult.self)
    }

    /// The expression deleting video `id` and every segment row of it, in one Delete call.
    static func videoAndSegments(_ id: String) -> String {
        let segments = MilvusExpression.all([MilvusSegmentRows.kindExpression, "\(MilvusSchema.Field.id) == \(MilvusExpression.literal(id))"])
        return "(\(MilvusExpression.keys([MilvusRows.key(id, kind: .video)]))) or (\(segments))"
    }
}
