import Foundation
import Testing
import TempMeEvaluation

/// Hard-negative (within-group) accuracy against cases worked out by hand, and groups in manifests.
@Suite struct GroupAccuracyTests {
    @Test func countsOnlyCaptionsWhoseGroupHasRivals() throws {
        // Videos 0 and 1 are twins (group "a"), video 2 has no group, video 3 is alone in group "b".
        let similarity: [[Float]] = [
            [0.9, 0.2, 0.95, 0.1],  // video 0: beats its twin (video 2 is higher but not in the group) -> correct
            [0.9, 0.2, 0.1, 0.1],   // video 1: its twin scores higher -> wrong
            [0.5, 0.5, 0.1, 0.1],   // video 0 again: a tie with its twin counts against it -> wrong
            [0.1, 0.1, 0.9, 0.1],   // video 2: no group -> not counted
            [0.1, 0.1, 0.1, 0.9],   // video 3: no rival in its group -> not counted
        ]
        let accuracy = try #require(GroupAccuracy(similarity: similarity, videoOfCaption: [0, 1, 0, 2, 3],
                                                  groupOfVideo: ["a", "a", nil, "b"]))
        #expect(accuracy.captions == 3)
        #expect(abs(accuracy.percent - 100.0 / 3) < 1e-9)
    }

    @Test func nilWithoutGroups() {
        #expect(GroupAccuracy(similarity: [[0.1, 0.2]], videoOfCaption: [0], groupOfVideo: [nil, nil]) == nil)
        #expect(GroupAccuracy(similarity: [[0.1, 0.2]], videoOfCaption: [0], groupOfVideo: ["a", "b"]) == nil)
    }

    @Test func manifestReadsStringAndIntegerGroups() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("group-manifest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("test.jsonl")
        try """
        {"video": "a.mp4", "captions": ["one"], "group": "pair-1"}
        {"video": "b.mp4", "caption": "two", "group": 7}
        {"video": "c.mp4", "captions": ["three"]}
        """.write(to: file, atomically: true, encoding: .utf8)
        let manifest = try EvaluationManifest(jsonl: file.path)
        #expect(manifest.entries.map(\.group) == ["pair-1", "7", nil])
        #expect(manifest.entries[0].video == folder.appendingPathComponent("a.mp4").path)
    }
}
