import Dispatch

/// A fixed set of mutable values, one per worker, each touched by exactly one thread at a time
/// while `forEachConcurrently` runs. This is how benchmarks run N single-threaded encoders at once.
final class ConcurrentSlots<Value>: @unchecked Sendable {
    // Safety: slot i is only read or written by iteration i of concurrentPerform, never shared.
    private var slots: [Value]

    /// Makes `count` slots.
    init(count: Int, make: (Int) -> Value) { slots = (0..<count).map(make) }

    /// The values, read after `forEachConcurrently` returned.
    var values: [Value] { slots }

    /// Runs `body` on every slot, each on its own thread, and waits for all.
    func forEachConcurrently(_ body: @Sendable (inout Value) -> Void) {
        let count = slots.count
        slots.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let base = buffer.baseAddress!
            DispatchQueue.concurrentPerform(iterations: count) { i in body(&base[i]) }
        }
    }
}
