import Foundation
import TempMeKernels

/// Fills the search indexes from RocksDB at open, applying the foreign-fingerprint policy.
struct IndexRebuild {
    let database: RocksDatabase
    let configuration: StoreConfiguration

    private struct Foreign {
        var count = 0
        var exampleID = ""
        var exampleFingerprint = ""
    }

    /// Reads every record once and returns the indexes (and the ids left out of search) they make.
    func run() throws -> IndexState {
        var foreign = Foreign()
        let videos = VectorIndex(kind: .video, dimension: configuration.dimension, reservingRows: database.estimatedKeyCount())
        let texts = VectorIndex(kind: .text, dimension: configuration.dimension)
        var unsearchable: [RecordKind: Set<String>] = [:]
        unsearchable[.video] = try load(into: videos, foreign: &foreign)
        unsearchable[.text] = try load(into: texts, foreign: &foreign)
        if foreign.count > 0 && configuration.foreignFingerprints == .refuse {
            throw StoreError.foreignRecords(count: foreign.count, exampleID: foreign.exampleID,
                                            fingerprint: foreign.exampleFingerprint, expected: configuration.modelFingerprint)
        }
        let segments = VectorIndex(kind: .video, dimension: configuration.dimension)
        let state = IndexState(videos: videos, texts: texts, segments: segments, unsearchable: unsearchable)
        try loadSegments(into: state, leftOut: unsearchable[.video] ?? [])
        return state
    }

    /// Adds every segment of a searchable video to `state`, tying each video to its owner slot; the segments of
    /// videos left out of search stay out too. A segment without its video, or out of number order, is corruption.
    private func loadSegments(into state: IndexState, leftOut: Set<String>) throws {
        let videos = state.index(.video)
        var current: (id: String, slot: Int32, next: Int)?
        try database.scan(prefix: StoreKeys.segmentPrefix, bulk: true) { keyBytes, value in
            let label = "s/" + String(decoding: keyBytes, as: UTF8.self)
            guard let (videoID, number) = StoreKeys.parseSegmentKey(keyBytes) else {
                throw StoreError.corruptRecord(key: label, reason: "malformed segment key")
            }
            if leftOut.contains(videoID) { return true }
            guard let videoRow = videos.row(of: videoID) else {
                throw StoreError.corruptRecord(key: label, reason: "a segment whose video is not stored")
            }
            if current?.id != videoID {
                let slot = state.allocateSlot(videoID)
                videos.setOwner(row: videoRow, slot: slot)
                current = (videoID, slot, 0)
            }
            guard var owner = current, number == owner.next else {
                throw StoreError.corruptRecord(key: label, reason: "segment numbers of \(videoID) are not contiguous")
            }
            let decoded = try SegmentCodec.decode(value, key: label)
            guard decoded.segment.embedding.count == configuration.dimension else {
                throw StoreError.corruptRecord(key: label, reason: "segment dimension differs from its video's")
            }
            guard state.addSegment(decoded.segment.embedding, videoID: videoID, number: number,
                                   start: decoded.segment.startSeconds, end: decoded.segment.endSeconds, slot: owner.slot) else {
                throw StoreError.corruptRecord(key: label, reason: "embedding is zero or not finite")
            }
            owner.next += 1
            current = owner
            return true
        }
    }

    /// Fills `index` with the current records of its kind; returns the ids of those left out of search.
    private func load(into index: VectorIndex, foreign: inout Foreign) throws -> Set<String> {
        let kind = index.kind
        var leftOut: Set<String> = []
        let expected = configuration.modelFingerprint
        let dimension = configuration.dimension
        try database.scan(prefix: StoreKeys.prefix(kind), bulk: true) { keyBytes, value in
            guard let id = String(validating: keyBytes, as: UTF8.self) else {
                throw StoreError.corruptRecord(key: String(decoding: keyBytes, as: UTF8.self), reason: "id is not UTF-8")
            }
            let header = try RecordCodec.decodeHeader(value, key: id)
            guard header.kind == kind else { throw StoreError.corruptRecord(key: id, reason: "record kind does not match its key") }
            let text = try RecordCodec.checkTail(value, header: header, key: id)
            let span = kind == .video
                ? RowSpan(start: 0, end: try RecordCodec.videoDuration(value, header: header, key: id), owner: -1) : .none
            let isCurrent = header.fingerprint.utf8.elementsEqual(expected.utf8) && header.dimension == dimension
            if !isCurrent {
                if foreign.count == 0 {
                    foreign.exampleID = id
                    foreign.exampleFingerprint = header.dimension == dimension
                        ? header.fingerprint : "\(header.fingerprint) (dimension \(header.dimension))"
                }
                foreign.count += 1
                guard configuration.foreignFingerprints == .include && header.dimension == dimension else {
                    leftOut.insert(id)
                    return true
                }
            }
            let valid = index.upsert(id: id, metadata: header.metadata, text: text, span: span) { matrix, start in
                SimilarityKernels.normalize(littleEndianFloats: value, offset: header.embeddingOffset, count: dimension,
                                            into: &matrix, at: start)
            }
            guard valid else { throw StoreError.corruptRecord(key: id, reason: "embedding is zero or not finite") }
            return true
        }
        return leftOut
    }
}
