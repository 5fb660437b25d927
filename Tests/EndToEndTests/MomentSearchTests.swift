// Moment search through the daemon: a long video of distinct captioned clips, each caption finds its own span.
import Foundation
import TempMeProto
import TempMeTestSupport
import Testing
import TempMeClient

@Suite struct MomentSearchTests {
    /// One long video of 4 synthetic 8-second clips whose movers differ in colour (scripts/make_long_videos.py), so each
    /// caption is unambiguous for the small demo model, and its true spans.
    static func longVideo(in root: String) throws -> (path: String, moments: [(caption: String, start: Double, end: Double)]) {
        let script = TestEnvironment.repositoryRoot.appendingPathComponent("scripts/make_long_videos.py").path
        let made = try ProcessRunner.run("/usr/bin/env", ["python3", script, root, "--videos", "1", "--clips", "4", "4",
                                                          "--seconds", "8", "8", "--seed", "3", "--distinct-colours"], timeout: 120)
        try #require(made.status == 0, "make_long_videos.py needs python3 with numpy on PATH (.venv/bin first): \(made.stderr)")
        let line = try String(contentsOfFile: root + "/moments.jsonl", encoding: .utf8).split(separator: "\n")[0]
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let moments = try #require(object["moments"] as? [[String: Any]]).map { moment in
            (caption: moment["caption"] as? String ?? "", start: moment["start"] as? Double ?? -1, end: moment["end"] as? Double ?? -1)
        }
        return (root + "/" + (object["video"] as? String ?? ""), moments)
    }

    /// Daemon arguments that put the store on `backend`: the embedded store, or a fresh collection of the tests' Milvus.
    static func storeArguments(_ backend: String) throws -> [String] {
        guard backend == "milvus" else { return [] }
        let collection = "moments_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        return ["--set", "store.backend=milvus", "--set", "store.milvus.address=\(try MilvusServer.shared().address)",
                "--set", "store.milvus.collection=\(collection)"]
    }

    @Test(arguments: ["embedded", "milvus"])
    func eachCaptionFindsItsClipsSpanBeforeAndAfterARestart(backend: String) throws {
        let root = try TestEnvironment.scratchDirectory("moments")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (path, truth) = try Self.longVideo(in: root)
        let clips = try TestClips.make(in: root)
        let model = TestEnvironment.repositoryRoot.appendingPathComponent("training/demo_model").path
        let arguments = ["--model", model, "--set", "ingest.segment_seconds=6", "--set", "ingest.segment_stride_seconds=3",
                         "--set", "ingest.segment_min_video_seconds=20"] + (try Self.storeArguments(backend))
        var daemon = try DaemonProcess(dataDirectory: root + "/data", extraArguments: arguments)
        var client = try daemon.client()
        let ingested = try client.ingest(id: "long", data: try Data(contentsOf: URL(fileURLWithPath: path)))
        // 32 s: windows of 6 s every 3 s start at 0, 3, ..., 24, then one more ends at 32 s (starts at 26 s)
        #expect(ingested.segments == 10)
        #expect(ingested.sampledFrames.count == 12 && abs(ingested.durationSeconds - 32) < 0.01)
        #expect(abs(ingested.totalGflops - 11 * ingested.cost.gflops) < 1e-6)
        let short = try client.ingest(id: "red", data: try Data(contentsOf: URL(fileURLWithPath: clips["red"]!)))
        #expect(short.segments == 0)
        #expect(try client.stats().segmentCount == 10)
        let info = try client.info()
        #expect(info.segmentSeconds == 6 && info.segmentStrideSeconds == 3 && info.segmentMinVideoSeconds == 20)
        #expect(info.aggregation == "best_segment")

        func checkMoments() throws {
            for clip in truth {
                var request = Tempme_V1_SearchRequest()
                request.text = clip.caption
                request.k = 2
                request.moments = 3
                let hits = try client.search(request).hits
                #expect(hits.first?.id == "long")
                let best = try #require(hits.first?.moments.first)
                #expect(hits[0].moments.count == 3 && abs(best.score - hits[0].score) < 1e-6)
                #expect(best.startSeconds < clip.end && best.endSeconds > clip.start,
                        "\(clip.caption): moment \(best.startSeconds)-\(best.endSeconds), true span \(clip.start)-\(clip.end)")
                let redMoments = hits.first { $0.id == "red" }?.moments ?? []
                #expect(redMoments.allSatisfy { $0.startSeconds == 0 && abs($0.endSeconds - short.durationSeconds) < 1e-9 })
            }
        }
        try checkMoments()
        try checkCommandLine(caption: truth[0].caption, daemon: daemon)
        var similar = Tempme_V1_SimilarRequest()
        similar.videoID = "long"
        similar.atSeconds = 14
        #expect(try client.similar(similar).hits.map(\.id) == ["red"])
        similar.atSeconds = 99
        #expect(statusCode { _ = try client.similar(similar) } == .invalidArgument)
        #expect(try client.get("long").record.video.segments == 10)

        #expect(daemon.stop() == 0)
        daemon = try DaemonProcess(dataDirectory: root + "/data", extraArguments: arguments)
        client = try daemon.client()
        #expect(try client.stats().segmentCount == 10)
        try checkMoments()
        #expect(try client.delete("long").deleted)
        #expect(try client.stats().segmentCount == 0)
        #expect(daemon.stop() == 0)
    }

    /// `tempmectl search` prints `rank  id  m:ss-m:ss  score` and more moments indented; `--json` gives every moment field.
    func checkCommandLine(caption: String, daemon: DaemonProcess) throws {
        let table = try TestEnvironment.tempmectl(["search", caption, "-k", "1", "--moments", "2"], server: daemon.address)
        let lines = table.stdout.split(separator: "\n").map(String.init)
        #expect(table.status == 0 && lines.count == 2, "\(table.stdout)\(table.stderr)")
        #expect(lines.first?.wholeMatch(of: /1  long  \d+:\d\d-\d+:\d\d  -?\d\.\d\d/) != nil, "\(lines)")
        #expect(lines.last?.wholeMatch(of: /\ {9}\d+:\d\d-\d+:\d\d  -?\d\.\d\d/) != nil, "\(lines)")
        let json = try TestEnvironment.tempmectl(["search", caption, "-k", "1", "--json"], server: daemon.address)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let hits = try #require(object["hits"] as? [[String: Any]])
        let moments = try #require(hits.first?["moments"] as? [[String: Any]])
        #expect(moments.count == 1 && Set(moments[0].keys) == ["start_seconds", "end_seconds", "score"])
        let stats = try TestEnvironment.tempmectl(["stats"], server: daemon.address)
        #expect(stats.stdout.contains("(segments: 10)"))
        let info = try TestEnvironment.tempmectl(["info"], server: daemon.address)
        #expect(info.stdout.contains("segments: videos over 20 s cut into 6 s windows every 3 s; ranked by best_segment"))
    }
}
