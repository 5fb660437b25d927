import CRocksDB
import Foundation
import Synchronization

/// One change inside a RocksDB write batch.
enum BatchOperation {
    case put(key: [UInt8], value: [UInt8])
    case delete(key: [UInt8])
    /// Deletes every key in [from, to).
    case deleteRange(from: [UInt8], to: [UInt8])
}

/// The only file that touches RocksDB's C API: a safe, throwing wrapper around one open database.
///
/// Error pointers start NULL, are freed with `rocksdb_free` and reset after each failure;
/// `rocksdb_get` values are length-delimited (not NUL-terminated) and NULL for not-found or error.
final class RocksDatabase: @unchecked Sendable {
    let path: String
    private let handle: OpaquePointer
    private let options: OpaquePointer
    private let syncedWrite: OpaquePointer
    private let readOptions: OpaquePointer
    /// The first failed write. RocksDB refuses writes after an I/O error anyway, and Debian's build
    /// keeps assertions that abort when a failed WAL writer is used again, so we stop writing here.
    private let writeFailure = Mutex<StoreError?>(nil)
    /// Point reads and scans since open.
    private let readCounter = Atomic<Int>(0)

    /// Opens (or creates) the database in `path`.
    init(path: String, createIfMissing: Bool) throws {
        self.path = path
        let options = rocksdb_options_create()!
        rocksdb_options_set_create_if_missing(options, createIfMissing ? 1 : 0)
        rocksdb_options_set_compression(options, Int32(rocksdb_no_compression))  // embeddings do not compress
        rocksdb_options_set_paranoid_checks(options, 1)
        rocksdb_options_set_allow_mmap_reads(options, 1)  // the open-time scan reads every SST; skip copies
        rocksdb_options_set_write_buffer_size(options, 64 << 20)
        rocksdb_options_set_target_file_size_base(options, 64 << 20)
        rocksdb_options_increase_parallelism(options, 2)
        // LOG keeps only its header: Debian's RocksDB keeps assertions, and one fires when the info
        // logger writes again after a failed write (a full disk), aborting the process.
        rocksdb_options_set_info_log_level(options, 5)
        rocksdb_options_set_keep_log_file_num(options, 4)
        var error: UnsafeMutablePointer<CChar>?
        let handle = rocksdb_open(options, path, &error)
        if let message = Self.take(&error) {
            rocksdb_options_destroy(options)
            throw StoreError.fromRocksDB(message, operation: "open", path: path)
        }
        guard let handle else {
            rocksdb_options_destroy(options)
            throw StoreError.storageFailure(operation: "open", detail: "RocksDB returned no handle for \(path)")
        }
        self.handle = handle
        self.options = options
        self.syncedWrite = rocksdb_writeoptions_create()!
        rocksdb_writeoptions_set_sync(syncedWrite, 1)
        self.readOptions = rocksdb_readoptions_create()!
        rocksdb_readoptions_set_verify_checksums(readOptions, 1)
    }

    /// Returns and frees a RocksDB error string, resetting the pointer to NULL.
    private static func take(_ error: inout UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer = error else { return nil }
        let message = String(cString: pointer)
        rocksdb_free(pointer)
        error = nil
        return message
    }

    private func check(_ error: inout UnsafeMutablePointer<CChar>?, _ operation: String) throws {
        if let message = Self.take(&error) {
            throw StoreError.fromRocksDB(message, operation: operation, path: path)
        }
    }

    /// Point reads and scans since open (tests check which operations are answered from memory).
    var reads: Int { readCounter.load(ordering: .relaxed) }

    /// The value stored under `key`, or nil when absent.
    func get(_ key: [UInt8]) throws -> [UInt8]? {
        readCounter.add(1, ordering: .relaxed)
        var error: UnsafeMutablePointer<CChar>?
        var length = 0
        let value = key.withUnsafeBufferPointer { keyBytes in
            keyBytes.withMemoryRebound(to: CChar.self) { keyChars in
                rocksdb_get(handle, readOptions, keyChars.baseAddress, keyChars.count, &length, &error)
            }
        }
        try check(&error, "read")
        guard let value else { return nil }
        defer { rocksdb_free(value) }
        return Array(UnsafeRawBufferPointer(start: value, count: length))
    }

    /// Applies all operations atomically; the WAL is fsynced before returning.
    /// After one failed write every later write fails with the same error until the store is reopened.
    func write(_ operations: [BatchOperation]) throws {
        if let failure = writeFailure.withLock({ $0 }) { throw failure }
        let batch = rocksdb_writebatch_create()
        defer { rocksdb_writebatch_destroy(batch) }
        for operation in operations {
            switch operation {
            case .put(let key, let value):
                key.withUnsafeBytes { k in
                    value.withUnsafeBytes { v in
                        rocksdb_writebatch_put(batch, k.baseAddress?.assumingMemoryBound(to: CChar.self), k.count,
                                               v.baseAddress?.assumingMemoryBound(to: CChar.self), v.count)
                    }
                }
            case .delete(let key):
                key.withUnsafeBytes { k in
                    rocksdb_writebatch_delete(batch, k.baseAddress?.assumingMemoryBound(to: CChar.self), k.count)
                }
            case .deleteRange(let from, let to):
                from.withUnsafeBytes { f in
                    to.withUnsafeBytes { t in
                        rocksdb_writebatch_delete_range(batch, f.baseAddress?.assumingMemoryBound(to: CChar.self), f.count,
                                                        t.baseAddress?.assumingMemoryBound(to: CChar.self), t.count)
                    }
                }
            }
        }
        var error: UnsafeMutablePointer<CChar>?
        rocksdb_write(handle, syncedWrite, batch, &error)
        if let message = Self.take(&error) {
            let failure = StoreError.fromRocksDB(message, operation: "write", path: path)
            writeFailure.withLock { $0 = $0 ?? failure }
            throw failure
        }
    }

    /// Visits keys starting with `prefix` in byte order, strictly after `prefix + after` when given.
    /// The body gets the key without the prefix and the value; it returns false to stop.
    func scan(
        prefix: [UInt8], after: [UInt8]? = nil, bulk: Bool = false,
        _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        readCounter.add(1, ordering: .relaxed)
        let options = rocksdb_readoptions_create()!
        defer { rocksdb_readoptions_destroy(options) }
        rocksdb_readoptions_set_verify_checksums(options, 1)
        if bulk {
            rocksdb_readoptions_set_fill_cache(options, 0)
            rocksdb_readoptions_set_readahead_size(options, 4 << 20)
        }
        let iterator = rocksdb_create_iterator(handle, options)!
        defer { rocksdb_iter_destroy(iterator) }
        let start = prefix + (after ?? [])
        start.withUnsafeBytes { s in
            rocksdb_iter_seek(iterator, s.baseAddress?.assumingMemoryBound(to: CChar.self), s.count)
        }
        while rocksdb_iter_valid(iterator) != 0 {
            var keyLength = 0
            var valueLength = 0
            guard let keyPointer = rocksdb_iter_key(iterator, &keyLength) else { break }
            let key = UnsafeRawBufferPointer(start: keyPointer, count: keyLength)
            guard key.starts(with: prefix) else { break }
            let suffix = UnsafeRawBufferPointer(rebasing: key[prefix.count...])
            if let after, suffix.elementsEqual(after) {
                rocksdb_iter_next(iterator)
                continue
            }
            let valuePointer = rocksdb_iter_value(iterator, &valueLength)
            let value = UnsafeRawBufferPointer(start: valuePointer, count: valuePointer == nil ? 0 : valueLength)
            guard try body(suffix, value) else { break }
            rocksdb_iter_next(iterator)
        }
        var error: UnsafeMutablePointer<CChar>?
        rocksdb_iter_get_error(iterator, &error)
        try check(&error, "scan")
    }

    /// RocksDB's estimate of the number of keys (for sizing buffers only).
    func estimatedKeyCount() -> Int {
        guard let value = rocksdb_property_value(handle, "rocksdb.estimate-num-keys") else { return 0 }
        defer { rocksdb_free(value) }
        return Int(String(cString: value)) ?? 0
    }

    /// Writes a consistent checkpoint (hard links where possible) into a new directory.
    func checkpoint(to directory: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        let checkpoint = rocksdb_checkpoint_object_create(handle, &error)
        try check(&error, "backup")
        guard let checkpoint else { throw StoreError.storageFailure(operation: "backup", detail: "no checkpoint object") }
        defer { rocksdb_checkpoint_object_destroy(checkpoint) }
        rocksdb_checkpoint_create(checkpoint, directory, 0, &error)
        try check(&error, "backup")
    }

    /// Compacts the whole key range.
    func compact() {
        rocksdb_compact_range(handle, nil, 0, nil, 0)
    }

    /// Flushes memtables to SST files (so the next open need not replay the WAL) and closes the
    /// database; the object must not be used afterwards. A failed flush loses nothing: the WAL stays.
    func close() {
        if writeFailure.withLock({ $0 == nil }) { flushMemtables() }
        rocksdb_close(handle)
        rocksdb_writeoptions_destroy(syncedWrite)
        rocksdb_readoptions_destroy(readOptions)
        rocksdb_options_destroy(options)
    }

    private func flushMemtables() {
        let flush = rocksdb_flushoptions_create()!
        rocksdb_flushoptions_set_wait(flush, 1)
        var error: UnsafeMutablePointer<CChar>?
        rocksdb_flush(handle, flush, &error)
        _ = Self.take(&error)
        rocksdb_flushoptions_destroy(flush)
    }
}
