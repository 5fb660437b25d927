import Foundation

/// One change requested by a writer.
enum StoreMutation: Sendable {
    case put(kind: RecordKind, id: String, value: [UInt8], embedding: [Float], metadata: [String: String], mode: WriteMode)
    case delete(kind: RecordKind, id: String)
}

/// What one mutation did.
enum MutationOutcome: Sendable, Equatable {
    case stored
    case deleted(existed: Bool)
}

/// Commits one group of write requests: checks each (atomically per request), writes all accepted
/// changes in one synced WriteBatch, then applies them to the search index in the same order.
/// Only the group-commit leader runs this, so commits never interleave.
struct MutationCommit {
    let database: RocksDatabase
    let indexes: IndexState

    func commit(_ requests: [[StoreMutation]]) -> [Result<[MutationOutcome], StoreError>] {
        var results: [Result<[MutationOutcome], StoreError>] = Array(repeating: .success([]), count: requests.count)
        var existence: [[UInt8]: Bool] = [:]
        var operations: [BatchOperation] = []
        var accepted: [Int] = []
        for (position, request) in requests.enumerated() {
            do {
                let (ops, outcomes, changes) = try plan(request, existence: existence)
                existence.merge(changes) { _, new in new }
                operations += ops
                accepted.append(position)
                results[position] = .success(outcomes)
            } catch {
                results[position] = .failure(error as? StoreError ?? .storageFailure(operation: "write", detail: "\(error)"))
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

    /// Batch operations, outcomes and key-existence changes of one request; throws to reject it whole.
    private func plan(_ request: [StoreMutation], existence: [[UInt8]: Bool]) throws
        -> ([BatchOperation], [MutationOutcome], [[UInt8]: Bool])
    {
        var changes: [[UInt8]: Bool] = [:]
        var operations: [BatchOperation] = []
        var outcomes: [MutationOutcome] = []
        func exists(_ key: [UInt8]) throws -> Bool {
            if let known = changes[key] ?? existence[key] { return known }
            return try database.get(key) != nil
        }
        for mutation in request {
            switch mutation {
            case .put(let kind, let id, let value, _, _, let mode):
                let key = StoreKeys.key(kind, id: id)
                if mode == .createOnly, try exists(key) { throw StoreError.alreadyExists(id: id) }
                changes[key] = true
                operations.append(.put(key: key, value: value))
                outcomes.append(.stored)
            case .delete(let kind, let id):
                let key = StoreKeys.key(kind, id: id)
                let existed = try exists(key)
                if existed { operations.append(.delete(key: key)) }
                changes[key] = false
                outcomes.append(.deleted(existed: existed))
            }
        }
        return (operations, outcomes, changes)
    }

    private func apply(_ mutation: StoreMutation) {
        switch mutation {
        case .put(let kind, let id, _, let embedding, let metadata, _):
            indexes.index(kind).upsert(id: id, embedding: embedding, metadata: metadata)
        case .delete(let kind, let id):
            indexes.index(kind).remove(id: id)
        }
    }
}
