// The two store backends, made fresh for each test: the embedded RocksDB store and a Milvus collection.
import Foundation
import TempMeBasics
import TempMeMilvus
import TempMeStore
import TempMeTestSupport

/// Which backend a behaviour test runs against.
enum Backend: String, CaseIterable, CustomStringConvertible {
    case embedded
    case milvus

    var description: String { rawValue }
}

/// A store of one backend with what keeps it alive (its directory; the Milvus server is shared).
struct StoreUnderTest {
    let store: any RecordStore
    let directory: TemporaryDirectory
}

enum StoreBackends {
    static let fingerprint = "test-model"

    /// A fresh, empty store of `backend` for embeddings of `dimension` floats.
    static func make(_ backend: Backend, dimension: Int = 8, policy: ForeignFingerprintPolicy = .refuse) throws -> StoreUnderTest {
        let directory = try TemporaryDirectory()
        let configuration = StoreConfiguration(dimension: dimension, modelFingerprint: fingerprint, foreignFingerprints: policy)
        switch backend {
        case .embedded:
            let store = try EmbeddingStore(directory: URL(fileURLWithPath: directory.path + "/store"), configuration: configuration)
            return StoreUnderTest(store: store, directory: directory)
        case .milvus:
            let server = try MilvusServer.shared()
            let store = try MilvusStore(settings: settings(server, collection: uniqueCollection()), configuration: configuration)
            return StoreUnderTest(store: store, directory: directory)
        }
    }

    /// Settings for a collection on `server`, with short timeouts so failures show quickly.
    static func settings(_ server: MilvusServer, collection: String, retries: Int = 3) -> MilvusSettings {
        MilvusSettings(address: server.address, collection: collection, callTimeout: .seconds(20), retries: retries)
    }

    /// A collection name no other test uses.
    static func uniqueCollection() -> String {
        "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
    }
}

/// Records for tests.
enum Records {
    /// A video record with a simple embedding.
    static func video(_ id: String, _ embedding: [Float], metadata: [String: String] = [:], fingerprint: String = StoreBackends.fingerprint)
        -> VideoRecord
    {
        VideoRecord(
            id: id, embedding: embedding, modelFingerprint: fingerprint, metadata: metadata,
            source: VideoSource(durationSeconds: 12.5, framesPerSecond: 25, sampledFrames: [0, 26, 52, 78], origin: "upload"),
            ingestedAt: Date(timeIntervalSince1970: 1_765_000_000.123456))
    }

    /// A text record.
    static func text(_ id: String, _ text: String, _ embedding: [Float], metadata: [String: String] = [:]) -> TextRecord {
        TextRecord(id: id, text: text, embedding: embedding, modelFingerprint: StoreBackends.fingerprint, metadata: metadata,
                   ingestedAt: Date(timeIntervalSince1970: 1_765_000_001.5))
    }

    /// A deterministic pseudo-random embedding.
    static func embedding(_ seed: Int, dimension: Int = 8) -> [Float] {
        var generator = SplitMix64(seed: UInt64(seed))
        return (0..<dimension).map { _ in Float.random(in: -1...1, using: &generator) }
    }
}
