import Foundation

/// One change requested by a writer.
enum StoreMutation: Sendable {
    /// `segmentValues` are the encoded segments of a video record (empty otherwise).
    case put(StoredRecord, value: [UInt8], segmentValues: [[UInt8]], mode: WriteMode)
    case delete(kind: RecordKind, id: String)
}

/// What one mutation did.
enum MutationOutcome: Sendable, Equatable {
    case stored(replaced: Bool)
    case deleted(existed: Bool)
}

/// Commits one group of write requests: checks each (atomically per request), writes all accepted
/// changes in one synced WriteBatch, then applies them to the in-memory state in the same order.
/// Only the group-commit leader runs this, so commits never interleave; which records exist is read
/// from the in-memory state (which mirrors the database), never from RocksDB.
struct MutationCommit {
    let database: RocksDatabase
    let indexes: IndexState

    /// A record's identity within a commit.
    private struct RecordKey: Hashable {
        let kind: RecordKind
        let id: String
    }

    func commit(_ requests: [[StoreMutation]]) -> [Result<[MutationOutcome], StoreError>] {
        var results: [Result<[MutationOutcome], StoreError>] = Array(repeating: .success([]), count: requests.count)
        var existence: [RecordKey: Bool] = [:]
        var operations: [BatchOperation] = []
        var accepted: [Int] = []
        indexes.lock.withReadLock {
            for (position, request) in requests.enumerated() {
                do throws(StoreError) {
                    let (ops, outcomes, changes) = try plan(request, existence: existence)
                    existence.merge(changes) { _, new in new }
                    operations += ops
                    accepted.append(position)
                    results[position] = .success(outcomes)
                } catch {
                    results[position] = .failure(error)
                }
            }
        }
        guard !operations.isEmpty else { return results }
        do {
            try database.write(operations)
        } catch {
            let failure = error as? StoreError ?? .storageFailure(operation: "write", detail: "\(error)")
            for position in accepted { results[position] = .failure(failure) }
            return results
        }
        indexes.lock.withWriteLock {
            for position in accepted {
                for mutation in requests[position] { apply(mutation) }
            }
        }
        return results
    }

    /// Batch operations, outcomes and existence changes of one request; throws to reject it whole.
    /// The caller holds the index lock (shared).
    private func plan(_ request: [StoreMutation], existence: [RecordKey: Bool]) throws(StoreError)
        -> ([BatchOperation], [MutationOutcome], [RecordKey: Bool])
    {
        var changes: [RecordKey: Bool] = [:]
        var operations: [BatchOperation] = []
        var outcomes: [MutationOutcome] = []
        func exists(_ key: RecordKey) -> Bool {
            changes[key] ?? existence[key] ?? indexes.contains(key.kind, id: key.id)
        }
        for mutation in request {
            switch mutation {
            case .put(let record, let value, let segmentValues, let mode):
                let key = RecordKey(kind: record.kind, id: record.id)
                let existed = exists(key)
                if mode == .createOnly && existed { throw .alreadyExists(id: record.id) }
                changes[key] = true
                operations.append(.put(key: StoreKeys.key(key.kind, id: key.id), value: value))
                if record.kind == .video {  // a video's old segments go, its new ones come, in the same batch
                    operations.append(Self.deleteSegments(of: record.id))
                    for (number, segment) in segmentValues.enumerated() {
                        operations.append(.put(key: StoreKeys.segmentKey(videoID: record.id, number: number), value: segment))
                    }
                }
                outcomes.append(.stored(replaced: existed))
            case .delete(let kind, let id):
                let key = RecordKey(kind: kind, id: id)
                let existed = exists(key)
                if existed { operations.append(.delete(key: StoreKeys.key(kind, id: id))) }
                if existed && kind == .video { operations.append(Self.deleteSegments(of: id)) }
                changes[key] = false
                outcomes.append(.deleted(existed: existed))
            }
        }
        return (operations, outcomes, changes)
    }

    /// Removes every segment record of `videoID` (one range deletion, atomic with the rest of the batch).
    private static func deleteSegments(of videoID: String) -> BatchOperation {
        .deleteRange(from: StoreKeys.segmentRangeStart(videoID: videoID), to: StoreKeys.segmentRangeEnd(videoID: videoID))
    }

    private func apply(_ mutation: StoreMutation) {
        switch mutation {
        case .put(let record, _, _, _):
            indexes.insert(record)
        case .delete(let kind, let id):
            indexes.remove(kind, id: id)
        }
    }
}
