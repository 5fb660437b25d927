import Foundation
import Testing
import TempMeBasics
import TempMeBenchmarks
@testable import TempMeStore

/// SIGKILL while long videos are put, replaced and deleted: every video is all-or-nothing with its segments.
@Suite(.serialized) struct SegmentCrashTests {
    @Test func sigkillLeavesEachVideoWholeWithEverySegmentOrAbsent() throws {
        let tool = try #require(TestSupport.toolURL(), "build tempme-store-tool first (swift build)")
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        let dimension = 16
        let fingerprint = CrashSafetyTests.fingerprint
        var generator = SplitMix64(seed: 20_261_207)
        var lines: [String] = []
        for round in 0..<12 {
            let child = try ChildWriter(tool: tool, directory: directory, dimension: dimension, start: round * 1_000_000,
                                        extra: ["--segments", "on"])
            child.wait(timeout: 10) { !child.acknowledged.isEmpty }
            usleep(UInt32(generator.next() % 200_000))  // in the middle of puts, replacements and deletes
            child.kill()
            #expect(child.finish().killed)
            lines += child.lines
        }
        func numbers(_ word: String) -> Set<Int> {
            Set(lines.compactMap { $0.hasPrefix(word + " ") ? Int($0.dropFirst(word.count + 1)) : nil })
        }
        let put = numbers("ack"), replaced = numbers("ack-replace"), deleted = numbers("ack-delete")
        #expect(put.count >= 20 && !replaced.isEmpty && !deleted.isEmpty)

        let store = try EmbeddingStore(directory: directory, configuration: StoreConfiguration(dimension: dimension, modelFingerprint: fingerprint))
        defer { store.close() }  // opening checks every segment belongs to a stored video, numbered 0..<n
        var storedSegments = 0
        var cursor: String?
        repeat {
            let page = try store.records(kind: .video, after: cursor, limit: 200, filter: [:])
            for case .video(let video) in page.records {
                let number = try #require(SyntheticRecords.number(fromID: video.id))
                let variants = (0...1).map { SyntheticRecords.segmentedVideo(number, generation: $0, dimension: dimension, fingerprint: fingerprint) }
                #expect(variants.contains(video), "video \(number) is a mix of writes: \(video.segments.count) segments")
                #expect(!deleted.contains(number), "video \(number) was deleted and acknowledged")
                if replaced.contains(number) { #expect(video == variants[1]) }
                storedSegments += video.segments.count
            }
            cursor = page.nextCursor
        } while cursor != nil
        for number in put where number % 4 != 0 {  // a delete may be durable before its acknowledgement was printed
            #expect(try store.contains(id: SyntheticRecords.id(number), kind: .video), "acknowledged video \(number)")
        }
        #expect(store.segmentCount() == storedSegments)
    }
}
