import Foundation
import Glibc
import TempMeTestSupport
import Testing
@testable import TempMeDaemon

@Suite struct DataDirectoryLockTests {
    @Test func createsTheDirectoryAndRecordsThePID() throws {
        let directory = try TemporaryDirectory()
        let dataDirectory = directory.path + "/nested/state"
        let lock = try DataDirectoryLock(directory: dataDirectory)
        #expect(lock.path == dataDirectory + "/tempmed.lock")
        #expect(lock.isHeld)
        #expect(try String(contentsOfFile: lock.path, encoding: .utf8) == "\(getpid())\n")
    }

    @Test func asecondDaemonOnTheSameDirectoryIsRefusedWithTheOwner() throws {
        let directory = try TemporaryDirectory()
        let first = try DataDirectoryLock(directory: directory.path)
        #expect(throws: LifecycleError.dataDirectoryInUse(path: directory.path, ownerPID: getpid())) {
            try DataDirectoryLock(directory: directory.path)
        }
        let message = LifecycleError.dataDirectoryInUse(path: directory.path, ownerPID: 42).description
        #expect(message.contains("pid 42") && message.contains("choose another data_dir"))
        first.release()
        first.release()
        #expect(!first.isHeld)
        let second = try DataDirectoryLock(directory: directory.path)
        #expect(second.isHeld)
    }

    @Test func releasingTheObjectReleasesTheLock() throws {
        let directory = try TemporaryDirectory()
        do { _ = try DataDirectoryLock(directory: directory.path) }
        _ = try DataDirectoryLock(directory: directory.path)
    }

    @Test func aFileInTheWayIsReported() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("occupied", "")
        #expect(throws: LifecycleError.dataDirectoryUnusable(path: file, errno: ENOTDIR)) {
            try DataDirectoryLock(directory: file)
        }
        #expect(throws: LifecycleError.dataDirectoryUnusable(path: file + "/below", errno: ENOTDIR)) {
            try DataDirectoryLock(directory: file + "/below")
        }
    }

    @Test func anotherProcessHoldingTheLockIsDetected() throws {
        let directory = try TemporaryDirectory()
        let lockFile = directory.path + "/tempmed.lock"
        // flock(1) from util-linux holds the lock in a child process, like a running daemon.
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/flock") else { return }
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = [lockFile, "/bin/sh", "-c", "echo $PPID > \(lockFile); echo locked; read line"]
        let output = Pipe(), input = Pipe()
        holder.standardOutput = output
        holder.standardInput = input
        try holder.run()
        defer {
            input.fileHandleForWriting.closeFile()
            holder.waitUntilExit()
        }
        _ = output.fileHandleForReading.availableData  // "locked": the child holds the lock now
        #expect(throws: LifecycleError.dataDirectoryInUse(path: directory.path, ownerPID: holder.processIdentifier)) {
            try DataDirectoryLock(directory: directory.path)
        }
    }
}
