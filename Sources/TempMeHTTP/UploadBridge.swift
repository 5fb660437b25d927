// An HTTP request body (async, in NIO-sized pieces) handed to the service's blocking chunk reader.
import Foundation
import TempMeService

/// A bounded hand-over from the request body (producer, async) to `VideoSearchService.ingest` (consumer, a
/// blocking thread). Pieces are joined into chunks of at least `chunkBytes` (the last may be smaller).
/// Every field is guarded by `condition`.
final class UploadBridge: @unchecked Sendable {
    private let condition = NSCondition()
    private var pieces: [Data] = []
    private var bufferedBytes = 0
    private var finished = false
    private var failure: String?
    private var abandoned = false
    private let capacityBytes: Int
    private let chunkBytes: Int

    /// A bridge handing chunks of at least `chunkBytes` and buffering at most about `capacityBytes`.
    init(chunkBytes: Int, capacityBytes: Int = 8 << 20) {
        self.chunkBytes = chunkBytes
        self.capacityBytes = max(capacityBytes, chunkBytes)
    }

    /// Adds one piece of the body; blocks while the buffer is full. Returns false once the consumer stopped.
    func put(_ piece: Data) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while bufferedBytes >= capacityBytes && !abandoned { condition.wait() }
        guard !abandoned else { return false }
        pieces.append(piece)
        bufferedBytes += piece.count
        condition.broadcast()
        return true
    }

    /// The body ended (`failure` nil) or broke off.
    func finish(failure: String? = nil) {
        condition.lock()
        finished = true
        self.failure = failure
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer is done (answered or failed): later puts are dropped.
    func abandon() {
        condition.lock()
        abandoned = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next chunk, nil at the end; throws when the body broke off.
    func next() throws -> Data? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let failure { throw ServiceError.cancelled("the upload broke off: \(failure)") }
            if bufferedBytes >= chunkBytes || finished {
                if pieces.isEmpty { return nil }
                let chunk = pieces.reduce(into: Data(capacity: bufferedBytes)) { $0.append($1) }
                pieces.removeAll()
                bufferedBytes = 0
                condition.broadcast()
                return chunk
            }
            condition.wait()
        }
    }
}
