import Dispatch
import Foundation
import Glibc
import TempMeTestSupport
import Testing
@testable import TempMeDaemon

@Suite struct SystemdNotifierTests {
    @Test func sendsEachStateToAPathSocket() throws {
        let directory = try TemporaryDirectory()
        let systemd = try FakeNotifySocket(address: directory.path + "/notify.sock")
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": systemd.address])
        #expect(notifier.isEnabled)

        try notifier.ready(status: "serving 3 videos")
        #expect(systemd.receive() == "READY=1\nSTATUS=serving 3 videos")
        try notifier.status("line one\nline two")
        #expect(systemd.receive() == "STATUS=line one line two")
        try notifier.watchdog()
        #expect(systemd.receive() == "WATCHDOG=1")
        try notifier.notify([.extendTimeout(.seconds(90)), .reloading])
        #expect(systemd.receive() == "EXTEND_TIMEOUT_USEC=90000000\nRELOADING=1")
        try notifier.stopping()
        #expect(systemd.receive() == "STOPPING=1")
    }

    @Test func sendsToAnAbstractSocket() throws {
        let name = "@tempmed-test-\(getpid())-\(UUID().uuidString.prefix(8))"
        let systemd = try FakeNotifySocket(address: name)
        try SystemdNotifier(environment: ["NOTIFY_SOCKET": name]).ready()
        #expect(systemd.receive() == "READY=1")
    }

    @Test func doesNothingOutsideSystemd() throws {
        let notifier = SystemdNotifier(environment: [:])
        #expect(!notifier.isEnabled)
        try notifier.ready(status: "ignored")
        try notifier.stopping()
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": ""]).isEnabled == false)
    }

    @Test func reportsUnusableSockets() throws {
        #expect(throws: LifecycleError.unsupportedNotifySocket("vsock:2:1234")) {
            try SystemdNotifier(environment: ["NOTIFY_SOCKET": "vsock:2:1234"]).ready()
        }
        let directory = try TemporaryDirectory()
        let missing = directory.path + "/absent.sock"
        #expect(throws: LifecycleError.notifyFailed(socket: missing, errno: ENOENT)) {
            try SystemdNotifier(environment: ["NOTIFY_SOCKET": missing]).ready()
        }
    }

    @Test func readsTheWatchdogInterval() {
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": "/x", "WATCHDOG_USEC": "30000000"])
        #expect(notifier.watchdogTimeout == .seconds(30))
        #expect(notifier.watchdogPingInterval == .seconds(15))
        let mine = SystemdNotifier(environment: ["WATCHDOG_USEC": "1000", "WATCHDOG_PID": "\(getpid())"])
        #expect(mine.watchdogTimeout == .milliseconds(1))
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "1000", "WATCHDOG_PID": "1"]).watchdogTimeout == nil)
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "0"]).watchdogTimeout == nil)
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "soon"]).watchdogTimeout == nil)
        #expect(SystemdNotifier(environment: [:]).watchdogPingInterval == nil)
    }

    @Test func watchdogLoopPingsUntilCancelled() async throws {
        let directory = try TemporaryDirectory()
        let systemd = try FakeNotifySocket(address: directory.path + "/notify.sock")
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": systemd.address, "WATCHDOG_USEC": "20000"])
        // The pinger runs on its own queue and the test waits on a plain thread: heavy synchronous
        // tests running alongside may hold every thread of the small cooperative pool for minutes.
        let pinger = Task(executorPreference: SerialQueueExecutor()) { await notifier.runWatchdog() }
        let received = await withCheckedContinuation { (done: CheckedContinuation<[String?], Never>) in
            Thread { done.resume(returning: [systemd.receive(), systemd.receive()]) }.start()
        }
        #expect(received == ["WATCHDOG=1", "WATCHDOG=1"])
        pinger.cancel()
        await pinger.value
    }

    @Test func watchdogLoopReturnsAtOnceWhenOff() async {
        await SystemdNotifier(environment: ["NOTIFY_SOCKET": "/x"]).runWatchdog()
    }
}

/// A task executor on a private dispatch queue, outside Swift's cooperative thread pool.
final class SerialQueueExecutor: TaskExecutor, @unchecked Sendable {
    // Safety: the queue serialises every job; the class holds no other state.
    private let queue = DispatchQueue(label: "tempme.tests.watchdog")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
