// The bounded encode queue: admission cap, results, and callers that leave.
import Dispatch
import Foundation
import Synchronization
import Testing
@testable import TempMeService

/// A context whose cancellation the test controls.
final class ControlledContext: RequestContext {
    let cancelled = Atomic<Bool>(false)
    var isCancelled: Bool { cancelled.load(ordering: .acquiring) }
    var timeRemaining: Duration? { nil }
}

@Suite("Encode queue")
struct EncodeQueueTests {
    @Test("runs work on its threads and returns results and errors")
    func results() throws {
        let queue = EncodeQueue(workers: 2, capacity: 4)
        defer { queue.stop() }
        let value = try queue.withAdmission { try queue.run(context: DetachedContext()) { 6 * 7 } }
        #expect(value == 42)
        #expect(throws: ServiceError.self) {
            try queue.run(context: DetachedContext()) { () throws -> Int in throw ServiceError.internal("boom") }
        }
        #expect(queue.depth == 0)
    }

    @Test("admits at most capacity ingests; more are RESOURCE_EXHAUSTED")
    func capacity() throws {
        let queue = EncodeQueue(workers: 1, capacity: 2)
        defer { queue.stop() }
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        for _ in 0..<2 {
            Thread {
                try? queue.withAdmission {
                    holding.signal()
                    release.wait()
                }
            }.start()
        }
        holding.wait()
        holding.wait()
        #expect(queue.depth == 2)
        do {
            try queue.withAdmission {}
            Issue.record("a third admission was accepted")
        } catch let error as ServiceError {
            #expect(error.code == .resourceExhausted)
        }
        release.signal()
        release.signal()
        for _ in 0..<100 where queue.depth > 0 { Thread.sleep(forTimeInterval: 0.01) }
        #expect(queue.depth == 0)
        try queue.withAdmission {}
    }

    @Test("a caller that cancels while its job waits gets CANCELLED and the job never runs")
    func cancelledWhileWaiting() throws {
        let queue = EncodeQueue(workers: 1, capacity: 4)
        defer { queue.stop() }
        let blocker = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        Thread { _ = try? queue.run(context: DetachedContext()) { started.signal(); blocker.wait() } }.start()
        started.wait()
        let context = ControlledContext()
        let ran = Atomic<Bool>(false)
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(100)) { context.cancelled.store(true, ordering: .releasing) }
        do {
            try queue.run(context: context) { ran.store(true, ordering: .releasing) }
            Issue.record("the cancelled call returned normally")
        } catch let error as ServiceError {
            #expect(error.code == .cancelled)
        }
        blocker.signal()
        try queue.run(context: DetachedContext()) {}
        let jobRan = ran.load(ordering: .acquiring)
        #expect(!jobRan)
    }

    @Test("a caller that leaves while its job runs gets CANCELLED, not the result; one that has left queues nothing")
    func cancelledWhileRunning() throws {
        let queue = EncodeQueue(workers: 1, capacity: 4)
        defer { queue.stop() }
        let context = ControlledContext()
        let started = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let finished = Atomic<Bool>(false)
        Thread {
            started.wait()
            context.cancelled.store(true, ordering: .releasing)  // the caller leaves mid-encode
            release.signal()
        }.start()
        do {
            let value = try queue.run(context: context) { () -> Int in
                started.signal()
                release.wait()
                finished.store(true, ordering: .releasing)
                return 42
            }
            Issue.record("a caller that had left got the result \(value)")
        } catch let error as ServiceError {
            #expect(error.code == .cancelled)
        }
        let jobFinished = finished.load(ordering: .acquiring)
        #expect(jobFinished, "a running job is not interrupted; its result is dropped")

        let ran = Atomic<Bool>(false)
        do {
            try queue.run(context: context) { ran.store(true, ordering: .releasing) }
            Issue.record("a caller that had left was served")
        } catch let error as ServiceError {
            #expect(error.code == .cancelled)
        }
        try queue.run(context: DetachedContext()) {}
        let lateJobRan = ran.load(ordering: .acquiring)
        #expect(!lateJobRan)
    }

    @Test("a lone encode may split over every worker; two at once get one each")
    func splitWidthFollowsIdleWorkers() throws {
        let queue = EncodeQueue(workers: 2, capacity: 4)
        defer { queue.stop() }
        #expect(try queue.run(context: DetachedContext()) { $0.width } == 2)
        let firstRunning = DispatchSemaphore(value: 0), secondDone = DispatchSemaphore(value: 0)
        let firstWidth = Atomic<Int>(0)
        Thread {
            let width = try? queue.run(context: DetachedContext()) { splitter -> Int in
                firstRunning.signal()
                secondDone.wait()
                return splitter.width
            }
            firstWidth.store(width ?? -1, ordering: .releasing)
            firstRunning.signal()
        }.start()
        firstRunning.wait()
        #expect(try queue.run(context: DetachedContext()) { $0.width } == 1)
        secondDone.signal()
        firstRunning.wait()
        #expect(firstWidth.load(ordering: .acquiring) == 2)  // the other worker is idle again
        let total = try queue.run(context: DetachedContext()) { splitter -> Int in
            let sum = Atomic<Int>(0)
            splitter.forEach(parts: 100) { sum.add($0, ordering: .relaxed) }
            return sum.load(ordering: .relaxed)
        }
        #expect(total == 4950)
    }

    @Test("after stop, admissions are UNAVAILABLE")
    func stopRefuses() {
        let queue = EncodeQueue(workers: 1, capacity: 1)
        queue.stop()
        queue.stop()
        #expect(throws: ServiceError.self) { try queue.withAdmission {} }
    }
}
