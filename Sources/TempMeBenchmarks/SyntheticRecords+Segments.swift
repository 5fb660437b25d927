import Foundation
import TempMeStore

extension SyntheticRecords {
    /// Video record `number` as a long video in `generation` (0: first write, 1: its replacement): a distinct
    /// whole-video embedding and 2...9 (generation 0) or 1...5 (generation 1) segments of 10 s each, all
    /// derived from the number, so a checker can tell exactly which write a stored video came from.
    public static func segmentedVideo(_ number: Int, generation: Int, dimension: Int, fingerprint: String) -> VideoRecord {
        var record = video(number, dimension: dimension, fingerprint: fingerprint)
        let segmentCount = generation == 0 ? number % 8 + 2 : number % 5 + 1
        record.embedding = embedding(seed: UInt64(number) &* 31 &+ UInt64(generation) &+ 7_000_000_000, dimension: dimension)
        record.source.durationSeconds = Double(segmentCount) * 10
        record.metadata["generation"] = String(generation)
        record.segments = (0..<segmentCount).map { index in
            let seed = UInt64(number) &* 1_000 &+ UInt64(generation * 100 + index) &+ 9_000_000_000
            return VideoSegment(startSeconds: Double(index) * 10, endSeconds: Double(index + 1) * 10,
                                embedding: embedding(seed: seed, dimension: dimension),
                                sampledFrames: (0..<4).map { UInt32(index * 250 + $0 * 60) })
        }
        return record
    }
}
