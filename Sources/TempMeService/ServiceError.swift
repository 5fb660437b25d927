// Every way a request can fail, each with one status and a sentence a caller can act on.
import TempMeModel
import TempMeStore
import TempMeVideo

/// A failed request: what went wrong, in words, and which status it is.
public enum ServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request itself is malformed (empty text, bad id, k out of range, corrupt video...).
    case invalidArgument(String)
    /// The record asked for does not exist.
    case notFound(String)
    /// The id is taken and the request did not ask to replace it.
    case alreadyExists(String)
    /// A size limit or the encode queue is full.
    case resourceExhausted(String)
    /// A path outside the configured roots, path ingest disabled, or a backup place the daemon may not write.
    case permissionDenied(String)
    /// The request is valid but the daemon's state forbids it.
    case failedPrecondition(String)
    /// The daemon is warming up or shutting down.
    case unavailable(String)
    /// The caller's deadline passed before the work finished.
    case deadlineExceeded(String)
    /// The caller cancelled the call.
    case cancelled(String)
    /// A fault inside the daemon (storage failure, model fault).
    case `internal`(String)

    /// The status of this failure.
    public var code: ServiceStatus {
        switch self {
        case .invalidArgument: return .invalidArgument
        case .notFound: return .notFound
        case .alreadyExists: return .alreadyExists
        case .resourceExhausted: return .resourceExhausted
        case .permissionDenied: return .permissionDenied
        case .failedPrecondition: return .failedPrecondition
        case .unavailable: return .unavailable
        case .deadlineExceeded: return .deadlineExceeded
        case .cancelled: return .cancelled
        case .internal: return .internal
        }
    }

    /// The readable message sent with the status.
    public var description: String {
        switch self {
        case .invalidArgument(let m), .notFound(let m), .alreadyExists(let m), .resourceExhausted(let m),
            .permissionDenied(let m), .failedPrecondition(let m), .unavailable(let m), .deadlineExceeded(let m),
            .cancelled(let m), .internal(let m):
            return m
        }
    }

    /// Classifies any error thrown while serving a request.
    public static func from(_ error: any Error) -> ServiceError {
        switch error {
        case let error as ServiceError: return error
        case let error as StoreError: return from(store: error)
        case let error as VideoError: return from(video: error)
        case let error as ModelError:
            if case .invalidInput = error { return .invalidArgument(error.description) }
            return .internal(error.description)
        default: return .internal("unexpected failure: \(error)")
        }
    }

    /// NOT_FOUND for the record `id` of `kind`.
    static func missing(_ id: String, _ kind: RecordKind) -> ServiceError {
        .notFound("no \(kind.rawValue) with id \(id.debugDescription); check the id with List")
    }

    /// ALREADY_EXISTS for the taken id `id` of `kind` in a request that did not ask to replace.
    static func taken(_ id: String, _ kind: RecordKind) -> ServiceError {
        .alreadyExists("a \(kind.rawValue) with id \(id.debugDescription) already exists; set replace to overwrite it or delete it first")
    }

    private static func from(store error: StoreError) -> ServiceError {
        let message = error.description
        switch error {
        case .emptyID, .idTooLong, .idHasControlCharacters, .idNotNormalized, .invalidMetadata, .textTooLong,
            .invalidK, .invalidQuery, .invalidPageLimit, .invalidSource, .wrongDimension, .nonFiniteEmbedding, .zeroEmbedding,
            .destinationInsideStore:
            return .invalidArgument(message)
        case .recordNotFound(let id, let kind): return missing(id, kind)
        case .alreadyExists, .destinationExists: return .alreadyExists(message)
        case .diskFull: return .resourceExhausted(message)
        case .closed, .backendUnavailable: return .unavailable(message)
        case .fingerprintMismatch, .foreignRecords, .notABackup, .recordNotSearchable, .unsupported, .incompatibleBackend:
            return .failedPrecondition(message)
        case .backupFailed(_, .noPermission, _): return .permissionDenied(message)
        case .backupFailed(_, .noSpace, _): return .resourceExhausted(message)
        case .backupFailed(_, .unusable, _): return .failedPrecondition(message)
        default: return .internal(message)
        }
    }

    private static func from(video error: VideoError) -> ServiceError {
        let message = error.description
        switch error {
        case .inputTooLarge, .frameTooLarge, .tooLong: return .resourceExhausted(message)
        case .cannotOpenFile: return .notFound(message)
        case .timeLimitExceeded: return .deadlineExceeded(message)
        case .streamFailed: return .cancelled(message)
        case .invalidOptions: return .internal(message)
        default: return .invalidArgument(message)
        }
    }
}

/// The outcome classes of a request, numbered as the canonical gRPC / Google API status codes so a
/// transport maps them one to one (gRPC sends the number; HTTP picks its own status per class).
public enum ServiceStatus: Int32, Sendable, CaseIterable {
    /// The caller cancelled.
    case cancelled = 1
    /// The request is malformed.
    case invalidArgument = 3
    /// The caller's deadline passed.
    case deadlineExceeded = 4
    /// The record does not exist.
    case notFound = 5
    /// The id is taken.
    case alreadyExists = 6
    /// The request may not touch that path.
    case permissionDenied = 7
    /// A size limit or the queue is full.
    case resourceExhausted = 8
    /// The daemon's state forbids the request.
    case failedPrecondition = 9
    /// A fault inside the daemon.
    case `internal` = 13
    /// Warming up or shutting down.
    case unavailable = 14
}
