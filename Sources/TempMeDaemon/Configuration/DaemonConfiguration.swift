// The daemon's settings after defaults, the TOML file and command-line overrides are combined and checked.
import Foundation
import Logging
import TempMeKernels
import TempMeMilvus
import TempMeModel
import TempMeVideo
import TempMeStore

/// How log lines are written.
public enum LogFormat: String, Sendable, CaseIterable {
    /// `timestamp level label message key=value ...`
    case text
    /// One JSON object per line.
    case json
}

/// Where the daemon keeps its records.
public enum StoreBackend: String, Sendable, CaseIterable {
    /// RocksDB under the data directory, exact search in memory (the default).
    case embedded
    /// A Milvus collection, shared by any number of tempmed nodes.
    case milvus
}

/// The vector index of a new Milvus collection.
public enum MilvusIndexKind: String, Sendable, CaseIterable {
    /// Exact brute-force search.
    case flat
    /// Approximate graph search.
    case hnsw
    /// Approximate inverted-list search.
    case ivf_flat
}

/// Every setting of a running daemon; all paths are absolute. Build it with `DaemonConfiguration.load`.
public struct DaemonConfiguration: Sendable, Equatable {
    /// Directory holding the RocksDB store and the lock file (`data_dir`).
    public var dataDirectory: String
    /// Addresses the gRPC server listens on (`listen`).
    public var listen: [ListenAddress]
    /// Largest gRPC message accepted, in bytes (`max_message_bytes`).
    public var maxMessageBytes: Int
    /// How long a graceful shutdown may take before in-flight work is abandoned (`drain_seconds`).
    public var drainSeconds: Double
    /// The encoder (`[model]`).
    public var model: Model
    /// How the encoders compute (`[encoder]`).
    public var encoder: EncoderSettings
    /// Video ingest limits (`[ingest]`).
    public var ingest: Ingest
    /// Query limits (`[search]`).
    public var search: Search
    /// TLS and authentication (`[security]`).
    public var security: Security
    /// Logging (`[log]`).
    public var log: Log
    /// Persistence policy (`[store]`).
    public var store: Store
    /// Things the daemon should log at start: valid but probably unintended settings.
    public var warnings: [String]
    /// The HTTP listener, `/metrics` and the page (`[http]`, `metrics.enabled`).
    public var http = HTTP()

    /// Encoder settings.
    public struct Model: Sendable, Equatable {
        /// Directory with converted CLIP/TempMe weights; nil means the built-in model (the demo model, see tempmed --builtin-model).
        public var directory: String?
        /// Which encoder path runs; nil: the model's config.json decides (TempMe when it is silent).
        public var mode: EncoderMode?
        /// Frames sampled per video (F); nil: the model's config.json decides (12 when it is silent).
        public var frames: Int?
        /// Text context length in tokens, SOT and EOT included; nil: the model's config.json decides (32 when it is silent).
        public var maxWords: Int?
        /// The CLIP BPE vocabulary file, if one was configured or found in the usual places.
        public var vocabularyFile: String?
    }

    /// Encoder computation settings.
    public struct EncoderSettings: Sendable, Equatable {
        /// Number format of the linear layers (`encoder.precision`): auto picks the fastest one that meets
        /// the accuracy bar on this CPU (docs/precision.md); a format the CPU cannot run stops start-up.
        public var precision: Precision
    }

    /// Ingest settings.
    public struct Ingest: Sendable, Equatable {
        /// Directories under which server-side path ingest may read; empty disables path ingest.
        public var allowedRoots: [String]
        /// Largest video accepted, in bytes.
        public var maxVideoBytes: Int
        /// Encode requests that may wait before new ones are refused.
        public var queueCapacity: Int
        /// Videos encoded concurrently.
        public var encodeWorkers: Int
        /// Longest time decoding one video may take.
        public var decodeTimeoutSeconds: Double
        /// Exact frames, or samples snapped to nearby keyframes (`ingest.sampling`, docs/ingest.md).
        public var sampling: FrameSampling = .exact
        /// Window length of a long video's segments, in seconds (`ingest.segment_seconds`).
        public var segmentSeconds = 8.0
        /// Distance between window starts, in seconds (`ingest.segment_stride_seconds`; at most the window length).
        public var segmentStrideSeconds = 4.0
        /// Videos longer than this are segmented; 0 turns segmenting off (`ingest.segment_min_video_seconds`).
        public var segmentMinVideoSeconds = 30.0

        /// The values `ingest.encode_workers` may take.
        public static let encodeWorkerRange = 1...256

        /// One encode worker per core (each encode is single-threaded), within `encodeWorkerRange`.
        static var defaultEncodeWorkers: Int {
            min(encodeWorkerRange.upperBound, max(encodeWorkerRange.lowerBound, ProcessInfo.processInfo.activeProcessorCount))
        }
    }

    /// Search settings.
    public struct Search: Sendable, Equatable {
        /// Largest k a query may ask for.
        public var maxK: Int
        /// Longest query text, in UTF-8 bytes.
        public var maxTextBytes: Int
        /// How a long video is scored when a request does not say (`search.aggregation`).
        public var aggregation = SegmentAggregation.bestSegment
    }

    /// Security settings.
    public struct Security: Sendable, Equatable {
        /// PEM certificate chain for TLS on TCP listeners; nil means plaintext.
        public var tlsCertificateFile: String?
        /// PEM private key matching `tlsCertificateFile`.
        public var tlsKeyFile: String?
        /// File holding the bearer token clients must send; nil means no authentication.
        public var authTokenFile: String?
        /// The bearer token read from `authTokenFile`, whitespace trimmed.
        public var authToken: String?
        /// Allows non-loopback TCP listeners without TLS and a token.
        public var allowInsecureRemote: Bool

        /// Whether both TLS files are configured.
        public var usesTLS: Bool { tlsCertificateFile != nil && tlsKeyFile != nil }
    }

    /// Logging settings.
    public struct Log: Sendable, Equatable {
        /// Lowest level written.
        public var level: Logger.Level
        /// Line format.
        public var format: LogFormat
        /// Level of the one-line-per-call access log, or off (`log.access`).
        public var access: AccessLogLevel = .info
    }

    /// Store settings.
    public struct Store: Sendable, Equatable {
        /// Where records live: the embedded RocksDB store, or a Milvus collection (`store.backend`).
        public var backend: StoreBackend
        /// Serve records whose model fingerprint differs from the loaded model instead of refusing to start.
        public var acceptForeignFingerprints: Bool
        /// Where backups with a bare name (or none) are written (`store.backup_dir`); `<data_dir>/backups` once loaded.
        public var backupDirectory: String?
        /// The Milvus backend's settings (`[store.milvus]`), used when `backend` is `milvus`.
        public var milvus: Milvus
    }

    /// The Milvus backend's settings.
    public struct Milvus: Sendable, Equatable {
        /// Milvus's gRPC address, HOST:PORT; required with `store.backend = "milvus"`.
        public var address: String?
        /// The collection holding the records.
        public var collection: String
        /// File holding the token sent to Milvus (`user:password` or an API key); nil for an open server.
        public var tokenFile: String?
        /// The token read from `tokenFile`, whitespace trimmed.
        public var token: String?
        /// PEM file of the roots that verify Milvus's certificate; set, the connection uses TLS.
        public var tlsCAFile: String?
        /// The PEM text read from `tlsCAFile`.
        public var tlsRootCertificatesPEM: String?
        /// Name to check in Milvus's certificate instead of the address's host.
        public var tlsServerName: String?
        /// The vector index a new collection gets.
        public var index: MilvusIndexKind
        /// HNSW: links per node.
        public var hnswM: Int
        /// HNSW: candidates while building.
        public var hnswEfConstruction: Int
        /// HNSW: candidates per search (at least k is used).
        public var hnswEf: Int
        /// IVF_FLAT: clusters.
        public var ivfNlist: Int
        /// IVF_FLAT: clusters searched.
        public var ivfNprobe: Int
        /// Freshness of reads; only `strong` shows every acknowledged write on every node.
        public var consistency: MilvusConsistency
        /// Deadline of one call to Milvus.
        public var callTimeoutSeconds: Double
        /// Further attempts of a call while Milvus is unreachable or busy.
        public var retries: Int
        /// How long start-up waits for Milvus before giving up.
        public var connectTimeoutSeconds: Double
    }

    /// The file name of the CLIP BPE vocabulary searched for when `model.vocab_file` is empty.
    public static let vocabularyFileName = "bpe_simple_vocab_16e6.txt"

    /// Default TCP listener.
    public static let defaultTCPListener = ListenAddress.tcp(host: "127.0.0.1", port: 7700)

    /// Settings used when neither the file nor the command line says otherwise (paths still unresolved).
    static func builtInDefaults(dataDirectory: String) -> DaemonConfiguration {
        DaemonConfiguration(
            dataDirectory: dataDirectory,
            listen: [],
            maxMessageBytes: 4 << 20,
            drainSeconds: 10,
            model: Model(directory: nil, mode: nil, frames: nil, maxWords: nil, vocabularyFile: nil),
            encoder: EncoderSettings(precision: .auto),
            ingest: Ingest(
                allowedRoots: [], maxVideoBytes: 1 << 30, queueCapacity: 64, encodeWorkers: Ingest.defaultEncodeWorkers,
                decodeTimeoutSeconds: 120),
            search: Search(maxK: 1000, maxTextBytes: 4096),
            security: Security(
                tlsCertificateFile: nil, tlsKeyFile: nil, authTokenFile: nil, authToken: nil,
                allowInsecureRemote: false),
            log: Log(level: .info, format: .text),
            store: Store(
                backend: .embedded, acceptForeignFingerprints: false, backupDirectory: nil,
                milvus: Milvus(
                    address: nil, collection: "tempmed", tokenFile: nil, token: nil, tlsCAFile: nil, tlsRootCertificatesPEM: nil,
                    tlsServerName: nil, index: .flat, hnswM: 16, hnswEfConstruction: 200, hnswEf: 64, ivfNlist: 1024,
                    ivfNprobe: 16, consistency: .strong, callTimeoutSeconds: 10, retries: 3, connectTimeoutSeconds: 60)),
            warnings: [])
    }
}
