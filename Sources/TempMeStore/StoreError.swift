import Foundation

/// Every failure TempMeStore reports; each message says what went wrong and what to do about it.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case emptyID
    case idTooLong(byteCount: Int, limit: Int)
    case idHasControlCharacters(id: String)
    case idNotNormalized(id: String)
    case wrongDimension(expected: Int, got: Int)
    case nonFiniteEmbedding(index: Int)
    case zeroEmbedding
    case invalidMetadata(reason: String)
    case textTooLong(byteCount: Int, limit: Int)
    case invalidSource(reason: String)
    case fingerprintMismatch(record: String, store: String)
    case foreignRecords(count: Int, exampleID: String, fingerprint: String, expected: String)
    case alreadyExists(id: String)
    case recordNotFound(id: String, kind: RecordKind)
    case recordNotSearchable(id: String, kind: RecordKind)
    case invalidK(Int)
    /// A query's other fields do not fit together (moments out of range, a time outside the video).
    case invalidQuery(reason: String)
    case invalidPageLimit(Int)
    case invalidConfiguration(reason: String)
    case unsupportedSchema(found: UInt32, supported: UInt32)
    case notAStore(path: String)
    case alreadyOpen(path: String)
    case permissionDenied(path: String, detail: String)
    case diskFull(path: String, detail: String)
    case corruptRecord(key: String, reason: String)
    case corruptDatabase(path: String, detail: String)
    case destinationExists(path: String)
    case destinationInsideStore(path: String, store: String)
    case backupFailed(path: String, cause: BackupFailureCause, detail: String)
    case notABackup(path: String, reason: String)
    case storageFailure(operation: String, detail: String)
    case closed
    /// A remote backend (Milvus) could not be reached or stayed busy through every retry; nothing was written.
    case backendUnavailable(reason: String)
    /// The backend in use cannot do this (e.g. a local backup of records kept in Milvus).
    case unsupported(operation: String, reason: String)
    /// The backend's existing data does not fit this model or layout (e.g. another embedding dimension).
    case incompatibleBackend(reason: String)

    /// A sentence a user can act on.
    public var description: String {
        switch self {
        case .emptyID, .idTooLong, .idHasControlCharacters, .idNotNormalized:
            return message(naming: "record id")
        case .wrongDimension(let expected, let got):
            return "embedding has \(got) values but the store holds \(expected)-dimensional embeddings"
        case .nonFiniteEmbedding(let index):
            return "embedding value at index \(index) is NaN or infinite; re-encode the input"
        case .zeroEmbedding:
            return "embedding is all zeros and has no direction; re-encode the input"
        case .invalidMetadata:
            return message(naming: "metadata")
        case .textTooLong:
            return message(naming: "text")
        case .invalidSource(let reason):
            return "video source info rejected: \(reason)"
        case .fingerprintMismatch(let record, let store):
            return "record was made by model \(record.debugDescription) but the store serves model \(store.debugDescription); re-encode it with the loaded model"
        case .foreignRecords(let count, let example, let found, let expected):
            return "\(count) stored record(s) were made by another model (e.g. \(example.debugDescription) by \(found.debugDescription)); the loaded model is \(expected.debugDescription). Re-encode them, delete them, or open with foreign fingerprints excluded or included"
        case .alreadyExists(let id):
            return "a record with id \(id.debugDescription) already exists; delete it first or write in replace mode"
        case .recordNotFound(let id, let kind):
            return "no \(kind.rawValue) record with id \(id.debugDescription); list the store to see what it holds"
        case .recordNotSearchable(let id, let kind):
            return "the \(kind.rawValue) \(id.debugDescription) was made by another model and is not searchable; store it again with the loaded model"
        case .invalidK(let k):
            return "k must be zero or positive, got \(k)"
        case .invalidQuery(let reason):
            return "query rejected: \(reason)"
        case .invalidPageLimit(let limit):
            return "page limit must be in 1...\(StoreLimits.maxPageSize), got \(limit)"
        case .invalidConfiguration(let reason):
            return "store configuration rejected: \(reason)"
        case .unsupportedSchema(let found, let supported):
            return "database uses schema version \(found) but this build understands version \(supported); use a matching tempmed build or migrate the database"
        case .notAStore(let path):
            return "\(path) holds a RocksDB database that is not a TempMe store (no schema record); point the store at an empty or TempMe directory"
        case .alreadyOpen(let path):
            return "the store at \(path) is already open in another process; stop it first"
        case .permissionDenied(let path, let detail):
            return "no permission to use \(path) (\(detail)); fix its ownership or mode, or choose another directory"
        case .diskFull(let path, let detail):
            return "the disk holding \(path) is full (\(detail)); free space, then reopen the store; acknowledged records are intact"
        case .corruptRecord(let key, let reason):
            return "stored record \(key.debugDescription) cannot be decoded (\(reason)); restore from a backup"
        case .corruptDatabase(let path, let detail):
            return "database at \(path) is corrupt (\(detail)); restore it from a backup"
        case .destinationExists(let path):
            return "\(path) already exists; choose a new, non-existent directory"
        case .destinationInsideStore(let path, let store):
            return "backup destination \(path) is inside the live store \(store); choose a directory outside it"
        case .backupFailed(let path, let cause, let detail):
            return cause.sentence(path: path, detail: detail)
        case .notABackup(let path, let reason):
            return "\(path) is not a tempmed backup (\(reason)); give a directory written by `tempmectl backup`"
        case .storageFailure(let operation, let detail):
            return "storage \(operation) failed: \(detail)"
        case .closed:
            return "the store is closed; open it again"
        case .backendUnavailable(let reason):
            return "\(reason); retry once it is back"
        case .unsupported(let operation, let reason):
            return "\(operation) is not available on this store backend: \(reason)"
        case .incompatibleBackend(let reason):
            return reason
        }
    }
}

/// Why a backup could not be written where it was asked for.
public enum BackupFailureCause: String, Sendable, Equatable {
    /// The process may not create the directory there (EACCES, EPERM, a read-only file system).
    case noPermission
    /// The file system holding the destination is full.
    case noSpace
    /// The place cannot hold a directory of files (e.g. /proc, a path through a regular file).
    case unusable

    /// The message for a failure at `path` with the operating system's `detail`.
    func sentence(path: String, detail: String) -> String {
        switch self {
        case .noPermission:
            return "no permission to write a backup at \(path) (\(detail)); choose a directory the daemon can write "
                + "(under systemd: inside its state directory, or one listed in ReadWritePaths=)"
        case .noSpace:
            return "no space left for a backup at \(path) (\(detail)); free space or choose another file system; the store is intact"
        case .unusable:
            return "cannot write a backup at \(path) (\(detail)); choose a directory on a writable local file system"
        }
    }
}

extension StoreError {
    /// This failure of a backup into `path`, with the destination's OS errors as `backupFailed` (which name `path`).
    public func asBackupFailure(at path: String) -> StoreError {
        switch self {
        case .permissionDenied(_, let detail): return .backupFailed(path: path, cause: .noPermission, detail: detail)
        case .diskFull(_, let detail): return .backupFailed(path: path, cause: .noSpace, detail: detail)
        case .storageFailure(_, let detail) where detail.lowercased().contains("directory exists"):
            return .destinationExists(path: path)
        case .storageFailure(_, let detail): return .backupFailed(path: path, cause: .unusable, detail: detail)
        default: return self
        }
    }

    /// Turns a RocksDB error string into the matching case.
    static func fromRocksDB(_ message: String, operation: String, path: String) -> StoreError {
        let lowered = message.lowercased()
        if lowered.contains("no space left") || lowered.contains("file too large") {
            return .diskFull(path: path, detail: message)
        }
        if lowered.contains("permission denied") || lowered.contains("read-only file system")
            || lowered.contains("operation not permitted") {
            return .permissionDenied(path: path, detail: message)
        }
        if lowered.contains("lock") && (lowered.contains("resource temporarily unavailable") || lowered.contains("no locks available")) {
            return .alreadyOpen(path: path)
        }
        if lowered.hasPrefix("corruption") {
            return .corruptDatabase(path: path, detail: message)
        }
        return .storageFailure(operation: operation, detail: message)
    }
}

extension StoreError {
    /// Turns a Foundation file-system error into the matching case: a full disk, a permission problem, or a failure.
    public static func fromFileSystem(_ error: any Error, operation: String, path: String) -> StoreError {
        let nsError = error as NSError
        let posix = (nsError.userInfo[NSUnderlyingErrorKey] as? NSError).flatMap { $0.domain == NSPOSIXErrorDomain ? $0.code : nil }
            ?? (nsError.domain == NSPOSIXErrorDomain ? nsError.code : nil)
        guard let code = posix.map(Int32.init) else {
            return .storageFailure(operation: operation, detail: "\(path): \(nsError.localizedDescription)")
        }
        let reason = String(cString: strerror(code))
        switch code {
        case ENOSPC, EDQUOT: return .diskFull(path: path, detail: reason)
        case EACCES, EPERM, EROFS: return .permissionDenied(path: path, detail: reason)
        default: return .storageFailure(operation: operation, detail: "\(path): \(reason)")
        }
    }
}
