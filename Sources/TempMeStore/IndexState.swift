// What the store keeps in memory, mirroring the database: the search indexes (videos, texts, and the
// segments of long videos), the ids stored but left out of search, and the lock that guards them.

import TempMeBasics
import TempMeKernels

/// The in-memory state that answers queries and existence checks without reading the database.
///
/// Every stored key is either a row of its kind's `VectorIndex` or an unsearchable id (made by another
/// model and excluded at open, or of another dimension); a searchable video's segments are rows of
/// `segments`, tied to their video by an owner slot. Searches hold `lock` shared; the group-commit
/// leader plans a batch holding it shared and applies the committed batch holding it exclusively.
final class IndexState: @unchecked Sendable {
    let lock = ReadWriteLock()
    private let videos: VectorIndex
    private let texts: VectorIndex
    /// Segment rows (ids "video id" + NUL + number); never reported as hits themselves.
    let segments: VectorIndex
    private var unsearchable: [RecordKind: Set<String>]
    private var slotOfVideo: [String: Int32] = [:]
    /// Segments per owner slot (0 for a free slot).
    private(set) var segmentCounts: [Int] = []
    private var freeSlots: [Int32] = []

    init(videos: VectorIndex, texts: VectorIndex, segments: VectorIndex, unsearchable: [RecordKind: Set<String>]) {
        self.videos = videos
        self.texts = texts
        self.segments = segments
        self.unsearchable = unsearchable
    }

    /// The index of `kind`; callers hold `lock`.
    func index(_ kind: RecordKind) -> VectorIndex {
        switch kind {
        case .video: return videos
        case .text: return texts
        }
    }

    /// Whether the record `id` of `kind` is stored, searchable or not; callers hold `lock`.
    func contains(_ kind: RecordKind, id: String) -> Bool {
        index(kind).row(of: id) != nil || isUnsearchable(kind, id: id)
    }

    /// Whether `id` of `kind` is stored but left out of search; callers hold `lock`.
    func isUnsearchable(_ kind: RecordKind, id: String) -> Bool {
        unsearchable[kind]?.contains(id) ?? false
    }

    /// Makes `record` searchable, replacing any row (and segments) or unsearchable entry of its id;
    /// callers hold `lock` exclusively.
    func insert(_ record: StoredRecord) {
        unsearchable[record.kind]?.remove(record.id)
        guard case .video(let video) = record else {
            index(record.kind).upsert(record)
            return
        }
        removeSegments(ofVideo: video.id)
        var span = RowSpan(start: 0, end: video.source.durationSeconds, owner: -1)
        if !video.segments.isEmpty {
            span.owner = allocateSlot(video.id)
            for (number, segment) in video.segments.enumerated() {
                addSegment(segment.embedding, videoID: video.id, number: number,
                           start: segment.startSeconds, end: segment.endSeconds, slot: span.owner)
            }
        }
        videos.upsert(record, span: span)
    }

    /// Forgets the record `id` of `kind` (and a video's segments); callers hold `lock` exclusively.
    func remove(_ kind: RecordKind, id: String) {
        unsearchable[kind]?.remove(id)
        if kind == .video { removeSegments(ofVideo: id) }
        index(kind).remove(id: id)
    }

    /// A fresh owner slot for `videoID`'s segments (none counted yet); callers hold `lock` exclusively.
    func allocateSlot(_ videoID: String) -> Int32 {
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
        } else {
            slot = Int32(segmentCounts.count)
            segmentCounts.append(0)
        }
        slotOfVideo[videoID] = slot
        return slot
    }

    /// Adds one segment row owned by `slot` (normalizing its embedding; false if it is zero or not finite).
    @discardableResult
    func addSegment(_ embedding: [Float], videoID: String, number: Int, start: Double, end: Double, slot: Int32) -> Bool {
        let span = RowSpan(start: start, end: end, owner: slot)
        let added = segments.upsert(id: Self.segmentRowID(videoID, number), metadata: [:], text: nil, span: span) { matrix, at in
            SimilarityKernels.normalize(embedding, into: &matrix, at: at)
        }
        if added { segmentCounts[Int(slot)] += 1 }
        return added
    }

    /// The segment rows of `videoID` in time order (empty without segments); callers hold `lock`.
    func segmentRows(ofVideo videoID: String) -> [Int] {
        guard let slot = slotOfVideo[videoID] else { return [] }
        return (0..<segmentCounts[Int(slot)]).compactMap { segments.row(of: Self.segmentRowID(videoID, $0)) }
    }

    private func removeSegments(ofVideo videoID: String) {
        guard let slot = slotOfVideo.removeValue(forKey: videoID) else { return }
        for number in 0..<segmentCounts[Int(slot)] { segments.remove(id: Self.segmentRowID(videoID, number)) }
        segmentCounts[Int(slot)] = 0
        freeSlots.append(slot)
    }

    /// The row id of segment `number` of `videoID` (NUL never occurs in an id).
    static func segmentRowID(_ videoID: String, _ number: Int) -> String {
        "\(videoID)\u{0}\(number)"
    }
}
