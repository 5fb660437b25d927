import Foundation
import Glibc
import Logging
import Synchronization
import Testing
@testable import TempMeDaemon

/// Records the order in which shutdown steps ran.
private final class Journal: Sendable {
    private let entries = Mutex<[String]>([])
    func append(_ entry: String) { entries.withLock { $0.append(entry) } }
    var all: [String] { entries.withLock { $0 } }
}

/// Keeps test output free of the coordinator's step log.
private let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

@Suite struct ShutdownCoordinatorTests {
    @Test func runsDrainStepsThenFinalStepsInOrder() async {
        let journal = Journal()
        let coordinator = ShutdownCoordinator(drainDeadline: .seconds(30), logger: quiet)
        await coordinator.register("close store", phase: .final) { journal.append("close store") }
        await coordinator.register("stop listeners") { journal.append("stop listeners") }
        await coordinator.register("finish encodes") { journal.append("finish encodes") }
        let report = await coordinator.shutdown()
        #expect(journal.all == ["stop listeners", "finish encodes", "close store"])
        #expect(report.isClean)
        #expect(report.steps.map(\.name) == ["stop listeners", "finish encodes", "close store"])
    }

    @Test func runsOnlyOnceEvenWhenAskedTwice() async {
        let journal = Journal()
        let coordinator = ShutdownCoordinator(drainDeadline: .seconds(30), logger: quiet)
        await coordinator.register("drain") { journal.append("drain") }
        async let first = coordinator.shutdown()
        async let second = coordinator.shutdown()
        let reports = await [first, second]
        #expect(reports[0] == reports[1])
        #expect(journal.all == ["drain"])
        #expect(await coordinator.hasBegun)
        await coordinator.register("late") { journal.append("late") }
        _ = await coordinator.shutdown()
        #expect(journal.all == ["drain"])
    }

    @Test func abandonsAStepThatOutlivesTheDeadlineButStillRunsFinalSteps() async {
        let journal = Journal()
        let release = Atomic<Bool>(false)
        let coordinator = ShutdownCoordinator(drainDeadline: .milliseconds(50), logger: quiet)
        await coordinator.register("stuck") {
            // Ignores cancellation on purpose, like a decode blocked in C code.
            while !release.load(ordering: .acquiring) { try? await Task.sleep(for: .milliseconds(5)) }
            journal.append("stuck returned")
        }
        await coordinator.register("after the deadline") { journal.append("after the deadline") }
        await coordinator.register("close store", phase: .final) { journal.append("close store") }
        let report = await coordinator.shutdown()
        release.store(true, ordering: .releasing)
        #expect(report.steps.map(\.outcome) == [.abandoned, .skipped, .finished])
        #expect(!report.isClean)
        #expect(journal.all.first == "close store")
    }

    @Test func cancelsTheAbandonedStep() async {
        let (cancellations, continuation) = AsyncStream<Bool>.makeStream()
        let coordinator = ShutdownCoordinator(drainDeadline: .milliseconds(20), logger: quiet)
        await coordinator.register("cooperative") {
            try? await Task.sleep(for: .seconds(60))
            continuation.yield(Task.isCancelled)
        }
        let report = await coordinator.shutdown()
        #expect(report.steps.map(\.outcome) == [.abandoned])
        var iterator = cancellations.makeAsyncIterator()
        #expect(await iterator.next() == true)
    }
}

@Suite(.serialized) struct TerminationSignalTests {
    @Test func firstSignalDrainsOnceLaterSignalsGoElsewhere() async throws {
        let journal = Journal()
        let (stream, continuation) = AsyncStream<String>.makeStream()
        let handler = TerminationSignalHandler(
            signals: [SIGUSR2],
            onFirstSignal: { number in
                journal.append("drain \(number)")
                continuation.yield("first")
            },
            onRepeatedSignal: { _ in
                journal.append("again")
                continuation.yield("repeat")
            })
        defer { handler.cancel() }
        // A lost signal fails the test after a few seconds instead of hanging it.
        let timeout = Task {
            try await Task.sleep(for: .seconds(5))
            continuation.yield("timed out")
        }
        defer { timeout.cancel() }
        var events = stream.makeAsyncIterator()
        #expect(!handler.hasFired)
        kill(getpid(), SIGUSR2)
        #expect(await events.next() == "first")
        kill(getpid(), SIGUSR2)
        #expect(await events.next() == "repeat")
        #expect(handler.hasFired)
        #expect(journal.all == ["drain \(SIGUSR2)", "again"])
    }
}
