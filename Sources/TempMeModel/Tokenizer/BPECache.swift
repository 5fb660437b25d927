import Foundation

/// Thread-safe memo of BPE ids per word (CLIP's `self.cache`), bounded so a long-running daemon
/// fed endless distinct words does not grow without limit: when full, it starts over.
final class BPECache: @unchecked Sendable {
    // @unchecked: `entries` is only touched while holding `lock`.
    private let lock = NSLock()
    private var entries: [[UInt8]: [Int32]] = [:]
    private let capacity: Int

    init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    /// The cached ids of `word`, computing and storing them with `compute` on a miss.
    func ids(forWord word: [UInt8], compute: ([UInt8]) -> [Int32]) -> [Int32] {
        if let hit = lock.withLock({ entries[word] }) { return hit }
        let ids = compute(word)
        lock.withLock {
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[word] = ids
        }
        return ids
    }
}
