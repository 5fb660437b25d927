// The daemon end to end over gRPC: ingest, search, get, list, delete, restart and find everything still there.
import Foundation
import TempMeTestSupport
import Testing
import TempMeClient
import TempMeProto

@Suite("Daemon over gRPC")
struct DaemonFlowTests {
    @Test("ingest, search, similar, texts, delete; a restart keeps every record")
    func ingestSearchDeleteRestart() throws {
        let root = try TestEnvironment.scratchDirectory("flow")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let videos = try TestClips.make(in: root)
        let data = root + "/data"

        var daemon = try DaemonProcess(dataDirectory: data)
        var client = try daemon.client()
        #expect(try client.health() == .serving)
        for (name, path) in videos.sorted(by: { $0.key < $1.key }) {
            let response = try client.ingest(id: name, data: try Data(contentsOf: URL(fileURLWithPath: path)), metadata: ["source": "lavfi", "name": name])
            #expect(response.id == name)
            #expect(response.sampledFrames.count == 12)
            #expect(response.cost.tokensPerLayer.count == 12)
            #expect(response.cost.gflops > 0)
            #expect(!response.replaced)
        }
        let hits = try client.search("a test pattern", k: 10)
        #expect(Set(hits.hits.map(\.id)) == Set(videos.keys))
        #expect(zip(hits.hits, hits.hits.dropFirst()).allSatisfy { $0.score >= $1.score })
        let filtered = try client.search("anything", k: 10, filter: ["name": "red"])
        #expect(filtered.hits.map(\.id) == ["red"])
        #expect(filtered.hits.first?.metadata["source"] == "lavfi")

        let neighbours = try client.similar(to: "red", k: 5)
        #expect(Set(neighbours.hits.map(\.id)) == ["testsrc", "bars"])

        let texts = [("c1", "a red screen"), ("c2", "colour bars")].map { id, text in
            var item = Tempme_V1_TextItem()
            item.id = id
            item.text = text
            return item
        }
        let added = try client.addTexts(texts)
        #expect(added.texts.map(\.id) == ["c1", "c2"])
        let captionHits = try client.searchTexts(for: "bars")
        #expect(Set(captionHits.hits.map(\.id)) == ["c1", "c2"])
        #expect(captionHits.hits.allSatisfy { !$0.text.isEmpty })

        #expect(try client.delete("testsrc").deleted)
        #expect(try !client.delete("testsrc").deleted)
        #expect(statusCode { _ = try client.get("testsrc") } == .notFound)
        let before = try client.search("a test pattern", k: 10)
        #expect(try client.listAll(pageSize: 2).map(\.id) == ["bars", "red", "c1", "c2"])

        #expect(daemon.stop() == 0)
        daemon = try DaemonProcess(dataDirectory: data)
        client = try daemon.client()
        #expect(try client.listAll(pageSize: 2).map(\.id) == ["bars", "red", "c1", "c2"])
        let after = try client.search("a test pattern", k: 10)
        #expect(after.hits.map(\.id) == before.hits.map(\.id))
        #expect(zip(after.hits, before.hits).allSatisfy { abs($0.score - $1.score) < 1e-5 })
        let red = try client.get("red").record
        #expect(red.metadata["name"] == "red")
        #expect(red.video.sampledFrames.count == 12)
        #expect(try client.get("c1", kind: .text).record.text == "a red screen")
        let stats = try client.stats()
        #expect(stats.videoCount == 2)
        #expect(stats.textCount == 2)
        let info = try client.info()
        #expect(info.deterministicWeights)
        #expect(info.mode == .tempme)
        #expect(info.frames == 12)
        #expect(info.tokensPerLayer.count == 12)
        #expect(info.videoCount == 2)
        #expect(daemon.stop() == 0)
    }

    @Test("path ingest reads files under the allowed roots only, symlinks resolved")
    func pathIngestConfinement() throws {
        let root = try TestEnvironment.scratchDirectory("paths")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let allowed = root + "/allowed"
        let outside = root + "/outside"
        for directory in [allowed, outside] { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        let videos = try TestClips.make(in: outside)
        let inside = allowed + "/red.mp4"
        try FileManager.default.copyItem(atPath: videos["red"]!, toPath: inside)
        try FileManager.default.createSymbolicLink(atPath: allowed + "/escape.mp4", withDestinationPath: videos["bars"]!)

        let daemon = try DaemonProcess(dataDirectory: root + "/data", extraArguments: ["--set", "ingest.allowed_roots=\(allowed)"])
        let client = try daemon.client()
        func ingestPath(_ path: String, id: String) -> TempMeClientError.Code {
            statusCode { _ = try client.ingestPath(path, id: id) }
        }
        #expect(ingestPath(inside, id: "red") == .ok)
        #expect(ingestPath(videos["testsrc"]!, id: "outside") == .permissionDenied)
        #expect(ingestPath(allowed + "/../outside/testsrc.mp4", id: "dotdot") == .permissionDenied)
        #expect(ingestPath(allowed + "/escape.mp4", id: "symlink") == .permissionDenied)
        #expect(ingestPath(allowed + "/missing.mp4", id: "missing") == .notFound)
        #expect(ingestPath("relative.mp4", id: "relative") == .invalidArgument)
        #expect(try client.listAll(pageSize: 2).map(\.id) == ["red"])
        #expect(daemon.stop() == 0)
    }
}
