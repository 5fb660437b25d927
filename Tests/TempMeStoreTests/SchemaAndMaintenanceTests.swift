import Foundation
import Testing
import TempMeBenchmarks
@testable import TempMeStore

/// Schema versioning, foreign databases, backup/restore and compaction.
@Suite struct SchemaAndMaintenanceTests {
    @Test func otherSchemaVersionIsRefused() throws {
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        try EmbeddingStore(directory: directory, configuration: TestSupport.configuration()).close()
        let raw = try RocksDatabase(path: directory.path, createIfMissing: false)
        try raw.write([.put(key: StoreKeys.schema, value: [3, 0, 0, 0])])
        raw.close()
        #expect(throws: StoreError.unsupportedSchema(found: 3, supported: 2)) {
            try EmbeddingStore(directory: directory, configuration: TestSupport.configuration())
        }
    }

    @Test func foreignDatabaseAndCorruptRecordsAreRefused() throws {
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        let raw = try RocksDatabase(path: directory.path, createIfMissing: true)
        try raw.write([.put(key: Array("someone else's key".utf8), value: [1])])
        raw.close()
        #expect(throws: StoreError.notAStore(path: directory.path)) {
            try EmbeddingStore(directory: directory, configuration: TestSupport.configuration())
        }

        let second = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(second) }
        try EmbeddingStore(directory: second, configuration: TestSupport.configuration()).close()
        let poke = try RocksDatabase(path: second.path, createIfMissing: false)
        try poke.write([.put(key: StoreKeys.key(.video, id: "garbage"), value: [1, 1, 0])])
        poke.close()
        #expect(throws: StoreError.corruptRecord(key: "garbage", reason: "truncated at byte 2")) {
            try EmbeddingStore(directory: second, configuration: TestSupport.configuration())
        }
    }

    @Test func alreadyOpenStoreIsATypedError() throws {
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        let store = try EmbeddingStore(directory: directory, configuration: TestSupport.configuration())
        #expect(throws: StoreError.alreadyOpen(path: directory.path)) {
            try EmbeddingStore(directory: directory, configuration: TestSupport.configuration())
        }
        store.close()
    }

    @Test func onlineBackupRestoresAConsistentCopy() throws {
        let root = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(root) }
        let live = root.appendingPathComponent("live")
        let configuration = TestSupport.configuration(dimension: 8)
        let store = try EmbeddingStore(directory: live, configuration: configuration)
        try store.putVideos((0..<50).map { SyntheticRecords.video($0, dimension: 8, fingerprint: TestSupport.fingerprint) })
        // Writers keep going while the checkpoint is taken; the backup holds whole batches of 10.
        let writer = Thread {
            for batch in 0..<20 {
                _ = try? store.putVideos((0..<10).map {
                    SyntheticRecords.video(1000 + batch * 10 + $0, dimension: 8, fingerprint: TestSupport.fingerprint)
                })
            }
        }
        writer.start()
        let backup = root.appendingPathComponent("backup")
        try store.backup(to: backup)
        #expect(throws: StoreError.destinationExists(path: backup.path)) { try store.backup(to: backup) }
        while writer.isExecuting || !writer.isFinished { usleep(1000) }
        try store.compact()
        #expect(store.count(kind: .video) == 250)

        let restored = root.appendingPathComponent("restored")
        try EmbeddingStore.restore(backup: backup, to: restored)
        #expect(throws: StoreError.destinationExists(path: restored.path)) {
            try EmbeddingStore.restore(backup: backup, to: restored)
        }
        #expect(throws: StoreError.notABackup(path: root.appendingPathComponent("nothing").path, reason: "it holds no RocksDB CURRENT file")) {
            try EmbeddingStore.restore(backup: root.appendingPathComponent("nothing"), to: root.appendingPathComponent("x"))
        }
        let copy = try EmbeddingStore(directory: restored, configuration: configuration)
        #expect(copy.count(kind: .video) >= 50)
        #expect((copy.count(kind: .video) - 50) % 10 == 0)
        var cursor: String?
        repeat {
            let page = try copy.list(kind: .video, after: cursor, limit: 64)
            for id in page.ids {
                let number = try #require(SyntheticRecords.number(fromID: id))
                #expect(try copy.video(id: id) == SyntheticRecords.video(number, dimension: 8, fingerprint: TestSupport.fingerprint))
            }
            cursor = page.nextCursor
        } while cursor != nil
    }

    @Test func backupFailuresNameTheDestinationAndTheirCause() throws {
        let root = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(root) }
        let store = try EmbeddingStore(directory: root.appendingPathComponent("live"), configuration: TestSupport.configuration())
        defer { store.close() }
        func cause(_ path: String) -> BackupFailureCause? {
            do {
                try store.backup(to: URL(fileURLWithPath: path))
                return nil
            } catch StoreError.backupFailed(let failed, let cause, let detail) {
                #expect(failed == path && !detail.isEmpty)
                return cause
            } catch {
                Issue.record("unexpected \(error)")
                return nil
            }
        }
        #expect(cause("/proc/x") == .unusable)
        #expect(cause("/sys/x") == .noPermission)
        let full = StoreError.fromRocksDB("IO error: While appending to file: /b/000012.sst: No space left on device",
                                          operation: "backup", path: root.path)
        #expect(full.asBackupFailure(at: "/b") == .backupFailed(path: "/b", cause: .noSpace, detail: "IO error: While appending to file: /b/000012.sst: No space left on device"))
        #expect(StoreError.fromRocksDB("Invalid argument: Directory exists", operation: "backup", path: root.path)
            .asBackupFailure(at: "/b") == .destinationExists(path: "/b"))
    }

    @Test func searchesSeeWholeBatchesWhileWritersRun() throws {
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        let store = try EmbeddingStore(directory: directory, configuration: TestSupport.configuration(dimension: 8))
        let writers = (0..<3).map { writer in
            Thread {
                for batch in 0..<15 {
                    let first = writer * 10_000 + batch * 10
                    _ = try? store.putVideos((first..<first + 10).map {
                        SyntheticRecords.video($0, dimension: 8, fingerprint: TestSupport.fingerprint)
                    })
                }
            }
        }
        writers.forEach { $0.start() }
        var searches = 0
        var sawPartialBatch = false
        while writers.contains(where: { !$0.isFinished }) || searches < 20 {
            let hits = try store.search(SyntheticRecords.embedding(seed: 99, dimension: 8), kind: .video, k: 10_000)
            let batches = try store.search(batch: [[1, 0, 0, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0, 0, 0]], kind: .video, k: 10_000)
            sawPartialBatch = sawPartialBatch || hits.count % 10 != 0 || batches.contains { $0.count % 10 != 0 }
            #expect(batches[0].count == batches[1].count)
            searches += 1
        }
        #expect(!sawPartialBatch)
        #expect(store.count(kind: .video) == 450)
    }
}
