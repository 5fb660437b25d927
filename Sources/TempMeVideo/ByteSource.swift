import Foundation

/// What a read from a byte source produced.
enum ByteReadResult: Sendable {
    /// This many bytes were copied.
    case bytes(Int)
    /// No bytes remain at this offset.
    case endOfStream
    /// The source cannot deliver (upload failed, deadline passed).
    case failed(VideoError)
}

/// Random-access bytes that custom FFmpeg I/O reads from: a fixed buffer or a growing upload.
protocol ByteSource: AnyObject, Sendable {
    /// Copies up to `buffer.count` bytes at `offset`, waiting for streamed bytes until the deadline.
    func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer, deadline: Deadline) -> ByteReadResult
    /// The total size once known (a stream learns it at `finish()`).
    var knownSize: Int? { get }
}

/// A complete in-memory video.
final class MemoryByteSource: ByteSource {
    private let bytes: [UInt8]

    /// Wraps bytes that are all present already.
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var knownSize: Int? { bytes.count }

    func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer, deadline: Deadline) -> ByteReadResult {
        guard offset >= 0, offset < bytes.count else { return .endOfStream }
        let count = min(buffer.count, bytes.count - offset)
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + count)]))
        }
        return .bytes(count)
    }
}

/// A video file on this machine, read on demand (so probing looks at content, never at the name).
final class FileByteSource: ByteSource, @unchecked Sendable {
    private let handle: FileHandle
    private let path: String
    private let size: Int
    private let lock = NSLock()

    /// Opens `path` for reading; `size` is what the caller already learned from the file system.
    init(path: String, size: Int) throws(VideoError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .cannotOpenFile(path: path, reason: "permission denied or not readable")
        }
        self.handle = handle
        self.path = path
        self.size = size
    }

    deinit { try? handle.close() }

    var knownSize: Int? { size }

    func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer, deadline: Deadline) -> ByteReadResult {
        guard offset >= 0, offset < size else { return .endOfStream }
        lock.lock()
        defer { lock.unlock() }
        do {
            try handle.seek(toOffset: UInt64(offset))
            guard let data = try handle.read(upToCount: min(buffer.count, size - offset)), !data.isEmpty else {
                return .endOfStream
            }
            data.copyBytes(to: buffer.bindMemory(to: UInt8.self), count: data.count)
            return .bytes(data.count)
        } catch {
            return .failed(.cannotOpenFile(path: path, reason: "read failed: \(error.localizedDescription)"))
        }
    }
}
