import Foundation
import Testing
import TempMeBasics
import TempMeBenchmarks
@testable import TempMeStore

/// SIGKILL and full disks never lose an acknowledged record or leave a corrupt store.
@Suite(.serialized) struct CrashSafetyTests {
    static let fingerprint = "crash-test-model"  // what `write-loop` stamps on its records

    /// Opens the store and checks that every acknowledged record is there, bit-identical, and that
    /// every stored record (acknowledged or not) decodes to exactly what its writer meant.
    static func verify(_ directory: URL, dimension: Int, acknowledged: Set<Int>) throws {
        let store = try EmbeddingStore(directory: directory, configuration: StoreConfiguration(dimension: dimension, modelFingerprint: fingerprint))
        defer { store.close() }
        for number in acknowledged.sorted() {
            let stored = try store.video(id: SyntheticRecords.id(number))
            #expect(stored == SyntheticRecords.video(number, dimension: dimension, fingerprint: fingerprint), "record \(number)")
        }
        var storedCount = 0
        var cursor: String?
        repeat {
            let page = try store.list(kind: .video, after: cursor, limit: 500)
            for id in page.ids {
                let number = try #require(SyntheticRecords.number(fromID: id))
                #expect(try store.video(id: id) == SyntheticRecords.video(number, dimension: dimension, fingerprint: fingerprint))
            }
            storedCount += page.ids.count
            cursor = page.nextCursor
        } while cursor != nil
        #expect(storedCount == store.count(kind: .video))
        #expect(storedCount >= acknowledged.count)
        let probe = SyntheticRecords.embedding(seed: 5, dimension: dimension)
        #expect(try store.search(probe, kind: .video, k: storedCount + 1).count == storedCount)
    }

    @Test func sigkillAtRandomMomentsKeepsEveryAcknowledgedRecord() throws {
        let tool = try #require(TestSupport.toolURL(), "build tempme-store-tool first (swift build)")
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        let dimension = 16
        var generator = SplitMix64(seed: 20_250_601)
        var acknowledged: Set<Int> = []
        var roundsWithWrites = 0
        for round in 0..<24 {
            let child = try ChildWriter(tool: tool, directory: directory, dimension: dimension, start: round * 1_000_000)
            if round % 2 == 0 {
                usleep(UInt32(generator.next() % 300_000))  // anywhere, including during open and recovery
            } else {
                child.wait(timeout: 10) { !child.acknowledged.isEmpty }
                usleep(UInt32(generator.next() % 150_000))  // in the middle of writing
            }
            child.kill()
            let ending = child.finish()
            #expect(ending.killed, "write-loop ended by itself with status \(ending.status): \(child.lines.suffix(3))")
            let acks = child.acknowledged
            if !acks.isEmpty { roundsWithWrites += 1 }
            acknowledged.formUnion(acks)
        }
        #expect(roundsWithWrites >= 10)
        try Self.verify(directory, dimension: dimension, acknowledged: acknowledged)
    }

    @Test func fileSizeLimitActsLikeAFullDisk() throws {
        let tool = try #require(TestSupport.toolURL(), "build tempme-store-tool first (swift build)")
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        let dimension = 256
        let child = try ChildWriter(tool: tool, directory: directory, dimension: dimension, start: 0,
                                    extra: ["--fsize-limit", String(1_500_000)])
        child.wait(timeout: 60) { false }
        child.kill()
        let ending = child.finish()
        let errors = child.lines.filter { $0.hasPrefix("error ") }
        #expect(ending.status == 3 && !ending.killed)
        #expect(errors.count == 1)
        #expect(errors.first?.contains("is full") == true, "\(errors)")
        #expect(!child.acknowledged.isEmpty)
        try Self.verify(directory, dimension: dimension, acknowledged: Set(child.acknowledged))
    }

    @Test(.enabled(if: SmallFilesystem.isAvailable, "needs root and permission to mount a tmpfs"))
    func fullTmpfsGivesTypedErrorsAndKeepsAcknowledgedRecords() throws {
        let filesystem = try SmallFilesystem(sizeBytes: 3 << 20)
        defer { filesystem.unmount() }
        let directory = filesystem.mountPoint.appendingPathComponent("store")
        let dimension = 256
        let configuration = StoreConfiguration(dimension: dimension, modelFingerprint: Self.fingerprint)
        var acknowledged: Set<Int> = []
        var failure: StoreError?
        do {
            let store = try EmbeddingStore(directory: directory, configuration: configuration)
            for batch in 0..<10_000 where failure == nil {
                let numbers = batch * 20..<(batch + 1) * 20
                do {
                    try store.putVideos(numbers.map { SyntheticRecords.video($0, dimension: dimension, fingerprint: Self.fingerprint) })
                    acknowledged.formUnion(numbers)
                } catch let error as StoreError {
                    failure = error
                }
            }
            // After the failure the store keeps answering reads and refuses writes with typed errors.
            #expect(throws: StoreError.self) { try store.putVideo(SyntheticRecords.video(999_999, dimension: dimension, fingerprint: Self.fingerprint)) }
            #expect(try store.video(id: SyntheticRecords.id(0)) != nil)
            store.close()
        }
        guard case .diskFull = failure else {
            Issue.record("expected diskFull, got \(String(describing: failure))")
            return
        }
        #expect(!acknowledged.isEmpty)
        #expect(filesystem.resize(bytes: 64 << 20))
        try Self.verify(directory, dimension: dimension, acknowledged: acknowledged)
    }

    @Test(.enabled(if: geteuid() != 0 || SmallFilesystem.isAvailable, "as root this needs a read-only tmpfs mount"))
    func directoryWithoutWritePermissionIsATypedError() throws {
        if geteuid() != 0 {
            let parent = TestSupport.scratchDirectory()
            defer {
                chmod(parent.path, 0o755)
                TestSupport.cleanup(parent)
            }
            let existing = parent.appendingPathComponent("store")
            try EmbeddingStore(directory: existing, configuration: TestSupport.configuration()).close()
            chmod(existing.path, 0o500)
            defer { chmod(existing.path, 0o755) }
            #expect(throws: StoreError.self) { try EmbeddingStore(directory: existing, configuration: TestSupport.configuration()) }
            chmod(parent.path, 0o500)
            let error = #expect(throws: StoreError.self) {
                try EmbeddingStore(directory: parent.appendingPathComponent("new"), configuration: TestSupport.configuration())
            }
            guard case .permissionDenied = error else { Issue.record("got \(String(describing: error))"); return }
            return
        }
        let filesystem = try SmallFilesystem(sizeBytes: 8 << 20)
        defer { filesystem.unmount() }
        let existing = filesystem.mountPoint.appendingPathComponent("store")
        let store = try EmbeddingStore(directory: existing, configuration: TestSupport.configuration())
        try store.putVideo(TestSupport.video("kept", [1, 0, 0, 0]))
        store.close()
        #expect(TestSupport.run("/bin/mount", ["-o", "remount,ro", filesystem.mountPoint.path]) == 0)
        for directory in [existing, filesystem.mountPoint.appendingPathComponent("new")] {
            let error = #expect(throws: StoreError.self) {
                try EmbeddingStore(directory: directory, configuration: TestSupport.configuration())
            }
            guard case .permissionDenied = error else { Issue.record("\(directory.lastPathComponent): got \(String(describing: error))"); continue }
        }
        #expect(TestSupport.run("/bin/mount", ["-o", "remount,rw", filesystem.mountPoint.path]) == 0)
        #expect(try EmbeddingStore(directory: existing, configuration: TestSupport.configuration()).video(id: "kept") != nil)
    }
}
