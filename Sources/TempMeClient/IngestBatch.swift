// Many videos to one daemon with several uploads in flight: one outcome per file, whatever fails.
import Foundation
import Synchronization
import TempMeProto

/// Ingests a list of files with up to `concurrency` uploads at once; each file ends with exactly one
/// outcome. A failed file does not stop the others; the daemon being unavailable (or `stop()`)
/// stops new uploads from starting, and the files never tried end as `.notStarted`. A daemon whose
/// encode queue is full (RESOURCE_EXHAUSTED, refused before anything is stored) is retried.
public final class IngestBatch: Sendable {
    /// One file and the id it is stored under.
    public struct Item: Sendable, Equatable {
        /// The file (read here, or by the daemon with `.serverPath`).
        public let path: String
        /// The video id.
        public let id: String

        /// A file and its id.
        public init(path: String, id: String) {
            self.path = path
            self.id = id
        }
    }

    /// How the bytes reach the daemon.
    public enum Transfer: Sendable {
        /// Streamed from this process in chunks of this many bytes.
        case upload(chunkBytes: Int)
        /// Read by the daemon from its own disk (the path must be under its allowed roots).
        case serverPath
    }

    /// How one file ended.
    public enum Outcome: Sendable {
        /// Stored; the daemon's summary.
        case ingested(Tempme_V1_IngestResponse)
        /// Refused or failed; nothing was stored for it unless the daemon said so.
        case failed(TempMeClientError)
        /// Never uploaded: the batch stopped first.
        case notStarted
    }

    /// Progress, reported one at a time (never concurrently) in the order it happened.
    public enum Event: Sendable {
        /// Item `index` began uploading.
        case started(index: Int)
        /// Item `index` ended (never reported for items that did not start).
        case finished(index: Int, outcome: Outcome)
    }

    /// Why a batch stopped starting uploads.
    public enum StopReason: Sendable, Equatable {
        /// `stop()` or `abandon()` was called.
        case requested
        /// The daemon answered UNAVAILABLE.
        case daemonUnavailable
    }

    /// The files, in the order they are started.
    public let items: [Item]
    /// Most uploads in flight at once.
    public let concurrency: Int

    private let client: TempMeClient
    private let metadata: [String: String]
    private let replace: Bool
    private let transfer: Transfer
    private let state: Mutex<State>
    private let reporting = Mutex(())

    private struct State {
        var next = 0
        var stopReason: StopReason?
        var inFlight: [Int: UploadCanceller] = [:]
    }

    /// Seconds to wait before retrying a refusal for a full queue, doubling from the first to the last.
    static let busyBackoffSeconds = (first: 0.1, last: 3.2)
    /// Refusals for a full queue tolerated per file before its failure stands.
    static let busyRetries = 20
    /// Why an upload abandoned in flight failed, and what the daemon kept.
    static let abandonedMessage = "abandoned in flight; not stored, unless the daemon had stored it already (a rerun then answers ALREADY_EXISTS)"

    /// A batch of `items` for `client`, each with `metadata`, replacing existing ids when `replace`.
    public init(client: TempMeClient, items: [Item], metadata: [String: String] = [:], replace: Bool = false,
                transfer: Transfer = .upload(chunkBytes: TempMeClient.defaultIngestChunkBytes), concurrency: Int) {
        self.client = client
        self.items = items
        self.metadata = metadata
        self.replace = replace
        self.transfer = transfer
        self.concurrency = max(1, min(concurrency, max(1, items.count)))
        state = Mutex(State())
    }

    /// Why starting stopped, nil while the batch may still start uploads.
    public var stopReason: StopReason? { state.withLock { $0.stopReason } }

    /// Starts no further uploads; those in flight finish. Idempotent.
    public func stop() { halt(.requested) }

    /// Starts no further uploads and cancels those in flight (the daemon stores none of them, unless
    /// one was already stored when the cancel arrived; it then stays whole and is reported CANCELLED).
    public func abandon() {
        halt(.requested)
        for canceller in state.withLock({ Array($0.inFlight.values) }) { canceller.cancel() }
    }

    /// Uploads every item (blocking) and returns their outcomes in item order; `onEvent` hears of
    /// each start and end as it happens.
    public func run(onEvent: @escaping @Sendable (Event) -> Void = { _ in }) -> [Outcome] {
        let outcomes = Mutex([Outcome](repeating: .notStarted, count: items.count))
        let group = DispatchGroup()
        for worker in 0..<concurrency {
            group.enter()
            let thread = Thread { [self] in
                defer { group.leave() }
                while let (index, canceller) = claimNext() {
                    report(.started(index: index), to: onEvent)
                    let outcome = ingest(items[index], canceller: canceller)
                    outcomes.withLock { $0[index] = outcome }
                    state.withLock { _ = $0.inFlight.removeValue(forKey: index) }
                    if case .failed(let error) = outcome, error.code == .unavailable { halt(.daemonUnavailable) }
                    report(.finished(index: index, outcome: outcome), to: onEvent)
                }
            }
            thread.name = "tempmectl.upload.\(worker)"
            thread.start()
        }
        group.wait()
        return outcomes.withLock { $0 }
    }

    /// The next item to upload with its canceller, or nil once all are taken or the batch stopped.
    private func claimNext() -> (Int, UploadCanceller)? {
        state.withLock { state in
            guard state.stopReason == nil, state.next < items.count else { return nil }
            let index = state.next
            state.next += 1
            let canceller = UploadCanceller()
            state.inFlight[index] = canceller
            return (index, canceller)
        }
    }

    private func halt(_ reason: StopReason) {
        state.withLock { if $0.stopReason == nil { $0.stopReason = reason } }
    }

    private func report(_ event: Event, to onEvent: @Sendable (Event) -> Void) {
        reporting.withLock { _ in onEvent(event) }
    }

    /// One file, retrying while the daemon's queue is full.
    private func ingest(_ item: Item, canceller: UploadCanceller) -> Outcome {
        var backoff = Self.busyBackoffSeconds.first
        var refusals = 0
        while true {
            do {
                return .ingested(try send(item, canceller: canceller))
            } catch where error.code == .resourceExhausted && refusals < Self.busyRetries {
                refusals += 1
                guard sleepUnlessCancelled(seconds: backoff, canceller: canceller) else {
                    return .failed(TempMeClientError(code: .cancelled, message: "abandoned while waiting to retry (\(error.message)); not stored"))
                }
                backoff = min(backoff * 2, Self.busyBackoffSeconds.last)
            } catch where error.code == .cancelled && canceller.isCancelled {
                return .failed(TempMeClientError(code: .cancelled, message: Self.abandonedMessage))
            } catch {
                return .failed(error)
            }
        }
    }

    private func send(_ item: Item, canceller: UploadCanceller) throws(TempMeClientError) -> Tempme_V1_IngestResponse {
        switch transfer {
        case .upload(let chunkBytes):
            return try client.ingest(id: item.id, file: item.path, metadata: metadata, replace: replace,
                                     chunkBytes: chunkBytes, canceller: canceller)
        case .serverPath:
            let path = URL(fileURLWithPath: item.path).standardizedFileURL.path
            return try client.ingestPath(path, id: item.id, metadata: metadata, replace: replace, canceller: canceller)
        }
    }

    /// Sleeps in short steps; false when the upload was cancelled meanwhile.
    private func sleepUnlessCancelled(seconds: Double, canceller: UploadCanceller) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if canceller.isCancelled { return false }
            Thread.sleep(forTimeInterval: min(0.05, max(0, deadline.timeIntervalSinceNow)))
        }
        return !canceller.isCancelled
    }
}
