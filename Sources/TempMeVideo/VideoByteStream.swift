import Foundation

/// Bytes of a video arriving in chunks (a gRPC upload) that a decode on another thread reads as they come.
///
/// The producer calls `append(_:)` for each chunk, then `finish()` (or `fail(_:)` when the upload
/// breaks). Reads block until the bytes they need arrive, the stream ends, or the decode's deadline
/// passes; seeking anywhere within received bytes is free. All bytes stay in memory, bounded by
/// `maxBytes`.
public final class VideoByteStream: ByteSource, @unchecked Sendable {
    private let condition = NSCondition()
    private var storage: [UInt8] = []
    private var finished = false
    private var failure: VideoError?
    private let maxBytes: Int

    /// A stream that refuses to grow past `maxBytes`.
    public init(maxBytes: Int = VideoDecodeOptions().maxInputBytes) {
        self.maxBytes = maxBytes
    }

    /// Adds a chunk; throws when the stream already ended or the chunk crosses the size limit.
    public func append(_ chunk: some Collection<UInt8>) throws(VideoError) {
        condition.lock()
        defer { condition.unlock() }
        if let failure { throw failure }
        guard !finished else { throw .streamFailed(reason: "bytes arrived after the upload was marked complete") }
        let total = storage.count + chunk.count
        guard total <= maxBytes else {
            let error = VideoError.inputTooLarge(bytes: total, limit: maxBytes)
            failure = error
            condition.broadcast()
            throw error
        }
        storage.append(contentsOf: chunk)
        condition.broadcast()
    }

    /// Marks the upload complete; readers see end of stream after the last byte.
    public func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Aborts the upload; a decode waiting on it fails with `VideoError.streamFailed`.
    public func fail(_ reason: String) {
        condition.lock()
        if failure == nil { failure = .streamFailed(reason: reason) }
        condition.broadcast()
        condition.unlock()
    }

    /// Bytes received so far.
    public var receivedByteCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return storage.count
    }

    var knownSize: Int? {
        condition.lock()
        defer { condition.unlock() }
        return finished && failure == nil ? storage.count : nil
    }

    func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer, deadline: Deadline) -> ByteReadResult {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let failure { return .failed(failure) }
            if offset < storage.count {
                let count = min(buffer.count, storage.count - offset)
                storage.withUnsafeBytes { source in
                    buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + count)]))
                }
                return .bytes(count)
            }
            if finished { return .endOfStream }
            let remaining = deadline.remainingSeconds
            guard remaining > 0 else { return .failed(.timeLimitExceeded(seconds: deadline.limitSeconds)) }
            _ = condition.wait(until: Date(timeIntervalSinceNow: min(remaining, 0.25)))
        }
    }
}
