// `tempmectl restore`: puts a backup back as the store of a data directory, offline, changing nothing on refusal.
import Foundation
import TempMeBasics
import TempMeService
import TempMeStore

/// What a restore did.
public struct RestoreSummary: Sendable, Equatable {
    /// The backup read.
    public var backup: String
    /// The data directory restored into.
    public var dataDirectory: String
    /// The store directory written (`<data_dir>/store`).
    public var store: String
    /// Bytes of the restored store.
    public var bytes: UInt64
    /// The thumbnails the backup carried, now in `<data_dir>/thumbnails` (none from backups made before they were carried).
    public var thumbnails: ThumbnailCopy
}

/// Restores a backup into a data directory while no daemon runs on it.
public enum DataDirectoryRestore {
    /// Copies `backup` into `<dataDirectory>/store`, and the thumbnails it carries into `<dataDirectory>/thumbnails`
    /// (replacing folders of the same videos), under the data directory's lock. Refuses (and changes nothing) when the backup is missing or invalid, a daemon holds the lock, or a store is already there.
    /// Errors are `ServiceError`s: NOT_FOUND, FAILED_PRECONDITION, ALREADY_EXISTS, INVALID_ARGUMENT...
    public static func run(backup: String, dataDirectory: String) throws(ServiceError) -> RestoreSummary {
        let manager = FileManager.default
        guard manager.fileExists(atPath: backup) else {
            throw .notFound("no backup at \(backup); give a directory written by `tempmectl backup`")
        }
        let existed = manager.fileExists(atPath: dataDirectory)
        if existed {
            try checkNotInUse(dataDirectory)
            try checkHoldsNoStore(dataDirectory)
        }
        let lockFile = DataDirectoryLock.filePath(in: dataDirectory)
        let lockExisted = manager.fileExists(atPath: lockFile)
        let store = DataDirectoryLayout.store(in: dataDirectory)
        let thumbnails: ThumbnailCopy
        do {
            let lock = try DataDirectoryLock(directory: dataDirectory)
            defer { lock.release() }
            try checkHoldsNoStore(dataDirectory)  // again, now that no daemon can start on it
            try EmbeddingStore.restore(backup: URL(fileURLWithPath: backup), to: store)
            do {
                thumbnails = try restoreThumbnails(carriedIn: store, dataDirectory: dataDirectory)
            } catch {
                try? manager.removeItem(at: store)  // it was absent or empty before
                throw StoreError.fromFileSystem(error, operation: "restore (thumbnails)", path: DataDirectoryLayout.thumbnails(in: dataDirectory))
            }
            let thumbnailPaths = thumbnails.videos > 0 ? [DataDirectoryLayout.thumbnails(in: dataDirectory)] : []
            giveToOwner(of: dataDirectory, [store.path] + thumbnailPaths + (lockExisted ? [] : [lockFile]))
        } catch {
            if !existed {
                try? manager.removeItem(atPath: dataDirectory)
            } else if !lockExisted {
                try? manager.removeItem(atPath: lockFile)
            }
            throw failure(error)
        }
        return RestoreSummary(backup: backup, dataDirectory: dataDirectory, store: store.path,
                              bytes: DirectorySize.bytes(under: store), thumbnails: thumbnails)
    }

    /// Moves the thumbnails a backup carries (`<store>/thumbnails` after the copy; absent in backups made before
    /// thumbnails were carried) out of the store into `<dataDirectory>/thumbnails`.
    private static func restoreThumbnails(carriedIn store: URL, dataDirectory: String) throws -> ThumbnailCopy {
        let carried = store.appendingPathComponent(ThumbnailStore.backupFolderName).path
        guard FileManager.default.fileExists(atPath: carried) else { return ThumbnailCopy() }
        let copied = try ThumbnailStore(directory: carried)
            .copy(into: ThumbnailStore(directory: DataDirectoryLayout.thumbnails(in: dataDirectory))) { Set($0) }
        try FileManager.default.removeItem(atPath: carried)
        return copied
    }

    /// Refuses an existing data directory that is not a directory or whose lock a running daemon holds.
    private static func checkNotInUse(_ dataDirectory: String) throws(ServiceError) {
        guard PathArithmetic.isDirectory(dataDirectory) else {
            throw .failedPrecondition("\(dataDirectory) exists and is not a directory; give a data directory")
        }
        let holder = DataDirectoryLock.holder(of: dataDirectory)
        if holder.locked {
            let owner = holder.pid.map { "tempmed (pid \($0))" } ?? "a running tempmed"
            throw .failedPrecondition("\(owner) is using \(dataDirectory); stop it before restoring (systemctl stop tempmed)")
        }
    }

    /// Refuses a data directory that is a store itself or already holds one.
    private static func checkHoldsNoStore(_ dataDirectory: String) throws(ServiceError) {
        let manager = FileManager.default
        if manager.fileExists(atPath: dataDirectory + "/CURRENT") {
            throw .invalidArgument("\(dataDirectory) is a RocksDB store itself; give the data directory that holds it")
        }
        let store = DataDirectoryLayout.store(in: dataDirectory).path
        if let contents = try? manager.contentsOfDirectory(atPath: store), !contents.isEmpty {
            throw .alreadyExists("\(dataDirectory) already holds a store (\(store)); restore into a new data directory, or move that store away first")
        }
    }

    /// Run as root (`sudo tempmectl restore ... /var/lib/tempmed`), hands `paths` (recursively) to the owner of
    /// the data directory, so a daemon running as that user (tempmed under systemd) can open them.
    private static func giveToOwner(of dataDirectory: String, _ paths: [String]) {
        var owner = stat()
        guard geteuid() == 0, stat(dataDirectory, &owner) == 0, owner.st_uid != 0 else { return }
        for path in paths {
            _ = lchown(path, owner.st_uid, owner.st_gid)
            let children = FileManager.default.enumerator(atPath: path)
            while let child = children?.nextObject() as? String {
                _ = lchown(path + "/" + child, owner.st_uid, owner.st_gid)
            }
        }
    }

    /// The status of a failed restore step.
    private static func failure(_ error: any Error) -> ServiceError {
        switch error {
        case let error as LifecycleError: return .failedPrecondition(error.description)
        case let error as StoreError:
            if case .permissionDenied = error { return .permissionDenied(error.description) }
            return ServiceError.from(error)
        default: return ServiceError.from(error)
        }
    }
}
