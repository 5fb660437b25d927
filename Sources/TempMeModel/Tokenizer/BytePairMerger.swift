/// Applies CLIP's BPE merges to one pre-tokenized word.
///
/// Same result as CLIP's `bpe()`: repeatedly take the lowest-ranked adjacent pair present in the
/// word and merge all its occurrences left to right, until no pair has a rank. A heap of pairs
/// keeps that O(n log n) in the word length (CLIP's loop is quadratic), so long words stay cheap.
struct BytePairMerger: Sendable {
    let vocabulary: BPEVocabulary

    /// Ids of the BPE symbols of a word given as its UTF-8 bytes (empty for an empty word).
    func ids(forWordBytes bytes: [UInt8]) -> [Int32] {
        guard let lastByte = bytes.last else { return [] }
        if let special = Self.specialTokenID(bytes) { return [special] }

        var symbols = bytes.dropLast().map { vocabulary.byteIDs[Int($0)] }
        symbols.append(vocabulary.finalByteIDs[Int(lastByte)])
        let count = symbols.count
        if count == 1 { return symbols }

        // Doubly linked list over positions; a merged-away position holds `dead`.
        let dead: Int32 = -1
        var next = (0..<count).map { $0 + 1 }
        var previous = (0..<count).map { $0 - 1 }
        var heap = PairHeap()

        func pushPair(at left: Int) {
            let right = next[left]
            guard right < count, let merge = vocabulary.merges[BPEVocabulary.pairKey(symbols[left], symbols[right])] else { return }
            heap.push(PairHeap.Entry(rank: merge.rank, position: Int32(left), left: symbols[left], right: symbols[right], merged: merge.merged))
        }

        for position in 0..<(count - 1) { pushPair(at: position) }

        while let rank = heap.minimumRank {
            // All occurrences of the lowest-ranked pair, left to right, before any new pair is considered.
            for entry in heap.popAll(rank: rank) {
                let left = Int(entry.position)
                let right = next[left]
                guard symbols[left] == entry.left, right < count, symbols[right] == entry.right else { continue }
                symbols[left] = entry.merged
                symbols[right] = dead
                next[left] = next[right]
                if next[right] < count { previous[next[right]] = left }
                if previous[left] >= 0 { pushPair(at: previous[left]) }
                pushPair(at: left)
            }
        }
        return symbols.filter { $0 != dead }
    }

    /// CLIP's cache pre-seeds its two special tokens, so they map to their ids when written out in text.
    private static func specialTokenID(_ bytes: [UInt8]) -> Int32? {
        if bytes.elementsEqual("<|startoftext|>".utf8) { return BPEVocabulary.startOfText }
        if bytes.elementsEqual("<|endoftext|>".utf8) { return BPEVocabulary.endOfText }
        return nil
    }
}

/// Binary min-heap of candidate merges ordered by (rank, position).
struct PairHeap {
    /// A pair of adjacent symbols seen at `position`, valid while those symbols are still there.
    struct Entry {
        let rank: Int32
        let position: Int32
        let left: Int32
        let right: Int32
        let merged: Int32

        func precedes(_ other: Entry) -> Bool {
            rank != other.rank ? rank < other.rank : position < other.position
        }
    }

    private var entries: [Entry] = []

    var minimumRank: Int32? { entries.first?.rank }

    mutating func push(_ entry: Entry) {
        entries.append(entry)
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].precedes(entries[parent]) else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns every entry of `rank`, in position order.
    mutating func popAll(rank: Int32) -> [Entry] {
        var batch: [Entry] = []
        while let top = entries.first, top.rank == rank {
            batch.append(top)
            popMinimum()
        }
        return batch
    }

    private mutating func popMinimum() {
        let last = entries.removeLast()
        guard !entries.isEmpty else { return }
        entries[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < entries.count, entries[left].precedes(entries[smallest]) { smallest = left }
            if right < entries.count, entries[right].precedes(entries[smallest]) { smallest = right }
            if smallest == parent { return }
            entries.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
