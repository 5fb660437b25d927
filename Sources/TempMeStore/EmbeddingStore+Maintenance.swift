import Foundation

extension EmbeddingStore {
    /// Writes a consistent online backup (a RocksDB checkpoint) into `destination`, which must not exist.
    public func backup(to destination: URL) throws {
        guard !FileManager.default.fileExists(atPath: destination.path) else {
            throw StoreError.destinationExists(path: destination.path)
        }
        try whileOpen { try database.checkpoint(to: destination.path) }
    }

    /// Compacts the database now (reclaims space of deleted and replaced records).
    public func compact() throws {
        try whileOpen { database.compact() }
    }

    /// Restores a backup made by `backup(to:)` into `destination` (absent or empty), checking its schema.
    /// Open the result with `init(directory:configuration:)`.
    public static func restore(backup: URL, to destination: URL) throws {
        let manager = FileManager.default
        guard manager.fileExists(atPath: backup.appendingPathComponent("CURRENT").path) else {
            throw StoreError.notAStore(path: backup.path)
        }
        if manager.fileExists(atPath: destination.path) {
            let contents = (try? manager.contentsOfDirectory(atPath: destination.path)) ?? ["?"]
            guard contents.isEmpty else { throw StoreError.destinationExists(path: destination.path) }
            try? manager.removeItem(at: destination)
        }
        let staging = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).restoring-\(ProcessInfo.processInfo.processIdentifier)")
        try? manager.removeItem(at: staging)
        do {
            try manager.copyItem(at: backup, to: staging)
            let database = try RocksDatabase(path: staging.path, createIfMissing: false)
            defer { database.close() }
            try checkSchema(database, createIfEmpty: false)
        } catch let error as StoreError {
            try? manager.removeItem(at: staging)
            throw error
        } catch {
            try? manager.removeItem(at: staging)
            throw StoreError.storageFailure(operation: "restore", detail: error.localizedDescription)
        }
        do {
            try manager.moveItem(at: staging, to: destination)
        } catch {
            try? manager.removeItem(at: staging)
            throw StoreError.storageFailure(operation: "restore", detail: error.localizedDescription)
        }
    }
}
