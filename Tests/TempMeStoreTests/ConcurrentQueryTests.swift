import Foundation
import Synchronization
import Testing
import TempMeBenchmarks
@testable import TempMeStore

/// Queries beside deletes and re-inserts: every answer is one consistent snapshot.
@Suite struct ConcurrentQueryTests {
    static let dimension = 8

    static func video(_ number: Int, group: String) -> VideoRecord {
        var record = SyntheticRecords.video(number, dimension: dimension, fingerprint: TestSupport.fingerprint)
        record.metadata = ["group": group, "id": record.id]
        return record
    }

    static func text(_ number: Int) -> TextRecord {
        TextRecord(id: "text-\(number)", text: "caption \(number)",
                   embedding: SyntheticRecords.embedding(seed: UInt64(10_000 + number), dimension: dimension),
                   modelFingerprint: TestSupport.fingerprint, metadata: ["id": "text-\(number)"])
    }

    @Test func searchesGetExactlyMinOfKAndMatchingWhileRecordsChurn() throws {
        let directory = TestSupport.scratchDirectory()
        defer { TestSupport.cleanup(directory) }
        let store = try EmbeddingStore(directory: directory, configuration: TestSupport.configuration(dimension: Self.dimension))
        let stable = (0..<12).map { Self.video($0, group: "stable") }
        let churn = (100..<140).map { Self.video($0, group: "churn") }
        let texts = (0..<10).map(Self.text)
        try store.putVideos(stable)
        try store.putTexts(texts)
        let failures = Mutex<[String]>([])
        let done = Atomic<Bool>(false)
        let searches = Atomic<Int>(0)
        @Sendable func check(_ condition: Bool, _ message: @autoclosure () -> String) {
            if !condition { failures.withLock { $0.append(message()) } }
        }
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            do {
                if worker == 0 {
                    defer { done.store(true, ordering: .releasing) }
                    for round in 0..<30 {
                        try store.putVideos(Array(churn.prefix(10 + round % 30)))
                        for record in churn.prefix(10 + round % 30) where Int(record.id.utf8.last ?? 0) % 2 == round % 2 {
                            try store.delete(id: record.id, kind: .video)
                        }
                        try store.putTexts(texts.prefix(round % 10 + 1).map { record in
                            var changed = record
                            changed.text = "caption \(record.id.dropFirst(5)) round \(round)"
                            return changed
                        })
                        for record in churn { try store.delete(id: record.id, kind: .video) }
                    }
                    return
                }
                var generator = UInt64(worker)
                while !done.load(ordering: .acquiring) || searches.load(ordering: .relaxed) < 60 {
                    generator &+= 1
                    let vector = SyntheticRecords.embedding(seed: generator, dimension: Self.dimension)
                    let filtered = try store.search(StoreQuery(source: .vector(vector), target: .video, k: 8, filter: ["group": "stable"]))
                    check(filtered.hits.count == 8 && filtered.candidates == 12, "stable: \(filtered.hits.count) hits of \(filtered.candidates)")
                    let all = try store.search(StoreQuery(source: .vector(vector), target: .video, k: 30))
                    check(all.hits.count == min(30, all.candidates) && all.candidates >= 12, "all: \(all.hits.count) of \(all.candidates)")
                    let similar = try store.search(StoreQuery(source: .record(id: stable[worker].id, kind: .video), target: .video, k: 100))
                    check(similar.hits.count == similar.candidates && !similar.hits.contains { $0.id == stable[worker].id },
                          "similar: \(similar.hits.count) of \(similar.candidates)")
                    for hit in filtered.hits + all.hits + similar.hits where hit.metadata["id"] != hit.id {
                        check(false, "\(hit.id) came with \(hit.metadata)")
                    }
                    let captions = try store.search(StoreQuery(source: .record(id: stable[0].id, kind: .video), target: .text, k: 10))
                    check(captions.hits.count == 10, "captions: \(captions.hits.count)")
                    for hit in captions.hits where hit.metadata["id"] != hit.id || hit.text?.hasPrefix("caption \(hit.id.dropFirst(5))") != true {
                        check(false, "\(hit.id) came with \(hit.metadata) and \(hit.text ?? "no text")")
                    }
                    searches.add(1, ordering: .relaxed)
                }
            } catch {
                check(false, "worker \(worker): \(error)")
            }
        }
        failures.withLock { #expect($0.isEmpty, "\($0.prefix(5))") }
        #expect(store.count(kind: .video) == stable.count)
    }
}
