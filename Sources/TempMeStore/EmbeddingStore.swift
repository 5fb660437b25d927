import Foundation
import TempMeBasics

/// The embedded `RecordStore`: every record durably in RocksDB, plus an in-memory normalized matrix per
/// kind (with each row's id, metadata and text) that answers exact cosine top-K. Searches run
/// concurrently with writes and each sees one consistent state of the index. Errors are `StoreError`.
public final class EmbeddingStore: RecordStore {
    /// How the store was opened.
    public let configuration: StoreConfiguration
    /// The database directory.
    public let directory: URL

    let database: RocksDatabase
    let indexes: IndexState
    let lifecycle: Lifecycle
    let committer: GroupCommitter<[StoreMutation], [MutationOutcome]>

    /// Opens (creating if allowed) the store in `directory` and rebuilds the search index from it.
    public init(directory: URL, configuration: StoreConfiguration) throws {
        try configuration.validate()
        self.configuration = configuration
        self.directory = directory
        let path = directory.path
        try Self.prepareDirectory(path, create: configuration.createIfMissing)
        let database = try RocksDatabase(path: path, createIfMissing: configuration.createIfMissing)
        do {
            try Self.checkSchema(database, createIfEmpty: true)
            self.indexes = try IndexRebuild(database: database, configuration: configuration).run()
        } catch {
            database.close()
            throw error
        }
        self.database = database
        self.lifecycle = Lifecycle()
        let indexes = self.indexes
        self.committer = GroupCommitter(maxBatch: configuration.maxGroupCommitRequests) { requests in
            MutationCommit(database: database, indexes: indexes).commit(requests)
        }
    }

    deinit {
        close()
    }

    /// The fingerprint every new record must carry (that of the loaded model).
    public var modelFingerprint: String { configuration.modelFingerprint }

    /// Closes the database; later calls fail with `StoreError.closed`. Safe to call twice.
    public func close() {
        lifecycle.lock.withWriteLock {
            guard !lifecycle.isClosed else { return }
            lifecycle.isClosed = true
            database.close()
        }
    }

    /// Runs `body` unless the store is closed, keeping it open meanwhile.
    func whileOpen<T>(_ body: () throws -> T) throws -> T {
        try lifecycle.lock.withReadLock {
            guard !lifecycle.isClosed else { throw StoreError.closed }
            return try body()
        }
    }

    private static func prepareDirectory(_ path: String, create: Bool) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw StoreError.storageFailure(operation: "open", detail: "\(path) exists and is not a directory")
            }
            return
        }
        guard create else {
            throw StoreError.storageFailure(operation: "open", detail: "\(path) does not exist and creation is off")
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw StoreError.permissionDenied(path: path, detail: "cannot create the directory: \(error.localizedDescription)")
        }
    }

    /// Checks the schema record; writes it (synced) into a database that holds nothing yet.
    static func checkSchema(_ database: RocksDatabase, createIfEmpty: Bool) throws {
        if let stored = try database.get(StoreKeys.schema) {
            guard stored.count == 4 else {
                throw StoreError.corruptDatabase(path: database.path, detail: "schema record has \(stored.count) bytes")
            }
            let version = stored.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
            if version == StoreKeys.upgradableSchemaVersion {  // older builds must not open a store with segments
                try database.write([.put(key: StoreKeys.schema, value: schemaRecord())])
                return
            }
            guard version == StoreKeys.schemaVersion else {
                throw StoreError.unsupportedSchema(found: version, supported: StoreKeys.schemaVersion)
            }
            return
        }
        var isEmpty = true
        try database.scan(prefix: []) { _, _ in
            isEmpty = false
            return false
        }
        guard isEmpty && createIfEmpty else { throw StoreError.notAStore(path: database.path) }
        try database.write([.put(key: StoreKeys.schema, value: schemaRecord())])
    }

    /// The schema record this build writes.
    private static func schemaRecord() -> [UInt8] {
        var writer = ByteWriter()
        writer.append(StoreKeys.schemaVersion)
        return writer.bytes
    }
}

/// Open/closed flag guarded by a readers-writer lock: operations share it, `close` takes it.
final class Lifecycle: @unchecked Sendable {
    let lock = ReadWriteLock()
    var isClosed = false
}
