// What can go wrong talking to Milvus, in words a caller can act on.
import TempMeStore

/// A failed Milvus operation.
public enum MilvusFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// Milvus could not be reached or stayed busy through every retry; nothing may be assumed written.
    case unavailable(String)
    /// Milvus answered and refused the request.
    case rejected(operation: String, reason: String)
    /// The collection exists with another layout (fields, types or dimension) than this model needs.
    case schemaMismatch(collection: String, reason: String)
    /// Milvus answered with something this client cannot read.
    case malformedResponse(operation: String, reason: String)

    /// The message for logs and status details.
    public var description: String {
        switch self {
        case .unavailable(let reason): return "Milvus is unavailable: \(reason)"
        case .rejected(let operation, let reason): return "Milvus refused \(operation): \(reason)"
        case .schemaMismatch(let collection, let reason):
            return "the Milvus collection \(collection.debugDescription) does not fit this model: \(reason); "
                + "use another store.milvus.collection, or drop that collection if its records are not needed"
        case .malformedResponse(let operation, let reason): return "Milvus's answer to \(operation) is unreadable: \(reason)"
        }
    }
}

extension MilvusFailure {
    /// The store error a caller of the store interface sees.
    var storeError: StoreError {
        switch self {
        case .unavailable: return .backendUnavailable(reason: description)
        case .schemaMismatch: return .incompatibleBackend(reason: description)
        case .rejected, .malformedResponse: return .storageFailure(operation: "Milvus", detail: description)
        }
    }
}
