// Counters since start, updated lock-free from every request thread.
import Synchronization

/// Totals reported by Stats.
final class ServiceCounters: Sendable {
    let ingested = Atomic<UInt64>(0)
    let ingestFailures = Atomic<UInt64>(0)
    let searches = Atomic<UInt64>(0)
    private let encodeMicroseconds = Atomic<UInt64>(0)
    private let encodes = Atomic<UInt64>(0)

    /// Adds one video tower run of `milliseconds`.
    func recordEncode(milliseconds: Double) {
        encodeMicroseconds.add(UInt64(max(0, milliseconds * 1000)), ordering: .relaxed)
        encodes.add(1, ordering: .relaxed)
    }

    /// Mean video tower time per encode since start, 0 before the first.
    var meanEncodeMilliseconds: Double {
        let count = encodes.load(ordering: .relaxed)
        guard count > 0 else { return 0 }
        return Double(encodeMicroseconds.load(ordering: .relaxed)) / 1000 / Double(count)
    }
}

extension Atomic where Value == UInt64 {
    /// Adds one.
    func increment() { add(1, ordering: .relaxed) }
}
