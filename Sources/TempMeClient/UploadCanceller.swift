// A handle that abandons an upload from another thread, whether it has opened yet or not.
import Synchronization

/// Cancels the upload it is handed to (`TempMeClient.ingest(..., canceller:)`, `ingestPath(..., canceller:)`): before it opens,
/// the upload never starts; while it runs, the call is cancelled and the daemon stores nothing.
public final class UploadCanceller: Sendable {
    private struct State {
        var upload: IngestUpload?
        var cancelled = false
    }

    private let state = Mutex(State())

    /// A canceller not yet attached to an upload.
    public init() {}

    /// Whether `cancel()` was called.
    public var isCancelled: Bool { state.withLock { $0.cancelled } }

    /// Abandons the upload (now, or as soon as it opens). Idempotent.
    public func cancel() {
        let upload = state.withLock { state -> IngestUpload? in
            state.cancelled = true
            return state.upload
        }
        upload?.cancel()
    }

    /// Records the open upload; false (and cancels it) when `cancel()` came first.
    func attach(_ upload: IngestUpload) -> Bool {
        let cancelled = state.withLock { state -> Bool in
            state.upload = upload
            return state.cancelled
        }
        if cancelled { upload.cancel() }
        return !cancelled
    }
}
