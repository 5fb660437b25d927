import Foundation
import TempMeBasics

extension EmbeddingStore {
    /// Writes a consistent online backup (a RocksDB checkpoint) into `destination`, which must not exist
    /// and must lie outside the store; its parent must exist unless `creatingParent` (then it is created,
    /// mode 0750). Failures at the destination are `destinationInsideStore`, `destinationExists` or `backupFailed`.
    public func backup(to destination: URL, creatingParent: Bool = false) throws {
        let store = directory.standardizedFileURL.path
        let path = destination.standardizedFileURL.path
        guard path != store && !path.hasPrefix(store + "/") else {
            throw StoreError.destinationInsideStore(path: path, store: store)
        }
        if creatingParent { try Self.prepareBackupDirectory(destination.deletingLastPathComponent()) }
        guard !FileManager.default.fileExists(atPath: destination.path) else {
            throw StoreError.destinationExists(path: destination.path)
        }
        do {
            try whileOpen { try database.checkpoint(to: destination.path) }
        } catch let error as StoreError {
            throw error.asBackupFailure(at: destination.path)
        }
    }

    /// Bytes of the files under the store's directory.
    public func storageBytes() -> UInt64 {
        DirectorySize.bytes(under: directory)
    }

    /// Creates `directory` (with missing parents, mode 0750) to hold backups; failures are `backupFailed`.
    private static func prepareBackupDirectory(_ directory: URL) throws {
        do {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
        } catch {
            throw StoreError.fromFileSystem(error, operation: "backup", path: directory.path).asBackupFailure(at: directory.path)
        }
    }

    /// Compacts the database now (reclaims space of deleted and replaced records).
    public func compact() throws {
        try whileOpen { database.compact() }
    }

    /// Restores a backup made by `backup(to:)` into `destination` (absent or empty), checking its schema.
    /// The backup is copied to a staging directory next to `destination` first, so a failure leaves
    /// `destination` as it was. Open the result with `init(directory:configuration:)`.
    public static func restore(backup: URL, to destination: URL) throws {
        let manager = FileManager.default
        guard manager.fileExists(atPath: backup.appendingPathComponent("CURRENT").path) else {
            throw StoreError.notABackup(path: backup.path, reason: "it holds no RocksDB CURRENT file")
        }
        if manager.fileExists(atPath: destination.path) {
            let contents = (try? manager.contentsOfDirectory(atPath: destination.path)) ?? ["?"]
            guard contents.isEmpty else { throw StoreError.destinationExists(path: destination.path) }
        }
        let staging = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).restoring-\(ProcessInfo.processInfo.processIdentifier)")
        try? manager.removeItem(at: staging)
        defer { try? manager.removeItem(at: staging) }
        do {
            try manager.copyItem(at: backup, to: staging)
        } catch {
            throw StoreError.fromFileSystem(error, operation: "restore (copying the backup)", path: staging.path)
        }
        try checkBackupCopy(staging, of: backup)
        do {
            if manager.fileExists(atPath: destination.path) { try manager.removeItem(at: destination) }
            try manager.moveItem(at: staging, to: destination)
        } catch {
            throw StoreError.fromFileSystem(error, operation: "restore (moving the copy into place)", path: destination.path)
        }
    }

    /// Opens the staged copy of `backup` and checks it is a TempMe store of this schema version.
    private static func checkBackupCopy(_ staging: URL, of backup: URL) throws {
        do {
            let database = try RocksDatabase(path: staging.path, createIfMissing: false)
            defer { database.close() }
            try checkSchema(database, createIfEmpty: false)
        } catch StoreError.notAStore {
            throw StoreError.notABackup(path: backup.path, reason: "its RocksDB database is not a TempMe store (no schema record)")
        } catch StoreError.corruptDatabase(_, let detail) {
            throw StoreError.notABackup(path: backup.path, reason: "RocksDB cannot read it: \(detail)")
        } catch StoreError.storageFailure(_, let detail) {
            throw StoreError.notABackup(path: backup.path, reason: "RocksDB cannot open it: \(detail)")
        }
    }
}
