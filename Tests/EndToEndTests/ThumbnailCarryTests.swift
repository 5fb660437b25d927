// Thumbnails travel with their records: a backup carries those of the videos it holds, restore and migrate put
// them where a new daemon serves them, byte for byte; a backup made before they were carried still restores.
import Foundation
import TempMeTestSupport
import Testing

@Suite("Thumbnails in backups, restores and migrations")
struct ThumbnailCarryTests {
    private let ids = ["red", "bars"]

    @Test("backup, restore and migrate carry the videos' thumbnails (and only theirs); an old backup restores without")
    func thumbnailsTravelWithTheirRecords() throws {
        let root = try TestEnvironment.scratchDirectory("thumbs")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let videos = try TestClips.make(in: root)
        let data = root + "/data"
        let daemon = try DaemonProcess(dataDirectory: data)
        for id in ids + ["ghost"] {
            let upload = try HTTPExchange.send("PUT", daemon.httpURL + "/v1/videos/\(id)", bodyFile: videos[id == "ghost" ? "testsrc" : id]!)
            #expect(upload.status == 200, "\(upload.text)")
        }
        let original = try thumbnails(of: ids, from: daemon)
        #expect(original.values.allSatisfy { $0.count == 12 })

        // A thumbnail folder whose record is gone (as after a crash between the two deletes): never carried.
        let ghost = try #require(try folder(of: "ghost", in: data + "/thumbnails"))
        try FileManager.default.copyItem(atPath: ghost, toPath: root + "/ghost-aside")
        #expect(try daemon.client().delete("ghost").deleted)
        try FileManager.default.moveItem(atPath: root + "/ghost-aside", toPath: ghost)

        let backup = try TestEnvironment.tempmectl(["backup", "nightly", "--json"], server: daemon.address)
        #expect(backup.status == 0, "\(backup.stderr)")
        let carried = data + "/backups/nightly/thumbnails"
        #expect(Set(try folderIDs(in: carried)) == Set(ids))
        #expect(daemon.stop() == 0)

        // Restore into a fresh data directory: the thumbnails leave the store for <data_dir>/thumbnails.
        let restored = root + "/restored"
        let restore = try TestEnvironment.tempmectl(["restore", data + "/backups/nightly", restored, "--json"])
        #expect(restore.status == 0, "\(restore.stderr)")
        #expect(restore.json?["thumbnail_videos"] as? Int == 2)
        #expect(!FileManager.default.fileExists(atPath: restored + "/store/thumbnails"))
        let second = try DaemonProcess(dataDirectory: restored)
        #expect(try thumbnails(of: ids, from: second) == original)
        #expect(try HTTPExchange.send("GET", second.httpURL + "/v1/videos/ghost/thumbnails/0").status == 404)
        #expect(second.stop() == 0)

        // A backup made before thumbnails were carried (no thumbnails folder) restores: records without thumbnails.
        let old = root + "/old-backup"
        try FileManager.default.copyItem(atPath: data + "/backups/nightly", toPath: old)
        try FileManager.default.removeItem(atPath: old + "/thumbnails")
        let oldRestore = try TestEnvironment.tempmectl(["restore", old, root + "/from-old", "--json"])
        #expect(oldRestore.status == 0, "\(oldRestore.stderr)")
        #expect(oldRestore.json?["thumbnail_videos"] as? Int == 0)
        let third = try DaemonProcess(dataDirectory: root + "/from-old")
        let record = try HTTPExchange.send("POST", third.httpURL + "/v1/get", body: #"{"id": "red", "kind": "KIND_VIDEO"}"#)
        #expect(record.status == 200)
        #expect(try HTTPExchange.send("GET", third.httpURL + "/v1/videos/red/thumbnails/0").status == 404)
        #expect(third.stop() == 0)

        // Migrate into another data directory: the copied videos' thumbnails go along, the ghost's do not.
        let moved = root + "/moved"
        let migrate = try TestEnvironment.tempmectl([
            "migrate", "--set", "data_dir=\(data)", "--to", "embedded:\(moved)", "--builtin-model", "tiny",
            "--set", "model.vocab_file=\(TestEnvironment.vocabulary)", "--json",
        ])
        #expect(migrate.status == 0, "\(migrate.stdout) \(migrate.stderr)")
        #expect(migrate.json?["thumbnail_videos"] as? Int == 2)
        #expect(Set(try folderIDs(in: moved + "/thumbnails")) == Set(ids))
        let fourth = try DaemonProcess(dataDirectory: moved)
        #expect(try thumbnails(of: ids, from: fourth) == original)
        #expect(fourth.stop() == 0)
    }

    /// Every thumbnail of each video, by id, fetched over HTTP until the first 404.
    private func thumbnails(of ids: [String], from daemon: DaemonProcess) throws -> [String: [Data]] {
        var result: [String: [Data]] = [:]
        for id in ids {
            var frames: [Data] = []
            while true {
                let answer = try HTTPExchange.send("GET", daemon.httpURL + "/v1/videos/\(id)/thumbnails/\(frames.count)")
                guard answer.status == 200 else { break }
                frames.append(answer.body)
            }
            result[id] = frames
        }
        return result
    }

    /// The ids written in the folders of a thumbnails directory (`<folder>/id`).
    private func folderIDs(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { !$0.hasPrefix(".") }.map {
            try String(contentsOfFile: directory + "/" + $0 + "/id", encoding: .utf8)
        }
    }

    /// The folder of a thumbnails directory holding video `id`'s thumbnails.
    private func folder(of id: String, in directory: String) throws -> String? {
        try FileManager.default.contentsOfDirectory(atPath: directory)
            .first { (try? String(contentsOfFile: directory + "/" + $0 + "/id", encoding: .utf8)) == id }
            .map { directory + "/" + $0 }
    }
}
