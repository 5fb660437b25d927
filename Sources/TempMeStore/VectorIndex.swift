/// The searchable copy of one kind's records: a contiguous row-major [count x dimension] matrix of
/// L2-normalized embeddings, the id of each row, its metadata, and an id -> row map.
///
/// Rows are dense: deleting swaps the last row into the hole. Capacity grows by doubling.
/// Not thread-safe on its own (hence `@unchecked Sendable`): `EmbeddingStore` guards every access
/// with a readers-writer lock, searches shared and updates exclusive.
final class VectorIndex: @unchecked Sendable {
    let dimension: Int
    /// Row-major storage; `capacity * dimension` floats, the first `count` rows in use.
    private(set) var matrix: [Float]
    private(set) var ids: [String] = []
    private(set) var metadata: [[String: String]] = []
    private var rowOfID: [String: Int] = [:]

    init(dimension: Int, reservingRows rows: Int = 0) {
        self.dimension = dimension
        self.matrix = []
        grow(toRows: max(rows, 16))
        ids.reserveCapacity(rows)
        metadata.reserveCapacity(rows)
        rowOfID.reserveCapacity(rows)
    }

    var count: Int { ids.count }
    private var capacity: Int { matrix.count / dimension }

    func row(of id: String) -> Int? { rowOfID[id] }

    func contains(_ id: String) -> Bool { rowOfID[id] != nil }

    private func grow(toRows rows: Int) {
        guard rows > capacity else { return }
        matrix.append(contentsOf: repeatElement(0, count: (rows - capacity) * dimension))
    }

    /// Inserts or replaces `id`; `write` fills the row starting at the given offset of `matrix`.
    /// Returns what `write` returns (false: the row is invalid and was not kept).
    @discardableResult
    func upsert(id: String, metadata: [String: String], write: (inout [Float], Int) -> Bool) -> Bool {
        let row: Int
        if let existing = rowOfID[id] {
            row = existing
            self.metadata[row] = metadata
        } else {
            row = ids.count
            if row == capacity { grow(toRows: capacity * 2) }
            ids.append(id)
            self.metadata.append(metadata)
            rowOfID[id] = row
        }
        guard write(&matrix, row * dimension) else {
            remove(id: id)
            return false
        }
        return true
    }

    /// Inserts or replaces `id` with a copy of `embedding`, normalized (validated non-zero and finite).
    @discardableResult
    func upsert(id: String, embedding: [Float], metadata: [String: String]) {
        upsert(id: id, metadata: metadata) { matrix, start in
            SimilarityKernels.normalize(embedding, into: &matrix, at: start)
        }
    }

    /// Removes `id` by moving the last row into its place; returns whether it was present.
    @discardableResult
    func remove(id: String) -> Bool {
        guard let row = rowOfID.removeValue(forKey: id) else { return false }
        let last = ids.count - 1
        if row != last {
            let from = last * dimension
            let to = row * dimension
            for offset in 0..<dimension { matrix[to + offset] = matrix[from + offset] }
            ids[row] = ids[last]
            metadata[row] = metadata[last]
            rowOfID[ids[row]] = row
        }
        ids.removeLast()
        metadata.removeLast()
        return true
    }

    /// Whether row `row` carries every pair in `filter`.
    func matches(row: Int, filter: [String: String]) -> Bool {
        let pairs = metadata[row]
        for (key, value) in filter where pairs[key] != value { return false }
        return true
    }
}
