// One daemon per data directory: an exclusive flock on <data_dir>/tempmed.lock, which also records the pid.
import Synchronization
import TempMeBasics
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Holds an exclusive lock on a data directory for as long as it lives (the kernel drops it if the process dies).
public final class DataDirectoryLock: Sendable {
    /// Name of the lock file inside the data directory.
    public static let fileName = "tempmed.lock"

    /// Absolute path of the lock file.
    public let path: String

    /// The lock file of the data directory `directory`.
    public static func filePath(in directory: String) -> String {
        directory.hasSuffix("/") ? directory + fileName : directory + "/" + fileName
    }
    private let descriptor: Mutex<Int32?>

    /// Creates `directory` if needed (mode 0750), locks its lock file and writes this process's pid into it.
    public init(directory: String) throws(LifecycleError) {
        try Self.makeDirectories(directory)
        path = Self.filePath(in: directory)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw .dataDirectoryUnusable(path: directory, errno: errno) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            let owner = Self.readPID(fd)
            close(fd)
            if code == EWOULDBLOCK { throw .dataDirectoryInUse(path: directory, ownerPID: owner) }
            throw .dataDirectoryUnusable(path: directory, errno: code)
        }
        let pid = Array("\(getpid())\n".utf8)
        if ftruncate(fd, 0) != 0 || pid.withUnsafeBytes({ pwrite(fd, $0.baseAddress, $0.count, 0) }) != pid.count {
            let code = errno
            close(fd)
            throw .dataDirectoryUnusable(path: directory, errno: code)
        }
        descriptor = Mutex(fd)
    }

    /// Whether a live process holds the lock of `directory`, with its pid when recorded; creates nothing.
    public static func holder(of directory: String) -> (locked: Bool, pid: Int32?) {
        let fd = open(filePath(in: directory), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return (false, nil) }
        defer { close(fd) }  // also drops our probe lock
        guard flock(fd, LOCK_EX | LOCK_NB) != 0 else { return (false, nil) }
        return (errno == EWOULDBLOCK, readPID(fd))
    }

    /// Whether the lock is still held by this object.
    public var isHeld: Bool { descriptor.withLock { $0 != nil } }

    /// Releases the lock now (idempotent); the file stays, so a later daemon reuses it.
    public func release() {
        descriptor.withLock { fd in
            if let open = fd { close(open) }  // closing the only descriptor drops the flock
            fd = nil
        }
    }

    deinit { release() }

    private static func readPID(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<count], as: UTF8.self).trimmingWhitespace())
    }

    private static func makeDirectories(_ directory: String) throws(LifecycleError) {
        var prefix = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o750) != 0 && errno != EEXIST {
                throw .dataDirectoryUnusable(path: directory, errno: errno)
            }
        }
        var status = stat()
        guard stat(directory, &status) == 0 else { throw .dataDirectoryUnusable(path: directory, errno: errno) }
        guard status.st_mode & S_IFMT == S_IFDIR else { throw .dataDirectoryUnusable(path: directory, errno: ENOTDIR) }
    }
}
