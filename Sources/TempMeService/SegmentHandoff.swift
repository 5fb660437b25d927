// Windows passed from the decoding thread to the encoding one, a few at a time.
import Foundation
import TempMeVideo

/// A bounded queue of decoded windows between one producer (the decode) and one consumer (the encodes).
/// `put` blocks while `capacity` windows wait, so memory holds at most that many windows' frames;
/// `cancel` (the consumer gave up) makes every later `put` fail, so the decode stops.
final class SegmentHandoff: @unchecked Sendable {
    private let condition = NSCondition()
    private var waiting: [SegmentFrames] = []
    private var finished = false
    private var cancelled = false
    private let capacity: Int

    /// A handoff holding at most `capacity` windows (at least 1).
    init(capacity: Int = 2) { self.capacity = max(1, capacity) }

    /// Hands one window over; blocks while the queue is full; throws once the consumer cancelled.
    func put(_ segment: SegmentFrames) throws(VideoError) {
        condition.lock()
        defer { condition.unlock() }
        while waiting.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { throw .streamFailed(reason: "the ingest stopped before every segment was encoded") }
        waiting.append(segment)
        condition.broadcast()
    }

    /// No more windows follow (the decode ended, well or not).
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer stops taking windows; the producer's next `put` throws.
    func cancel() {
        condition.lock()
        cancelled = true
        waiting.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// The next window, blocking until one arrives; nil once the producer finished and all were taken.
    func take() -> SegmentFrames? {
        condition.lock()
        defer { condition.unlock() }
        while waiting.isEmpty && !finished && !cancelled { condition.wait() }
        guard !waiting.isEmpty else { return nil }
        let segment = waiting.removeFirst()
        condition.broadcast()
        return segment
    }
}
