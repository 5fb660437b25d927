// The service under concurrent ingest, delete and search: every answer is whole and consistent.
import Foundation
import Synchronization
import TempMeProto
import TempMeService
import Testing

/// Many threads on one service at once.
@Suite(.serialized) struct ServiceConcurrencyTests {
    @Test("searches beside deletes and re-ingests always get exactly min(k, stored) hits, each with its metadata")
    func searchesStayWholeWhileRecordsChange() throws {
        let fixture = try ServiceFixture(encodeWorkers: 2)
        let stable = ["s0", "s1", "s2", "s3"]
        for (index, id) in stable.enumerated() {
            try fixture.ingest(["testsrc", "red", "bars"][index % 3], as: id, metadata: ["group": "stable", "id": id])
        }
        let churnRounds = 10
        let failures = Mutex<[String]>([])
        let searches = Atomic<Int>(0)
        let done = Atomic<Bool>(false)
        DispatchQueue.concurrentPerform(iterations: 3) { worker in
            do {
                if worker == 0 {
                    defer { done.store(true, ordering: .releasing) }
                    for round in 0..<churnRounds {
                        try fixture.ingest("red", as: "churn", metadata: ["group": "churn", "id": "churn"], replace: true)
                        #expect(try fixture.deleteVideo("churn"), "round \(round)")
                    }
                    return
                }
                while !done.load(ordering: .acquiring) {
                    let response = try fixture.search("a red square", k: 4)
                    searches.add(1, ordering: .relaxed)
                    if response.hits.count != 4 {
                        failures.withLock { $0.append("\(response.hits.count) hits: \(response.hits.map(\.id))") }
                    }
                    for hit in response.hits where hit.metadata["id"] != hit.id {
                        failures.withLock { $0.append("hit \(hit.id) came with metadata \(hit.metadata)") }
                    }
                }
            } catch {
                failures.withLock { $0.append("worker \(worker): \(error)") }
            }
        }
        failures.withLock { #expect($0.isEmpty, "\($0.prefix(5))") }
        #expect(searches.load(ordering: .relaxed) > 0)
        #expect(try fixture.service.stats().videoCount == UInt64(stable.count))
    }

    @Test("concurrent ingests of distinct ids all land; concurrent creates of one id leave exactly one winner")
    func concurrentIngests() throws {
        let fixture = try ServiceFixture(encodeWorkers: 2)
        let outcomes = Mutex<[String: Int]>([:])
        DispatchQueue.concurrentPerform(iterations: 6) { index in
            let result: String
            do {
                try fixture.ingest(["testsrc", "red", "bars"][index % 3], as: "clip\(index)")
                try fixture.ingest("red", as: "shared")
                result = "created"
            } catch let error as ServiceError {
                result = "\(error.code)"
            } catch {
                result = "\(error)"
            }
            outcomes.withLock { $0[result, default: 0] += 1 }
        }
        #expect(outcomes.withLock { $0 } == ["created": 1, "alreadyExists": 5])
        #expect(try fixture.service.stats().videoCount == 7)
    }
}
