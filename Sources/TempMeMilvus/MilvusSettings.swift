// How tempmed reaches its Milvus collection and how that collection is indexed and read.

/// Where the Milvus backend keeps records and how it talks to Milvus (config `[store.milvus]`).
public struct MilvusSettings: Sendable, Equatable {
    /// Milvus's gRPC address, `HOST:PORT` (19530 is Milvus's default port).
    public var address: String
    /// The collection holding every record (videos and texts); created on first start.
    public var collection: String
    /// Sent with every call: `user:password`, or an API key (Zilliz Cloud); nil for an open server.
    public var token: String?
    /// PEM roots that switch the channel to TLS; nil for plaintext.
    public var tlsRootCertificatesPEM: String?
    /// Name to check in the server's certificate instead of the address's host.
    public var tlsServerName: String?
    /// The vector index the collection is created with.
    public var index: MilvusIndex
    /// How fresh searches and reads must be.
    public var consistency: MilvusConsistency
    /// Deadline of one call to Milvus.
    public var callTimeout: Duration
    /// Further attempts of a call Milvus could not take (unreachable or busy), with doubling waits.
    public var retries: Int

    /// The collection name used when none is configured.
    public static let defaultCollection = "tempmed"

    /// Settings for `address` with the defaults: collection `tempmed`, exact FLAT index, strong consistency,
    /// 10 s per call, 3 retries.
    public init(
        address: String, collection: String = defaultCollection, token: String? = nil, tlsRootCertificatesPEM: String? = nil,
        tlsServerName: String? = nil, index: MilvusIndex = .flat, consistency: MilvusConsistency = .strong,
        callTimeout: Duration = .seconds(10), retries: Int = 3
    ) {
        self.address = address
        self.collection = collection
        self.token = token
        self.tlsRootCertificatesPEM = tlsRootCertificatesPEM
        self.tlsServerName = tlsServerName
        self.index = index
        self.consistency = consistency
        self.callTimeout = callTimeout
        self.retries = retries
    }
}

/// The vector index of the collection; FLAT is exact, the others approximate and faster at scale.
public enum MilvusIndex: Sendable, Equatable {
    /// Exact brute-force search (the embedded store's semantics).
    case flat
    /// A graph index: `m` links per node, `efConstruction` when building, `ef` candidates per search (>= k).
    case hnsw(m: Int, efConstruction: Int, ef: Int)
    /// Inverted lists: `nlist` clusters, `nprobe` of them searched.
    case ivfFlat(nlist: Int, nprobe: Int)

    /// Milvus's `index_type`.
    var typeName: String {
        switch self {
        case .flat: return "FLAT"
        case .hnsw: return "HNSW"
        case .ivfFlat: return "IVF_FLAT"
        }
    }

    /// The build parameters as Milvus's JSON `params`.
    var buildParameters: String {
        switch self {
        case .flat: return "{}"
        case .hnsw(let m, let efConstruction, _): return "{\"M\": \(m), \"efConstruction\": \(efConstruction)}"
        case .ivfFlat(let nlist, _): return "{\"nlist\": \(nlist)}"
        }
    }

    /// The search parameters as Milvus's JSON `params`, for a query of `k` hits.
    func searchParameters(k: Int) -> String {
        switch self {
        case .flat: return "{}"
        case .hnsw(_, _, let ef): return "{\"ef\": \(max(ef, k))}"
        case .ivfFlat(_, let nprobe): return "{\"nprobe\": \(nprobe)}"
        }
    }
}

/// Milvus's consistency levels. Strong is the only one under which an acknowledged write is visible
/// to the next search on every node; it waits for Milvus's time tick (up to about 200 ms per search
/// on a busy cluster).
public enum MilvusConsistency: String, Sendable, Equatable, CaseIterable {
    /// Every acknowledged write is visible (the default).
    case strong
    /// Reads may miss writes of the last few seconds.
    case bounded
    /// A node sees its own writes; others may lag.
    case session
    /// No freshness guarantee.
    case eventually
}
