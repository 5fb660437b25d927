// The same flows through the tempmectl binary: JSON output and exit codes.
import Foundation
import TempMeTestSupport
import Testing

@Suite("tempmectl against a real daemon")
struct TempMeCtlTests {
    @Test("ingest a folder, search, get, list, delete, stats, info, health, backup; exit codes 0/2/3/4")
    func commandLineFlows() throws {
        let root = try TestEnvironment.scratchDirectory("ctl")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folder = root + "/videos"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let videos = try TestClips.make(in: folder)
        let daemon = try DaemonProcess(dataDirectory: root + "/data")
        func ctl(_ arguments: String...) throws -> CommandResult {
            try TestEnvironment.tempmectl(arguments, server: daemon.address)
        }

        let ingest = try ctl("ingest", folder, "--meta", "set=lavfi", "--json")
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let summary = ingest.json?["summary"] as? [String: Any]
        #expect(summary?["ingested"] as? Int == 3)
        #expect(summary?["failed"] as? Int == 0)
        let single = try ctl("ingest", videos["red"]!, "--id", "crimson", "--json")
        #expect(single.status == 0)
        #expect(((single.json?["ingested"] as? [[String: Any]])?.first?["id"]) as? String == "crimson")
        let duplicate = try ctl("ingest", videos["red"]!, "--json")
        #expect(duplicate.status == 1)
        #expect(((duplicate.json?["failed"] as? [[String: Any]])?.first?["status"]) as? String == "ALREADY_EXISTS")

        let search = try ctl("search", "a red square", "-k", "2", "--json")
        #expect(search.status == 0)
        #expect((search.json?["hits"] as? [[String: Any]])?.count == 2)
        let filtered = try ctl("search", "x", "-k", "5", "--filter", "set=lavfi", "--json")
        #expect(Set(((filtered.json?["hits"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }) == ["testsrc", "red", "bars"])
        let similar = try ctl("similar", "red", "-k", "10", "--json")
        #expect(similar.status == 0)
        #expect((similar.json?["hits"] as? [[String: Any]])?.count == 3)

        let get = try ctl("get", "bars", "--json")
        #expect(get.status == 0)
        #expect((get.json?["record"] as? [String: Any])?["id"] as? String == "bars")
        #expect(try ctl("get", "missing", "--json").status == 4)
        #expect(try ctl("similar", "missing").status == 4)

        #expect(try ctl("add-text", "cap1", "a red screen", "--json").status == 0)
        let captions = try ctl("captions", "red", "--json")
        #expect(((captions.json?["hits"] as? [[String: Any]])?.first?["id"]) as? String == "cap1")

        let list = try ctl("list", "--all", "--page-size", "2", "--json")
        let ids = ((list.json?["records"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
        #expect(ids == ["bars", "crimson", "red", "testsrc", "cap1"])

        #expect(try ctl("delete", "testsrc", "--json").status == 0)
        #expect(try ctl("delete", "testsrc", "--json").status == 4)

        let stats = try ctl("stats", "--json")
        #expect(stats.json?["video_count"] as? Int == 3)
        #expect(stats.json?["text_count"] as? Int == 1)
        let info = try ctl("info", "--json")
        #expect(info.json?["deterministic_weights"] as? Bool == true)
        #expect(info.json?["mode"] as? String == "ENCODER_MODE_TEMPME")
        let infoText = try ctl("info")
        #expect(infoText.stdout.contains("not meaningful"))
        let health = try ctl("health", "--json")
        #expect(health.status == 0)
        #expect(health.json?["status"] as? String == "SERVING")

        let backup = try ctl("backup", root + "/backup", "--json")
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(backup.json?["video_count"] as? Int == 3)
        #expect(FileManager.default.fileExists(atPath: root + "/backup/CURRENT"))
        #expect(try ctl("backup", root + "/backup").status == 1)

        #expect(try ctl("search").status == 2)
        #expect(try ctl("search", "x", "-k", "banana").status == 2)
        #expect(try ctl("ingest", videos["red"]!, videos["bars"]!, "--id", "both").status == 2)
        #expect(daemon.stop() == 0)

        let down = try ctl("health")
        #expect(down.status == 3)
        let downJSON = try ctl("stats", "--json")
        #expect(downJSON.status == 3)
        #expect((downJSON.json?["error"] as? [String: Any])?["status"] as? String == "UNAVAILABLE")
    }
}
