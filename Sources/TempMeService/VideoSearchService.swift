// Transport-independent request handling: typed messages in, typed messages or ServiceError out.
import Foundation
import Synchronization
import TempMeBasics
import TempMeModel
import TempMeProto
import TempMeStore
import TempMeVideo

/// Serves the tempme.v1 API over a loaded model and an open store; every method is safe to call
/// from many threads at once. Ingest encodes run on the bounded `EncodeQueue`; searches encode
/// their text on the caller's thread, so they never wait behind ingests.
public final class VideoSearchService: Sendable {
    /// The loaded model with its identity.
    public let bundle: ModelBundle
    /// The durable records and the queries over them (the embedded RocksDB store, or another backend).
    public let store: any RecordStore
    /// Limits and sizes.
    public let settings: ServiceSettings
    /// Tokens and FLOPs of one video through the video tower (the same for every video of F frames).
    public let videoCost: EncodeTrace

    let tokenizer: CLIPTokenizer
    let encodeQueue: EncodeQueue
    let confinement: PathConfinement
    let counters = ServiceCounters()
    /// Writes that change a video record and its thumbnails together hold it shared; a backup holds it exclusively,
    /// so its copy of the store and of the thumbnails agree.
    let snapshotLock = ReadWriteLock()
    let startedAt = ContinuousClock.now
    private let draining = Atomic<Bool>(false)

    /// Wires the parts together and runs the warm-up encodes (one video, one text) before returning.
    public init(bundle: ModelBundle, tokenizer: CLIPTokenizer, store: any RecordStore, settings: ServiceSettings) throws {
        self.bundle = bundle
        self.tokenizer = tokenizer
        self.store = store
        try settings.segmenting.validate()
        self.settings = settings
        self.confinement = PathConfinement(roots: settings.allowedRoots)
        self.encodeQueue = EncodeQueue(workers: settings.encodeWorkers, capacity: settings.queueCapacity)
        let frames = [Float](repeating: 0, count: bundle.model.configuration.frames * DecodedVideo.floatsPerFrame)
        self.videoCost = try bundle.model.encodeVideo(frames: frames).trace
        _ = try bundle.model.encodeText([tokenizer.encode("warm up", maxWords: bundle.maxWords)])
    }

    /// Refuses new requests with UNAVAILABLE from now on; requests already running finish.
    public func beginDraining() { draining.store(true, ordering: .releasing) }

    /// Stops the encoder threads (after queued encodes). Call after the transport has drained.
    public func stop() { encodeQueue.stop() }

    /// Ingests admitted and not finished.
    public var queueDepth: Int { encodeQueue.depth }

    /// UNAVAILABLE once draining began.
    func checkServing() throws(ServiceError) {
        guard !draining.load(ordering: .acquiring) else {
            throw .unavailable("the daemon is shutting down and accepts no new requests; retry against a running daemon")
        }
    }

    /// Seconds since the service was created.
    var uptimeSeconds: Double {
        (ContinuousClock.now - startedAt).seconds
    }

    /// Embeds one query text on the calling thread, with the encoder threads that are idle right now.
    func embed(text: String) throws -> [Float] {
        let ids = tokenizer.encode(text, maxWords: bundle.maxWords)
        guard let embedding = try bundle.model.encodeText([ids], splitter: encodeQueue.idleSplitter).first else {
            throw ServiceError.internal("the text tower returned no embedding")
        }
        return embedding
    }
}

/// Wall time of `body` in milliseconds, with its result.
func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = ContinuousClock.now
    let value = try body()
    return (value, milliseconds(since: start))
}

/// Milliseconds elapsed since `start`.
func milliseconds(since start: ContinuousClock.Instant) -> Double {
    (ContinuousClock.now - start).seconds * 1000
}
