import Foundation
import Testing
@testable import TempMeEvaluation

/// IoU and hit rules of moment retrieval (values worked by hand), and the manifest's checks.
@Suite struct MomentMetricsTests {
    @Test func intersectionOverUnion() {
        #expect(MomentMetrics.iou((0, 10), (5, 15)) == 5.0 / 15.0)
        #expect(MomentMetrics.iou((0, 10), (0, 10)) == 1)
        #expect(MomentMetrics.iou((0, 4), (6, 10)) == 0)
        #expect(MomentMetrics.iou((2, 8), (0, 10)) == 0.6)
        #expect(MomentMetrics.isHit(video: "a", span: (2, 8), truthVideo: "a", truth: (0, 10)))
        #expect(!MomentMetrics.isHit(video: "b", span: (2, 8), truthVideo: "a", truth: (0, 10)))
        #expect(!MomentMetrics.isHit(video: "a", span: (0, 10), truthVideo: "a", truth: (5, 15)))  // IoU 1/3
    }

    @Test func manifestLinesAreChecked() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("moment-manifest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("m.jsonl").path
        try #"{"video": "v.mp4", "moments": [{"caption": "a red circle", "start": 0, "end": 6.5}]}"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        let manifest = try MomentManifest(jsonl: path)
        #expect(manifest.entries.count == 1 && manifest.entries[0].video == directory.appendingPathComponent("v.mp4").path)
        #expect(manifest.entries[0].moments[0].end == 6.5)
        try #"{"video": "v.mp4", "moments": [{"caption": "x", "start": 5, "end": 2}]}"#.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: EvaluationError.self) { try MomentManifest(jsonl: path) }
    }
}
