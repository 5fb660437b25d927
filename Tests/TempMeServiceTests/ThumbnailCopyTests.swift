// ThumbnailStore.copy: only the videos asked for, whole folders replacing older ones, hard links on one file system.
import Foundation
import TempMeService
import TempMeTestSupport
import TempMeVideo
import Testing

@Suite struct ThumbnailCopyTests {
    /// A two-frame video whose pixels are all `level` (normalized units), enough for two JPEGs.
    private func video(level: Float) -> DecodedVideo {
        DecodedVideo(
            frames: [Float](repeating: level, count: 2 * DecodedVideo.floatsPerFrame), frameCount: 2,
            sampledFrameNumbers: [0, 1], fps: 2, durationSeconds: 1, width: 224, height: 224, codec: "test")
    }

    /// Bytes of the files under `path`, read from the file system.
    private func bytes(under path: String) throws -> UInt64 {
        try FileManager.default.contentsOfDirectory(atPath: path).reduce(0) { sum, name in
            sum + ((try FileManager.default.attributesOfItem(atPath: path + "/" + name)[.size] as? NSNumber)?.uint64Value ?? 0)
        }
    }

    @Test func copiesOnlyTheVideosKeptAndSkipsStrayFolders() throws {
        let directory = try TemporaryDirectory()
        let source = ThumbnailStore(directory: try directory.makeDirectory("source"))
        for (id, level) in [("a", Float(-1)), ("b", 0), ("c", 1)] { try source.save(video(level: level), id: id) }
        _ = try directory.makeDirectory("source/.staging-left-over")
        try directory.write("source/0000000000000000/id", "a")  // a folder whose name is not its id's
        let expected = try source.folders().filter { $0.id != "b" }.reduce(UInt64(0)) { $0 + (try bytes(under: $1.path)) }
        #expect(source.folders().map(\.id).sorted() == ["a", "b", "c"])

        let destination = ThumbnailStore(directory: directory.path + "/destination")
        var asked: [String] = []
        let copied = try source.copy(into: destination) { ids in
            asked += ids
            return Set(ids.filter { $0 != "b" })
        }
        #expect(asked.sorted() == ["a", "b", "c"])
        #expect(copied.videos == 2)
        #expect(copied.bytes == expected)
        #expect(destination.folders().map(\.id).sorted() == ["a", "c"])
        for id in ["a", "c"] {
            #expect(destination.count(id: id) == 2)
            #expect(destination.thumbnail(id: id, index: 1) == source.thumbnail(id: id, index: 1))
        }
        #expect(destination.thumbnail(id: "b", index: 0) == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: destination.directory).allSatisfy { !$0.hasPrefix(".") })
    }

    @Test func replacesTheDestinationsFolderOfTheSameVideoAndKeepsOthers() throws {
        let directory = try TemporaryDirectory()
        let source = ThumbnailStore(directory: directory.path + "/source")
        let destination = ThumbnailStore(directory: directory.path + "/destination")
        try source.save(video(level: 1), id: "a")
        try destination.save(video(level: -1), id: "a")
        try destination.save(video(level: 0), id: "d")
        #expect(destination.thumbnail(id: "a", index: 0) != source.thumbnail(id: "a", index: 0))
        try source.copy(into: destination) { Set($0) }
        #expect(destination.thumbnail(id: "a", index: 0) == source.thumbnail(id: "a", index: 0))
        #expect(destination.count(id: "d") == 2)
    }

    @Test func hardLinksOnOneFileSystem() throws {
        let directory = try TemporaryDirectory()
        let source = ThumbnailStore(directory: directory.path + "/source")
        try source.save(video(level: 0), id: "a")
        let destination = ThumbnailStore(directory: directory.path + "/destination")
        try source.copy(into: destination) { Set($0) }
        let original = try #require(source.folders().first?.path)
        let copy = try #require(destination.folders().first?.path)
        let inode = { (path: String) in (try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? NSNumber)?.uint64Value }
        #expect(try inode(original + "/frame-00.jpg") == inode(copy + "/frame-00.jpg"))
    }
}
