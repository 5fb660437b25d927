// tempmectl ingest with several uploads in flight: per-file outcomes, file-order output, exit codes, Ctrl-C.
import Foundation
import TempMeClient
import TempMeProto
import TempMeTestSupport
import Testing

@Suite("tempmectl ingest under concurrency")
struct IngestConcurrencyTests {
    /// `count` copies of the standard test clips named `clip00.mp4`... in `folder` (created if need be), cycling through them.
    private static func copies(_ count: Int, in folder: String, from clips: [String: String]) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
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

    /// The id tempmectl gives a file: its name without the extension.
    private static func id(of file: String) -> String { ((file as NSString).lastPathComponent as NSString).deletingPathExtension }

    /// Starts tempmectl with `arguments` in the background, its output collected as it comes.
    private static func startTempmectl(_ arguments: [String]) throws -> (Process, OutputCollector) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestEnvironment.binary("tempmectl"))
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, OutputCollector(out: out, err: err))
    }

    /// Opens the named pipe `fifo` for writing as soon as another process opened it for reading; nil if
    /// `process` exits or `deadline` passes first.
    private static func openForWriting(fifo: String, while process: Process, until deadline: Date) -> Int32? {
        while process.isRunning, Date() < deadline {
            let descriptor = open(fifo, O_WRONLY | O_NONBLOCK)  // ENXIO while nobody reads it
            if descriptor >= 0 { return descriptor }
            guard errno == ENXIO else { return nil }
            usleep(5_000)
        }
        return nil
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
        let files = try Self.copies(30, in: folder, from: TestClips.make(in: root))
        let daemon = try DaemonProcess(dataDirectory: root + "/data")
        let client = try daemon.client()

        let (process, output) = try Self.startTempmectl(["--server", daemon.address, "ingest", folder, "--jobs", "2", "--json"])
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

    @Test("Ctrl-C twice: uploads in flight are abandoned; what stays stored is whole and was reported; a rerun completes the folder")
    func secondInterruptAbandonsUploadsInFlight() throws {
        let root = try TestEnvironment.scratchDirectory("ingest-sigint2")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folder = root + "/videos"
        let files = try Self.copies(12, in: folder, from: TestClips.make(in: root))
        let allIDs = Set(files.map(Self.id(of:)))
        // clip05.mp4 becomes a named pipe fed by this test: its upload stays in flight until the test closes the pipe.
        let stalled = files[5]
        let stalledBytes = try Data(contentsOf: URL(fileURLWithPath: stalled))
        try FileManager.default.removeItem(atPath: stalled)
        try #require(mkfifo(stalled, 0o600) == 0)
        var daemon = try DaemonProcess(dataDirectory: root + "/data")

        let (process, output) = try Self.startTempmectl(
            ["--server", daemon.address, "ingest", folder, "--jobs", "3", "--chunk-bytes", "1024", "--json"])
        var writer: Int32 = -1
        defer {
            if writer >= 0 { close(writer) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        let deadline = Date().addingTimeInterval(60)
        writer = try #require(Self.openForWriting(fifo: stalled, while: process, until: deadline), "tempmectl never opened \(stalled)")
        let head = stalledBytes.prefix(8 * 1024)  // the first chunks go out; the rest of the file never comes
        #expect(head.withUnsafeBytes { write(writer, $0.baseAddress, $0.count) } == head.count)
        kill(process.processIdentifier, SIGINT)
        try #require(output.waitForStderr(containing: "interrupted: starting no more uploads", until: deadline))
        kill(process.processIdentifier, SIGINT)
        try #require(output.waitForStderr(containing: "interrupted again: abandoning", until: deadline))
        close(writer)  // end of file: the abandoned upload's read returns
        writer = -1
        while process.isRunning, Date() < deadline { usleep(20_000) }
        try #require(!process.isRunning, "tempmectl did not exit after the second Ctrl-C")
        let (stdout, stderr) = output.finish()
        #expect(process.terminationStatus == 130, "\(stderr)")

        // One outcome per file, the counts add up, and only abandoned uploads failed.
        let json = try #require(CommandResult(status: 0, stdout: stdout, stderr: "").json, "\(stdout)")
        let summary = try #require(json["summary"] as? [String: Any])
        let ingested = ((json["ingested"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
        let failed = (json["failed"] as? [[String: Any]]) ?? []
        let notStarted = (json["not_started"] as? [String]) ?? []
        #expect(summary["interrupted"] as? Bool == true)
        #expect(summary["total"] as? Int == files.count)
        #expect(summary["ingested"] as? Int == ingested.count)
        #expect(summary["failed"] as? Int == failed.count)
        #expect(summary["not_started"] as? Int == notStarted.count)
        let cancelled = Set(failed.filter { $0["status"] as? String == "CANCELLED" }.compactMap { $0["id"] as? String })
        #expect(cancelled.count == failed.count, "every failure is an abandoned upload: \(failed)")
        #expect(failed.allSatisfy { ($0["message"] as? String)?.hasPrefix("abandoned in flight") == true }, "\(failed)")
        #expect(cancelled.contains("clip05"), "the upload in flight was abandoned")
        #expect(notStarted == Array(files.suffix(notStarted.count)), "uploads start in file order")
        let notStartedIDs = notStarted.map(Self.id(of:))
        #expect(Set(ingested).union(cancelled).union(notStartedIDs) == allIDs)
        #expect(ingested.count + failed.count + notStarted.count == files.count, "each file has exactly one outcome")

        // Once the daemon has drained: each record whole; acknowledged ones all there, any other one reported CANCELLED
        // (stored before the cancel arrived); thumbnail folders only for stored records, each complete.
        let frames = try Int(daemon.client().info().frames)
        #expect(daemon.stop() == 0)
        let thumbnails = try daemon.thumbnailFolders()
        daemon = try DaemonProcess(dataDirectory: root + "/data")
        let client = try daemon.client()
        let stored = try Self.wholeVideos(client, metadata: [:])
        #expect(stored.isSuperset(of: ingested), "nothing acknowledged is missing")
        #expect(stored.subtracting(ingested).isSubset(of: cancelled), "stored but not acknowledged: \(stored.subtracting(ingested))")
        #expect(!stored.contains("clip05"))
        #expect(Set(thumbnails.keys) == stored, "thumbnail folders: \(thumbnails.keys.sorted())")
        #expect(thumbnails.values.allSatisfy { $0 == frames }, "\(thumbnails)")

        // The same command, clip05 a plain file again, finishes the folder: the rest stored, the stored ones ALREADY_EXISTS.
        try FileManager.default.removeItem(atPath: stalled)
        try stalledBytes.write(to: URL(fileURLWithPath: stalled))
        let rerun = try TestEnvironment.tempmectl(["ingest", folder, "--jobs", "3", "--chunk-bytes", "1024", "--json"],
                                                  server: daemon.address)
        #expect(rerun.status == 1, "\(rerun.stderr)")
        let rerunIngested = ((rerun.json?["ingested"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
        let rerunFailed = (rerun.json?["failed"] as? [[String: Any]]) ?? []
        #expect(Set(rerunIngested) == allIDs.subtracting(stored))
        #expect(Set(rerunFailed.compactMap { $0["id"] as? String }) == stored)
        #expect(rerunFailed.allSatisfy { $0["status"] as? String == "ALREADY_EXISTS" }, "\(rerunFailed)")
        #expect(try Self.wholeVideos(client, metadata: [:]) == allIDs)
        #expect(daemon.stop() == 0)
    }
}
