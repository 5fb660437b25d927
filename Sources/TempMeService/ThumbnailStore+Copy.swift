// Thumbnails travel with their records: into a backup, out of a restored one, and between data directories (migrate).
import Foundation

/// What a thumbnail copy carried.
public struct ThumbnailCopy: Sendable, Equatable {
    /// Videos whose thumbnails were copied.
    public var videos = 0
    /// Bytes of their files.
    public var bytes: UInt64 = 0

    /// Nothing copied yet.
    public init() {}
}

extension ThumbnailStore {
    /// The folder inside a backup that carries its thumbnails, beside RocksDB's files (none of which has this name).
    public static let backupFolderName = "thumbnails"

    /// The videos with thumbnails here: each id with its folder. Staging folders and folders whose `id` file is
    /// missing or names another folder are left out.
    public func folders() -> [(id: String, path: String)] {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory) else { return [] }
        return names.sorted().compactMap { name in
            let path = directory + "/" + name
            guard !name.hasPrefix("."), let bytes = manager.contents(atPath: path + "/id"),
                let id = String(data: bytes, encoding: .utf8), folder(id) == path
            else { return nil }
            return (id, path)
        }
    }

    /// Copies the thumbnails of the videos `keeping` picks into `destination`, replacing its folders of the same
    /// videos. `keeping` gets the ids held here, at most 256 at a time, and returns those to copy (e.g. the ones a
    /// store holds). Each folder is staged, then renamed into place, so no reader sees half of one. Files are
    /// hard-linked where the file system allows (thumbnails are never changed in place, only replaced), else copied.
    @discardableResult
    public func copy(into destination: ThumbnailStore, keeping: ([String]) throws -> Set<String>) throws -> ThumbnailCopy {
        let manager = FileManager.default
        let held = folders()
        var kept = Set<String>()
        for start in stride(from: 0, to: held.count, by: 256) {
            kept.formUnion(try keeping(held[start..<min(start + 256, held.count)].map(\.id)))
        }
        var copied = ThumbnailCopy()
        for (id, source) in held where kept.contains(id) {
            try manager.createDirectory(atPath: destination.directory, withIntermediateDirectories: true)
            let staging = destination.directory + "/.staging-\(UUID().uuidString)"
            try manager.createDirectory(atPath: staging, withIntermediateDirectories: false)
            defer { try? manager.removeItem(atPath: staging) }
            for name in try manager.contentsOfDirectory(atPath: source) {
                let from = source + "/" + name
                let to = staging + "/" + name
                if (try? manager.linkItem(atPath: from, toPath: to)) == nil { try manager.copyItem(atPath: from, toPath: to) }
                copied.bytes += (try manager.attributesOfItem(atPath: to)[.size] as? NSNumber)?.uint64Value ?? 0
            }
            let target = destination.folder(id)
            try? manager.removeItem(atPath: target)
            try manager.moveItem(atPath: staging, toPath: target)
            copied.videos += 1
        }
        return copied
    }
}
