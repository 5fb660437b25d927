/// Keeps the best `k` rows seen so far: highest score first, ties broken by id ascending.
///
/// A binary heap whose root is the worst kept row, so most candidates are rejected by one
/// comparison with `threshold`. `accept` (exclusions, metadata filter) is consulted only for
/// candidates that would enter the heap.
final class TopKSelector: @unchecked Sendable {
    private let k: Int
    private let ids: [String]
    private var heapScores: [Float] = []
    private var heapRows: [Int] = []

    /// `ids` names every row of the index being searched.
    init(k: Int, ids: [String]) {
        self.k = k
        self.ids = ids
        heapScores.reserveCapacity(min(k, ids.count))
        heapRows.reserveCapacity(min(k, ids.count))
    }

    /// True when (scoreA, rowA) ranks below (scoreB, rowB).
    private func ranksBelow(_ scoreA: Float, _ rowA: Int, _ scoreB: Float, _ rowB: Int) -> Bool {
        if scoreA != scoreB { return scoreA < scoreB }
        return ids[rowB].utf8.lexicographicallyPrecedes(ids[rowA].utf8)
    }

    /// Offers `scores[i]` for row `firstRow + i`, for `i` in `range`.
    func consume(_ scores: [Float], range: Range<Int>, firstRow: Int, accept: ((Int) -> Bool)?) {
        guard k > 0 else { return }
        for index in range {
            let score = scores[index]
            let row = firstRow + index - range.lowerBound
            if heapScores.count == k {
                let worst = heapScores[0]
                if score < worst { continue }
                if !ranksBelow(worst, heapRows[0], score, row) { continue }
            }
            if let accept, !accept(row) { continue }
            push(score, row)
        }
    }

    /// Folds in the rows another selector over the same ids kept.
    func merge(_ other: TopKSelector) {
        for (score, row) in zip(other.heapScores, other.heapRows) {
            if heapScores.count == k && !ranksBelow(heapScores[0], heapRows[0], score, row) { continue }
            push(score, row)
        }
    }

    private func push(_ score: Float, _ row: Int) {
        if heapScores.count < k {
            heapScores.append(score)
            heapRows.append(row)
            siftUp(heapScores.count - 1)
        } else {
            heapScores[0] = score
            heapRows[0] = row
            siftDown(0)
        }
    }

    private func swapAt(_ a: Int, _ b: Int) {
        heapScores.swapAt(a, b)
        heapRows.swapAt(a, b)
    }

    private func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard ranksBelow(heapScores[child], heapRows[child], heapScores[parent], heapRows[parent]) else { return }
            swapAt(child, parent)
            child = parent
        }
    }

    private func siftDown(_ start: Int) {
        var parent = start
        let count = heapScores.count
        while true {
            var lowest = parent
            let left = 2 * parent + 1
            let right = left + 1
            if left < count && ranksBelow(heapScores[left], heapRows[left], heapScores[lowest], heapRows[lowest]) {
                lowest = left
            }
            if right < count && ranksBelow(heapScores[right], heapRows[right], heapScores[lowest], heapRows[lowest]) {
                lowest = right
            }
            if lowest == parent { return }
            swapAt(parent, lowest)
            parent = lowest
        }
    }

    /// The kept rows with their scores, best first.
    func ranked() -> [(row: Int, score: Float)] {
        let order = heapScores.indices.sorted { a, b in
            ranksBelow(heapScores[b], heapRows[b], heapScores[a], heapRows[a])
        }
        return order.map { (heapRows[$0], heapScores[$0]) }
    }

    /// The kept rows as id and score, best first.
    func hits() -> [SearchHit] {
        ranked().map { SearchHit(id: ids[$0.row], score: $0.score) }
    }
}
