// Thumbnails of each video's sampled frames, made at ingest and kept beside the store, one folder per video.
import Foundation
import TempMeVideo

/// JPEG thumbnails (FrameThumbnails.side px) of the frames the encoder saw, under `directory`, one folder per
/// video id: `<directory>/<fnv64 of id>/id` (the id, to tell hash collisions apart) and `frame-NN.jpg`.
public struct ThumbnailStore: Sendable {
    /// Where the folders live.
    public let directory: String

    /// A store under `directory` (created on first save).
    public init(directory: String) { self.directory = directory }

    /// Writes the thumbnails of `video` for `id`, replacing any older ones; returns their bytes in all.
    @discardableResult
    public func save(_ video: DecodedVideo, id: String) throws -> Int {
        let manager = FileManager.default
        try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let staging = directory + "/.staging-\(UUID().uuidString)"
        try manager.createDirectory(atPath: staging, withIntermediateDirectories: false)
        defer { try? manager.removeItem(atPath: staging) }
        var bytes = 0
        for index in 0..<(video.frames.count / DecodedVideo.floatsPerFrame) {
            let side = FrameThumbnails.side
            let jpeg = try JPEGEncoder.encode(rgb: FrameThumbnails.rgb(of: video, frame: index), width: side, height: side)
            try jpeg.write(to: URL(fileURLWithPath: staging + "/" + Self.frameName(index)))
            bytes += jpeg.count
        }
        try Data(id.utf8).write(to: URL(fileURLWithPath: staging + "/id"))
        let folder = self.folder(id)
        try? manager.removeItem(atPath: folder)
        try manager.moveItem(atPath: staging, toPath: folder)
        return bytes
    }

    /// Thumbnail `index` of video `id`, nil when there is none.
    public func thumbnail(id: String, index: Int) -> Data? {
        guard index >= 0, index < 10_000, owns(id) else { return nil }
        return FileManager.default.contents(atPath: folder(id) + "/" + Self.frameName(index))
    }

    /// How many thumbnails video `id` has.
    public func count(id: String) -> Int {
        guard owns(id), let names = try? FileManager.default.contentsOfDirectory(atPath: folder(id)) else { return 0 }
        return names.filter { $0.hasPrefix("frame-") && $0.hasSuffix(".jpg") }.count
    }

    /// Removes the thumbnails of `id`, if any.
    public func remove(id: String) {
        guard owns(id) else { return }
        try? FileManager.default.removeItem(atPath: folder(id))
    }

    private func owns(_ id: String) -> Bool {
        FileManager.default.contents(atPath: folder(id) + "/id") == Data(id.utf8)
    }

    /// The folder of `id`'s thumbnails: `<directory>/<fnv64 of id, 16 hex digits>`.
    func folder(_ id: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return directory + "/" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    private static func frameName(_ index: Int) -> String {
        index < 10 ? "frame-0\(index).jpg" : "frame-\(index).jpg"
    }
}
