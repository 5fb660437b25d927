// A real service in the test process: tiny deterministic weights, the CLIP vocabulary, a temporary
// RocksDB store and ffmpeg-made clips. No transport, no daemon.
import Foundation
import TempMeModel
import TempMeProto
import TempMeService
import TempMeStore
import TempMeTestSupport
import TempMeVideo

/// One service over a fresh store, with the standard clips on disk.
final class ServiceFixture: @unchecked Sendable {
    let directory: TemporaryDirectory
    let bundle: ModelBundle
    let tokenizer: CLIPTokenizer
    let store: EmbeddingStore
    let service: VideoSearchService
    /// The standard clips (testsrc, red, bars) by name.
    let clips: [String: String]

    /// Built with the tiny backbone (12 frames, TempMe) and `settings` (path ingest allowed in the temporary directory);
    /// with `thumbnails`, ingests keep thumbnails in `<directory>/thumbnails`, as the daemon's do.
    init(encodeWorkers: Int = 2, limits: RequestLimits = RequestLimits(), thumbnails: Bool = false) throws {
        directory = try TemporaryDirectory()
        bundle = try ModelBundle.deterministic(.tiny)
        guard let vocabulary = CLIPTokenizer.defaultVocabularyFile() else {
            throw FixtureFailure(description: "the CLIP vocabulary is missing: run scripts/fetch_vocab.sh")
        }
        tokenizer = try CLIPTokenizer(vocabularyFile: vocabulary)
        store = try EmbeddingStore(
            directory: URL(fileURLWithPath: directory.path + "/store"),
            configuration: StoreConfiguration(dimension: bundle.model.embeddingDimension, modelFingerprint: bundle.fingerprint))
        let shared = try Self.sharedClips.get()
        clips = shared.paths
        var settings = ServiceSettings(limits: limits, allowedRoots: [shared.directory.path], encodeWorkers: encodeWorkers,
                                       backupDirectory: directory.path + "/backups")
        if thumbnails { settings.thumbnailDirectory = directory.path + "/thumbnails" }
        service = try VideoSearchService(bundle: bundle, tokenizer: tokenizer, store: store, settings: settings)
    }

    /// The clips, made once per test process (static storage keeps the directory) and only read afterwards.
    private static let sharedClips = Result { () throws -> (directory: TemporaryDirectory, paths: [String: String]) in
        let directory = try TemporaryDirectory()
        return (directory, try TestClips.make(in: directory.path))
    }

    deinit {
        service.stop()
        store.close()
    }

    /// Ingests the clip `name` from its path under `id`.
    @discardableResult
    func ingest(_ name: String, as id: String, metadata: [String: String] = [:], replace: Bool = false) throws
        -> Tempme_V1_IngestResponse
    {
        var request = Tempme_V1_IngestPathRequest()
        request.path = clips[name]!
        request.id = id
        request.metadata = metadata
        request.replace = replace
        return try service.ingestPath(request, context: DetachedContext())
    }

    /// Uploads the clip `name` as a stream of `chunkBytes` chunks under `id`.
    @discardableResult
    func upload(_ name: String, as id: String, chunkBytes: Int = 4096, metadata: [String: String] = [:]) throws
        -> Tempme_V1_IngestResponse
    {
        let data = try Data(contentsOf: URL(fileURLWithPath: clips[name]!))
        var header = Tempme_V1_IngestHeader()
        header.id = id
        header.metadata = metadata
        header.filename = name + ".mp4"
        var offset = 0
        return try service.ingest(header: header, context: DetachedContext()) {
            guard offset < data.count else { return nil }
            let chunk = data.subdata(in: offset..<min(data.count, offset + chunkBytes))
            offset += chunkBytes
            return chunk
        }
    }

    /// Text-to-video search.
    func search(_ text: String, k: UInt32 = 10, filter: [String: String] = [:]) throws -> Tempme_V1_SearchResponse {
        var request = Tempme_V1_SearchRequest()
        request.text = text
        request.k = k
        request.metadataFilter = filter
        return try service.search(request)
    }

    /// One video record, embedding included.
    func video(_ id: String) throws -> Tempme_V1_Record {
        var request = Tempme_V1_GetRequest()
        request.id = id
        request.kind = .video
        request.includeEmbedding = true
        return try service.get(request).record
    }

    /// Deletes a video; whether it existed.
    func deleteVideo(_ id: String) throws -> Bool {
        var request = Tempme_V1_DeleteRequest()
        request.id = id
        request.kind = .video
        return try service.delete(request).deleted
    }

    /// The clip's embedding computed without the service: decode and encode straight through the engine.
    func engineEmbedding(of name: String) throws -> [Float] {
        let options = VideoDecodeOptions(frames: bundle.model.configuration.frames, decoderThreads: 1)
        let video = try VideoDecoder.decode(path: clips[name]!, options: options)
        return try bundle.model.encodeVideo(frames: video.frames).embedding
    }

    /// The text's embedding straight from the engine.
    func engineEmbedding(text: String) throws -> [Float] {
        try bundle.model.encodeText([tokenizer.encode(text, maxWords: bundle.maxWords)])[0]
    }
}

/// A fixture that could not be built, with the reason.
struct FixtureFailure: Error, CustomStringConvertible {
    let description: String
}
