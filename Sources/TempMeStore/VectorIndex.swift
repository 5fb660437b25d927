import TempMeKernels

/// The searchable copy of one kind's records: a contiguous row-major [count x dimension] matrix of
/// L2-normalized embeddings, the id of each row, its metadata and text (texts only; at most a few KiB
/// each), and an id -> row map. A hit is built from these alone, so it never needs the database.
///
/// Rows are dense: deleting swaps the last row into the hole. Storage grows geometrically (Array's
/// doubling), appending rows without zero-filling spare capacity.
/// Not thread-safe on its own (hence `@unchecked Sendable`): `EmbeddingStore` guards every access
/// with a readers-writer lock, searches shared and updates exclusive.
final class VectorIndex: @unchecked Sendable {
    let kind: RecordKind
    let dimension: Int
    /// Row-major storage, exactly `count * dimension` floats.
    private(set) var matrix: [Float] = []
    private(set) var ids: [String] = []
    private(set) var metadata: [[String: String]] = []
    private(set) var texts: [String?] = []
    /// Each row's time span and owner slot (videos: the whole video; segments: the window).
    private(set) var spans: [RowSpan] = []
    private var rowOfID: [String: Int] = [:]

    init(kind: RecordKind, dimension: Int, reservingRows rows: Int = 0) {
        self.kind = kind
        self.dimension = dimension
        matrix.reserveCapacity(rows * dimension)
        ids.reserveCapacity(rows)
        metadata.reserveCapacity(rows)
        texts.reserveCapacity(rows)
        spans.reserveCapacity(rows)
        rowOfID.reserveCapacity(rows)
    }

    var count: Int { ids.count }

    func row(of id: String) -> Int? { rowOfID[id] }

    /// Inserts or replaces `id`; `write` fills the row starting at the given offset of `matrix`.
    /// Returns what `write` returns (false: the row is invalid and was not kept).
    @discardableResult
    func upsert(
        id: String, metadata: [String: String], text: String?, span: RowSpan = .none, write: (inout [Float], Int) -> Bool
    ) -> Bool {
        let row: Int
        if let existing = rowOfID[id] {
            row = existing
            self.metadata[row] = metadata
            texts[row] = text
            spans[row] = span
        } else {
            row = ids.count
            matrix.append(contentsOf: repeatElement(0, count: dimension))
            ids.append(id)
            self.metadata.append(metadata)
            texts.append(text)
            spans.append(span)
            rowOfID[id] = row
        }
        guard write(&matrix, row * dimension) else {
            remove(id: id)
            return false
        }
        return true
    }

    /// Inserts or replaces `record` with a copy of its embedding, normalized (validated non-zero and finite).
    func upsert(_ record: StoredRecord, span: RowSpan = .none) {
        upsert(id: record.id, metadata: record.metadata, text: record.text, embedding: record.embedding, span: span)
    }

    /// Inserts or replaces `id` with a normalized copy of `embedding` (validated non-zero and finite).
    func upsert(id: String, metadata: [String: String], text: String?, embedding: [Float], span: RowSpan) {
        _ = upsert(id: id, metadata: metadata, text: text, span: span) { matrix, start in
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
            texts[row] = texts[last]
            spans[row] = spans[last]
            rowOfID[ids[row]] = row
        }
        ids.removeLast()
        metadata.removeLast()
        texts.removeLast()
        spans.removeLast()
        matrix.removeLast(dimension)
        return true
    }

    /// Sets the owner slot of row `row`'s span.
    func setOwner(row: Int, slot: Int32) {
        spans[row].owner = slot
    }

    /// Whether row `row` carries every pair in `filter`.
    func matches(row: Int, filter: [String: String]) -> Bool {
        let pairs = metadata[row]
        for (key, value) in filter where pairs[key] != value { return false }
        return true
    }

    /// Row `row`'s normalized embedding (a copy).
    func embedding(row: Int) -> [Float] {
        Array(matrix[row * dimension..<(row + 1) * dimension])
    }

    /// The hit for row `row` scored `score`, with the row's metadata and text.
    func hit(row: Int, score: Float) -> RecordHit {
        RecordHit(id: ids[row], kind: kind, score: score, metadata: metadata[row], text: texts[row])
    }
}

/// A row's time span in seconds and the segment-owner slot it belongs to (-1: none).
struct RowSpan: Sendable, Equatable {
    var start: Double
    var end: Double
    /// Video rows: the slot of their segments (-1 without segments); segment rows: their video's slot.
    var owner: Int32

    /// No span (texts).
    static let none = RowSpan(start: 0, end: 0, owner: -1)
}
