// What lives where inside a data directory, so the daemon, backups and `tempmectl restore` agree.
import Foundation

/// Paths inside a data directory: the RocksDB store, the default backup directory (the lock file is `DataDirectoryLock.fileName`).
public enum DataDirectoryLayout {
    /// Name of the store's subdirectory.
    public static let storeName = "store"
    /// Name of the default backup directory (`store.backup_dir` when unset).
    public static let backupsName = "backups"
    /// Name of the thumbnails' directory (JPEGs of each video's sampled frames, for the web page).
    public static let thumbnailsName = "thumbnails"

    /// The RocksDB store of the data directory `dataDirectory`.
    public static func store(in dataDirectory: String) -> URL {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent(storeName)
    }

    /// The default backup directory of the data directory `dataDirectory`.
    public static func backups(in dataDirectory: String) -> String {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent(backupsName).path
    }

    /// The thumbnails of the data directory `dataDirectory`.
    public static func thumbnails(in dataDirectory: String) -> String {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent(thumbnailsName).path
    }
}
