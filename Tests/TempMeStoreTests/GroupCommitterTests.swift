import Synchronization
import Foundation
import Testing
@testable import TempMeStore

/// Concurrent submissions share commits, keep their order, and each gets its own outcome.
@Suite struct GroupCommitterTests {
    final class Recorder: Sendable {
        let batches = Mutex<[[Int]]>([])
        let committer = Mutex<GroupCommitter<Int, Int>?>(nil)
        let firstCommitStarted = Atomic<Bool>(false)
    }

    @Test func writersArrivingDuringACommitShareTheNextOne() {
        let recorder = Recorder()
        let writers = 16
        let committer = GroupCommitter<Int, Int>(maxBatch: 1024) { requests in
            let isFirst = recorder.batches.withLock { $0.isEmpty }
            if isFirst {
                recorder.firstCommitStarted.store(true, ordering: .sequentiallyConsistent)
                // Hold the first commit until every other writer is queued behind it.
                while (recorder.committer.withLock { $0?.queuedCount ?? 0 }) < writers - 1 { usleep(1_000) }
            }
            recorder.batches.withLock { $0.append(requests) }
            return requests.map { $0 % 3 == 0 ? .failure(StoreError.invalidK($0)) : .success($0 * 10) }
        }
        recorder.committer.withLock { $0 = committer }
        let results = Mutex<[Int: Result<Int, StoreError>]>([:])
        let first = Thread {
            let outcome = committer.submit(0)
            results.withLock { $0[0] = outcome }
        }
        first.start()
        while !recorder.firstCommitStarted.load(ordering: .sequentiallyConsistent) { usleep(500) }
        let others = (1..<writers).map { request in
            Thread {
                let outcome = committer.submit(request)
                results.withLock { $0[request] = outcome }
            }
        }
        others.forEach { $0.start() }
        while !first.isFinished || others.contains(where: { !$0.isFinished }) { usleep(500) }
        let batches = recorder.batches.withLock { $0 }
        #expect(batches.count == 2)
        #expect(batches.first == [0])
        #expect(Set(batches.last ?? []) == Set(1..<writers))
        let outcomes = results.withLock { $0 }
        for request in 0..<writers {
            #expect(outcomes[request] == (request % 3 == 0 ? .failure(.invalidK(request)) : .success(request * 10)))
        }
    }
}
