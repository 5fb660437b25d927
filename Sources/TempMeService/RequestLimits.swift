// The bounds a request must respect, checked before any decoding or encoding is spent on it.
import TempMeStore

/// Limits on request fields; built from the daemon configuration.
public struct RequestLimits: Sendable, Equatable {
    /// Largest k a query may ask for.
    public var maxK: Int
    /// Longest query or stored text, in UTF-8 bytes.
    public var maxTextBytes: Int
    /// Largest video accepted, in bytes.
    public var maxVideoBytes: Int
    /// Texts per AddTexts batch.
    public var maxTextsPerBatch: Int
    /// Records per List page.
    public var maxPageSize: Int
    /// Smallest Ingest chunk allowed before another chunk (the last may be smaller).
    public var minChunkBytes: Int

    /// k used when a request leaves it 0.
    public static let defaultK = 10
    /// Page size used when a request leaves it 0.
    public static let defaultPageSize = 100
    /// The documented minimum of every Ingest chunk but the last: 1 KiB. Each message costs 0.1-0.3 ms of client
    /// and daemon time (grpcio), so 1-byte chunks of a 200 KB clip would take most of a minute; 1 KiB ones take 50 ms.
    public static let defaultMinChunkBytes = 1024

    /// Limits with the given bounds.
    public init(maxK: Int = 1000, maxTextBytes: Int = 4096, maxVideoBytes: Int = 1 << 30,
                maxTextsPerBatch: Int = 1024, maxPageSize: Int = 1000, minChunkBytes: Int = defaultMinChunkBytes) {
        self.maxK = maxK
        self.maxTextBytes = maxTextBytes
        self.maxVideoBytes = maxVideoBytes
        self.maxTextsPerBatch = maxTextsPerBatch
        self.maxPageSize = maxPageSize
        self.minChunkBytes = minChunkBytes
    }

    /// The smallest chunk allowed under a message size limit: 1 KiB, or half the limit when that is smaller.
    public static func minChunkBytes(maxMessageBytes: Int) -> Int {
        min(defaultMinChunkBytes, maxMessageBytes / 2)
    }

    /// The k to use: 0 means the default; otherwise 1...maxK.
    func k(_ requested: UInt32) throws(ServiceError) -> Int {
        if requested == 0 { return Self.defaultK }
        guard Int(requested) <= maxK else {
            throw .invalidArgument("k is \(requested); it must be between 1 and \(maxK) (0 means \(Self.defaultK))")
        }
        return Int(requested)
    }

    /// A chunk followed by another (so not the last) must hold at least `minChunkBytes`.
    func nonFinalChunk(bytes: Int) throws(ServiceError) {
        guard bytes < minChunkBytes else { return }
        throw .invalidArgument("an Ingest chunk of \(bytes) byte\(bytes == 1 ? "" : "s") was followed by another; every chunk "
            + "but the last must hold at least \(minChunkBytes) bytes (64 KiB to 1 MiB chunks work best)")
    }

    /// The page size to use: 0 means the default; otherwise 1...maxPageSize.
    func pageSize(_ requested: UInt32) throws(ServiceError) -> Int {
        if requested == 0 { return Self.defaultPageSize }
        guard Int(requested) <= maxPageSize else {
            throw .invalidArgument("page_size is \(requested); it must be between 1 and \(maxPageSize)")
        }
        return Int(requested)
    }

    /// A text must be non-empty (after trimming) and at most `maxTextBytes` (the store's text rule at this limit).
    func text(_ text: String, field: String) throws(ServiceError) {
        guard text.contains(where: { !$0.isWhitespace }) else {
            throw .invalidArgument("\(field) is empty; give a non-empty text")
        }
        try Self.apply(field, hint: " (search.max_text_bytes)") { () throws(StoreError) in
            try RecordValidation.checkText(text, limit: maxTextBytes)
        }
    }

    /// An id must pass the store's id rule (non-empty, NFC, printable, at most `StoreLimits.maxIDBytes` bytes).
    func id(_ id: String, field: String = "id") throws(ServiceError) {
        try Self.apply(field) { () throws(StoreError) in try RecordValidation.checkID(id) }
    }

    /// Metadata must pass the store's metadata rule (pair count, key and value sizes).
    func metadata(_ metadata: [String: String], field: String = "metadata") throws(ServiceError) {
        try Self.apply(field) { () throws(StoreError) in try RecordValidation.checkMetadata(metadata) }
    }

    /// Runs a store record rule on the request field `field`; a refusal is INVALID_ARGUMENT naming the field.
    private static func apply(_ field: String, hint: String = "", _ rule: () throws(StoreError) -> Void) throws(ServiceError) {
        do {
            try rule()
        } catch {
            throw .invalidArgument(error.message(naming: field) + hint)
        }
    }
}
