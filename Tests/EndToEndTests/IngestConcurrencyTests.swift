// tempmectl ingest with several uploads in flight: per-file outcomes, file-order output, exit codes, Ctrl-C.
import Foundation
import TempMeClient
import TempMeProto
import TempMeTestSupport
import Testing

@Suite("tempmectl ingest under concurrency")
struct IngestConcurrencyTests {
    /// `count` copies of the standard test clips named `clip00.mp4`... in `folder`, cycling through them.
    private static func copies(_ count: Int, in folder: String, from clips: [String: String]) throws -> [String] {
        let sources = clips.keys.sorted().map { clips[$0]! }
        return try (0..<count).map { index in
            let path = folder + "/clip" + String(format: "%02d", index) + ".mp4"
            try FileManager.default.copyItem(atPath: sources[index % sources.count], toPath: path)
            return path
        }
    }

    /// Every stored video, checked whole: full-size unit embedding, F sampled frames, the run's metadata.
    private static func wholeVideos(_ client: TempMeClient, metadata: [String: String]) throws -> Set<String> {
        let info = try client.info()
        var ids = Set<String>()
        for record in try client.listAll(kind: .video) {
            let full = try client.get(record.id, includeEmbedding: true).record
            #expect(full.embedding.count == Int(info.embeddingDim), "\(record.id) embedding")
            let norm = full.embedding.reduce(0) { $0 + Double($1) * Double($1) }
            #expect(abs(norm - 1) < 1e-3, "\(record.id) norm \(norm)")
            #expect(full.video.sampledFrames.count == Int(info.frames), "\(record.id) frames")
            #expect(full.metadata == metadata, "\(record.id) metadata")
            #expect(ids.insert(record.id).inserted, "\(record.id) listed twice")
        }
        return ids
    }

    @Test("failures among concurrent uploads: each named once, the rest stored once, file-order output, first failure's exit code")
    func failuresAmongConcurrentUploads() throws {
        let root = try TestEnvironment.scratchDirectory("ingest-jobs")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folder = root + "/videos"
        try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
        let clips = try TestClips.make(in: root)
        let good = try Self.copies(7, in: folder, from: clips)
        try Data((0..<4000).map { UInt8(truncatingIfNeeded: $0 &* 7) }).write(to: URL(fileURLWithPath: folder + "/broken.mp4"))
        try Data("not a video".utf8).write(to: URL(fileURLWithPath: folder + "/clip03x.mov"))
        try FileManager.default.copyItem(atPath: good[0], toPath: folder + "/sub/clip01.mp4")  // same id as clip01.mp4
        let daemon = try DaemonProcess(dataDirectory: root + "/data")
        let client = try daemon.client()
        _ = try client.ingest(id: "clip05", file: good[5], metadata: ["run": "one"])  // taken before the run

        let run = try TestEnvironment.tempmectl(["ingest", folder, "--jobs", "4", "--meta", "run=one", "--json"], server: daemon.address)
        #expect(run.status == 1, "first failure in file order (broken.mp4, INVALID_ARGUMENT) decides: \(run.stderr)")
        let summary = try #require(run.json?["summary"] as? [String: Any])
        #expect(summary["total"] as? Int == 10)
        #expect(summary["ingested"] as? Int == 6)
        #expect(summary["failed"] as? Int == 4)
        #expect(summary["not_started"] as? Int == 0)
        #expect(summary["jobs"] as? Int == 4)
        #expect(summary["interrupted"] as? Bool == false)
        let ingested = ((run.json?["ingested"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
        #expect(ingested == ["clip00", "clip01", "clip02", "clip03", "clip04", "clip06"])
        let failed = (run.json?["failed"] as? [[String: Any]]) ?? []
        let failures = failed.map { "\(($0["path"] as? String ?? "").replacingOccurrences(of: folder + "/", with: "")) \($0["status"] ?? "")" }
        #expect(failures == ["broken.mp4 INVALID_ARGUMENT", "clip03x.mov INVALID_ARGUMENT", "clip05.mp4 ALREADY_EXISTS",
                             "sub/clip01.mp4 USAGE"])
        #expect(try Self.wholeVideos(client, metadata: ["run": "one"]) == Set(ingested + ["clip05"]))

        // Text output: one line per stored or failed file, in file order, then the summary; replacing is no failure.
        let again = try TestEnvironment.tempmectl(["ingest", folder + "/clip00.mp4", folder + "/clip01.mp4", folder + "/broken.mp4",
                                                   folder + "/clip02.mp4", "--replace", "--meta", "run=one", "-j", "3"],
                                                  server: daemon.address)
        #expect(again.status == 1)
        let lines = again.stdout.split(separator: "\n").map { String($0.split(separator: "\t").prefix(2).joined(separator: " ")) }
        #expect(lines.dropLast() == ["clip00 12 frames", "clip01 12 frames", "broken FAILED", "clip02 12 frames"])
        #expect(lines.last?.hasPrefix("ingested 3 of 4 video(s)") == true && lines.last?.contains(" 1 failed, in ") == true,
                "\(again.stdout)")
        #expect(again.stderr.contains("broken.mp4: INVALID_ARGUMENT"))
        #expect(try Self.wholeVideos(client, metadata: ["run": "one"]).count == 7)
        #expect(daemon.stop() == 0)
    }

    @Test("Ctrl-C mid-folder: uploads in flight finish, nothing else starts, exit 130; a rerun completes the folder")
    func interruptLeavesOnlyWholeRecords() throws {
        let root = try TestEnvironment.scratchDirectory("ingest-sigint")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folder = root + "/videos"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let files = try Self.copies(30, in: folder, from: TestClips.make(in: root))
        let daemon = try DaemonProcess(dataDirectory: root + "/data")
        let client = try daemon.client()

        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestEnvironment.binary("tempmectl"))
        process.arguments = ["--server", daemon.address, "ingest", folder, "--jobs", "2", "--json"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = OutputCollector(out: out, err: err)
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline, (try? client.stats().videoCount) ?? 0 < 2 { usleep(5_000) }
        try #require(process.isRunning, "tempmectl finished all 30 files before it could be interrupted")
        kill(process.processIdentifier, SIGINT)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        let (stdout, stderr) = output.finish()
        #expect(process.terminationStatus == 130, "\(stderr)")
        #expect(stderr.contains("interrupted"))
        let json = try #require(CommandResult(status: 0, stdout: stdout, stderr: "").json)
        let summary = try #require(json["summary"] as? [String: Any])
        #expect(summary["interrupted"] as? Bool == true)
        let ingested = ((json["ingested"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
        let notStarted = (json["not_started"] as? [String]) ?? []
        #expect(ingested.count >= 2 && !notStarted.isEmpty)
        #expect(ingested.count + notStarted.count == 30, "in-flight uploads finish rather than fail")
        // What was acknowledged is exactly what is stored, each record whole.
        #expect(try Self.wholeVideos(client, metadata: [:]) == Set(ingested))

        let rerun = try TestEnvironment.tempmectl(["ingest", folder, "--json"], server: daemon.address)
        #expect(rerun.status == 1)
        let rerunSummary = rerun.json?["summary"] as? [String: Any]
        #expect(rerunSummary?["ingested"] as? Int == notStarted.count)
        #expect(rerunSummary?["failed"] as? Int == ingested.count, "the stored ones are ALREADY_EXISTS")
        #expect(try Self.wholeVideos(client, metadata: [:]).count == files.count)
        #expect(daemon.stop() == 0)
    }
}
