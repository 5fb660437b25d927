import Foundation

/// What to do at open with stored records whose model fingerprint differs from the loaded model.
public enum ForeignFingerprintPolicy: Sendable {
    /// Refuse to open, naming the count and an example (the default).
    case refuse
    /// Open, keep them on disk but leave them out of search; list them with `staleIDs`.
    case exclude
    /// Open and search them alongside current records (only those of the right dimension).
    case include
}

/// How a store is opened: embedding size, the loaded model, and policies.
public struct StoreConfiguration: Sendable {
    /// Length of every embedding.
    public var dimension: Int
    /// Fingerprint of the loaded model; new records must carry it.
    public var modelFingerprint: String
    /// Policy for records made by another model.
    public var foreignFingerprints: ForeignFingerprintPolicy
    /// Most write requests folded into one synced RocksDB write.
    public var maxGroupCommitRequests: Int
    /// Create the directory and database when missing.
    public var createIfMissing: Bool

    /// Describes a store.
    public init(
        dimension: Int, modelFingerprint: String, foreignFingerprints: ForeignFingerprintPolicy = .refuse,
        maxGroupCommitRequests: Int = 1024, createIfMissing: Bool = true
    ) {
        self.dimension = dimension
        self.modelFingerprint = modelFingerprint
        self.foreignFingerprints = foreignFingerprints
        self.maxGroupCommitRequests = maxGroupCommitRequests
        self.createIfMissing = createIfMissing
    }

    /// Checks the values a store cannot work with.
    func validate() throws {
        guard dimension > 0 && dimension <= StoreLimits.maxDimension else {
            throw StoreError.invalidConfiguration(reason: "dimension must be in 1...\(StoreLimits.maxDimension), got \(dimension)")
        }
        guard !modelFingerprint.isEmpty && modelFingerprint.utf8.count <= StoreLimits.maxFingerprintBytes else {
            throw StoreError.invalidConfiguration(reason: "model fingerprint must be 1...\(StoreLimits.maxFingerprintBytes) bytes")
        }
        guard maxGroupCommitRequests > 0 else {
            throw StoreError.invalidConfiguration(reason: "maxGroupCommitRequests must be positive")
        }
    }
}

/// Size limits that keep records sane.
public enum StoreLimits {
    /// Longest id in UTF-8 bytes.
    public static let maxIDBytes = 512
    /// Longest model fingerprint in UTF-8 bytes.
    public static let maxFingerprintBytes = 256
    /// Largest embedding dimension.
    public static let maxDimension = 65_536
    /// Most metadata pairs per record.
    public static let maxMetadataPairs = 256
    /// Longest metadata key in UTF-8 bytes.
    public static let maxMetadataKeyBytes = 256
    /// Longest metadata value in UTF-8 bytes.
    public static let maxMetadataValueBytes = 65_536
    /// Longest text record in UTF-8 bytes.
    public static let maxTextBytes = 1 << 20
    /// Most ids per listing page.
    public static let maxPageSize = 100_000
    /// Most sampled frame numbers per video.
    public static let maxSampledFrames = 65_536
    /// Most segments one video may have (a 4-hour video cut every 2 s has 7 200).
    public static let maxSegments = 65_536
    /// Most moments a hit may carry.
    public static let maxMoments = 100
}
