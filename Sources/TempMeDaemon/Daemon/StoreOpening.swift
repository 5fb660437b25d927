// Opens the configured store backend: the embedded RocksDB store, or a Milvus collection.
import Foundation
import Logging
import TempMeMilvus
import TempMeModel
import TempMeStore

/// The store the daemon serves from, with what the runner does around it.
struct OpenedStore {
    /// The records.
    let store: any RecordStore
    /// Releases it at shutdown.
    let close: @Sendable () -> Void
    /// Whether the backend answers right now; nil when it is in-process (always available).
    let probe: (@Sendable () -> Bool)?
}

/// Opens `store.backend`.
enum StoreOpening {
    /// The store for `configuration` and the loaded model; a Milvus that does not answer is waited
    /// for up to `store.milvus.connect_timeout_seconds`.
    static func open(_ configuration: DaemonConfiguration, bundle: ModelBundle, logger: Logger) throws -> OpenedStore {
        let storeConfiguration = StoreConfiguration(
            dimension: bundle.model.embeddingDimension, modelFingerprint: bundle.fingerprint,
            foreignFingerprints: configuration.store.acceptForeignFingerprints ? .include : .refuse)
        switch configuration.store.backend {
        case .embedded: return try openEmbedded(configuration, storeConfiguration, logger: logger)
        case .milvus: return try openMilvus(configuration.store.milvus, storeConfiguration, logger: logger)
        }
    }

    private static func openEmbedded(
        _ configuration: DaemonConfiguration, _ storeConfiguration: StoreConfiguration, logger: Logger
    ) throws -> OpenedStore {
        let directory = DataDirectoryLayout.store(in: configuration.dataDirectory)
        do {
            let store = try EmbeddingStore(directory: directory, configuration: storeConfiguration)
            logger.info("store opened", metadata: [
                "path": "\(directory.path)", "videos": "\(store.count(kind: .video))", "texts": "\(store.count(kind: .text))",
            ])
            return OpenedStore(store: store, close: { store.close() }, probe: nil)
        } catch {
            throw DaemonStartupError.storeUnavailable(path: directory.path, reason: "\(error)")
        }
    }

    private static func openMilvus(
        _ milvus: DaemonConfiguration.Milvus, _ storeConfiguration: StoreConfiguration, logger: Logger
    ) throws -> OpenedStore {
        let settings = MilvusSettings(milvus)
        let deadline = ContinuousClock.now + .milliseconds(Int64(milvus.connectTimeoutSeconds * 1000))
        while true {
            do {
                let store = try MilvusStore(settings: settings, configuration: storeConfiguration)
                let videos = try store.count(kind: .video), texts = try store.count(kind: .text)
                logger.info("store opened", metadata: [
                    "backend": "milvus", "address": "\(settings.address)", "collection": "\(settings.collection)",
                    "index": "\(milvus.index.rawValue)", "consistency": "\(milvus.consistency.rawValue)",
                    "videos": "\(videos)", "texts": "\(texts)",
                ])
                return OpenedStore(store: store, close: {}, probe: { store.isHealthy() })
            } catch StoreError.backendUnavailable(let reason) where ContinuousClock.now < deadline {
                logger.warning("waiting for Milvus", metadata: ["address": "\(settings.address)", "reason": "\(reason)"])
                Thread.sleep(forTimeInterval: 2)
            } catch {
                throw DaemonStartupError.storeUnavailable(path: "milvus://\(settings.address)/\(settings.collection)", reason: "\(error)")
            }
        }
    }
}

extension MilvusSettings {
    /// The backend's settings from the daemon configuration's `[store.milvus]` table.
    init(_ milvus: DaemonConfiguration.Milvus) {
        let index: MilvusIndex
        switch milvus.index {
        case .flat: index = .flat
        case .hnsw: index = .hnsw(m: milvus.hnswM, efConstruction: milvus.hnswEfConstruction, ef: milvus.hnswEf)
        case .ivf_flat: index = .ivfFlat(nlist: milvus.ivfNlist, nprobe: milvus.ivfNprobe)
        }
        self.init(
            address: milvus.address ?? "", collection: milvus.collection, token: milvus.token,
            tlsRootCertificatesPEM: milvus.tlsRootCertificatesPEM, tlsServerName: milvus.tlsServerName, index: index,
            consistency: milvus.consistency,
            callTimeout: .milliseconds(Int64(milvus.callTimeoutSeconds * 1000)), retries: milvus.retries)
    }
}
