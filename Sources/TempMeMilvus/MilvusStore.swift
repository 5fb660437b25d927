// The Milvus backend of the store interface: every record a row of one Milvus collection.
import Foundation
import MilvusProto
import Synchronization
import TempMeStore

/// Records kept in a Milvus collection (standalone or cluster), searched by Milvus: exact with the
/// default FLAT index, approximate with HNSW or IVF. Several tempmed nodes may share one collection;
/// with strong consistency (the default) a write acknowledged by any node is seen by every search.
///
/// Within one node, a create-only put and the existence check before it run under one lock; across
/// nodes two creates of one id at the same instant can both succeed (the later overwrites the earlier).
public final class MilvusStore: RecordStore {
    /// How the store reaches Milvus.
    public let settings: MilvusSettings
    /// The store's dimension, fingerprint and foreign-record policy.
    public let configuration: StoreConfiguration

    let connection: MilvusConnection
    /// Serializes check-then-write sequences (create-only puts, deletes reporting existence) on this node.
    private let writes = Mutex<Void>(())

    typealias Method = Milvus_Proto_Milvus_MilvusServiceMethod

    /// Connects, creates or checks the collection (schema, dimension, index) and loads it; refuses a
    /// collection holding records of another model unless the configuration includes them.
    public init(settings: MilvusSettings, configuration: StoreConfiguration) throws {
        self.settings = settings
        self.configuration = configuration
        do {
            connection = try MilvusConnection(settings: settings)
            try MilvusCollection(connection: connection, dimension: configuration.dimension).prepare()
        } catch let failure as MilvusFailure {
            throw failure.storeError
        }
        try checkForeignRecords()
    }

    /// Whether Milvus answers and reports itself healthy (for the daemon's health status).
    public func isHealthy() -> Bool {
        let answer = try? connection.call(
            Method.checkHealth, Milvus_Proto_Milvus_CheckHealthRequest(), as: Milvus_Proto_Milvus_CheckHealthResponse.self)
        return answer?.isHealthy ?? false
    }

    public func put(_ records: [StoredRecord], mode: WriteMode) throws -> [PutOutcome] {
        guard !records.isEmpty else { return [] }
        for record in records { try RecordValidation.check(record, configuration: configuration) }
        let columns = try MilvusRows.columns(records, dimension: configuration.dimension)
        return try milvus {
            try writes.withLock { _ in
                var existing: Set<String> = []
                for kind in RecordKind.allCases {
                    let ids = records.filter { $0.kind == kind }.map(\.id)
                    guard !ids.isEmpty else { continue }
                    existing.formUnion(try existingKeys(ids.map { MilvusRows.key($0, kind: kind) }))
                }
                let keys = records.map { MilvusRows.key($0.id, kind: $0.kind) }
                if mode == .createOnly, let taken = records.first(where: { existing.contains(MilvusRows.key($0.id, kind: $0.kind)) }) {
                    throw StoreError.alreadyExists(id: taken.id)
                }
                var request = Milvus_Proto_Milvus_UpsertRequest()
                request.collectionName = settings.collection
                request.fieldsData = columns
                request.numRows = UInt32(records.reduce(0) { $0 + 1 + $1.segmentRowCount })
                _ = try connection.call(Method.upsert, request, as: Milvus_Proto_Milvus_MutationResult.self)
                // Only a replaced video can leave segment rows of an earlier write behind.
                deleteStaleSegments(of: records.compactMap { record in
                    guard case .video(let video) = record, existing.contains(MilvusRows.key(video.id, kind: .video)) else { return nil }
                    return video
                })
                return keys.map { existing.contains($0) ? .replaced : .created }
            }
        }
    }

    public func delete(id: String, kind: RecordKind) throws -> Bool {
        try RecordValidation.checkID(id)
        let key = MilvusRows.key(id, kind: kind)
        return try milvus {
            try writes.withLock { _ in
                guard try !existingKeys([key]).isEmpty else { return false }
                var request = Milvus_Proto_Milvus_DeleteRequest()
                request.collectionName = settings.collection
                request.expr = kind == .video ? Self.videoAndSegments(id) : MilvusExpression.keys([key])
                _ = try connection.call(Method.delete, request, as: Milvus_Proto_Milvus_MutationResult.self)
                return true
            }
        }
    }

    public func existingIDs(_ ids: [String], kind: RecordKind) throws -> Set<String> {
        for id in ids { try RecordValidation.checkID(id) }
        let prefix = kind.rawValue.count + 1
        return try milvus {
            Set(try existingKeys(ids.map { MilvusRows.key($0, kind: kind) }).map { String($0.dropFirst(prefix)) })
        }
    }

    public func record(id: String, kind: RecordKind) throws -> StoredRecord? {
        try RecordValidation.checkID(id)
        return try milvus {
            try attachingSegments(try query(MilvusExpression.keys([MilvusRows.key(id, kind: kind)]), limit: nil)).first
        }
    }

    public func records(kind: RecordKind, after: String?, limit: Int, filter: [String: String]) throws -> RecordPage {
        guard limit > 0 && limit <= StoreLimits.maxPageSize else { throw StoreError.invalidPageLimit(limit) }
        if let after { try RecordValidation.checkID(after) }
        try RecordValidation.checkMetadata(filter)
        var clauses = [MilvusExpression.kind(kind)] + MilvusExpression.metadata(filter)
        if let after { clauses.append(MilvusExpression.keyAfter(MilvusRows.key(after, kind: kind))) }
        return try milvus {
            // Milvus answers a limited query in primary-key order; sorting again keeps the page exact regardless.
            let found = try query(MilvusExpression.all(clauses), limit: limit + 1)
                .sorted { $0.record.id.utf8.lexicographicallyPrecedes($1.record.id.utf8) }
            let page = try attachingSegments(Array(found.prefix(limit)))
            return RecordPage(records: page, nextCursor: found.count > limit ? page.last?.id : nil)
        }
    }

    public func count(kind: RecordKind) throws -> Int {
        try milvus { try countRows(MilvusExpression.kind(kind)) }
    }

    public func backup(to destination: URL, creatingParent: Bool) throws {
        throw StoreError.unsupported(
            operation: "backup",
            reason: "the Milvus backend keeps records in Milvus; back them up with Milvus's own tools (milvus-backup) "
                + "or copy them out with `tempmectl migrate`")
    }

    public func storageBytes() -> UInt64 { 0 }

    /// Runs Milvus calls, turning Milvus failures into store errors.
    func milvus<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let failure as MilvusFailure {
            throw failure.storeError
        }
    }

    /// The primary keys among `keys` that exist (queried in batches).
    func existingKeys(_ keys: [String]) throws -> Set<String> {
        var found: Set<String> = []
        for start in stride(from: 0, to: keys.count, by: 1000) {
            let batch = Array(keys[start..<min(keys.count, start + 1000)])
            let answer = try queryColumns(MilvusExpression.keys(batch), fields: [MilvusSchema.Field.primaryKey], limit: nil)
            let reader = ColumnReader(answer.fieldsData, operation: "query")
            if reader.has(MilvusSchema.Field.primaryKey) { found.formUnion(try reader.strings(MilvusSchema.Field.primaryKey)) }
        }
        return found
    }

    /// Whole records matching `expression` (videos and texts, without segments), at most `limit`, each video with
    /// the generation of its row (which segment rows belong to it).
    func query(_ expression: String, limit: Int?) throws -> [(record: StoredRecord, generation: MilvusSegmentRows.Generation?)] {
        let answer = try queryColumns(expression, fields: MilvusSchema.fields(dimension: configuration.dimension).map(\.name), limit: limit)
        guard ColumnReader(answer.fieldsData, operation: "query").has(MilvusSchema.Field.id) else { return [] }
        let records = try MilvusRows.records(answer.fieldsData, operation: "query")
        let generations = try MilvusSegmentRows.generations(answer.fieldsData, operation: "query")
        return zip(records, generations).map { record, generation in (record, record.kind == .video ? generation : nil) }
    }

    /// Rows matching `expression`, counted by Milvus.
    func countRows(_ expression: String) throws -> Int {
        let answer = try queryColumns(expression, fields: ["count(*)"], limit: nil)
        guard let count = try ColumnReader(answer.fieldsData, operation: "count").longs("count(*)").first else {
            throw MilvusFailure.malformedResponse(operation: "count", reason: "no count returned")
        }
        return Int(count)
    }

    /// One Query call at the configured consistency.
    func queryColumns(_ expression: String, fields: [String], limit: Int?) throws -> Milvus_Proto_Milvus_QueryResults {
        var request = Milvus_Proto_Milvus_QueryRequest()
        request.collectionName = settings.collection
        request.expr = expression
        request.outputFields = fields
        if let limit { request.queryParams = MilvusParameters.pairs(["limit": String(limit)]) }
        request.consistencyLevel = settings.consistency.level
        return try connection.call(Method.query, request, as: Milvus_Proto_Milvus_QueryResults.self)
    }

    private func checkForeignRecords() throws {
        guard configuration.foreignFingerprints == .refuse else { return }
        let foreign = MilvusExpression.all([
            "\(MilvusSchema.Field.fingerprint) != \(MilvusExpression.literal(configuration.modelFingerprint))",
            "not (\(MilvusSegmentRows.kindExpression))",
        ])
        try milvus {
            guard let example = try query(foreign, limit: 1).first?.record else { return }
            throw StoreError.foreignRecords(count: try countRows(foreign), exampleID: example.id,
                                            fingerprint: example.modelFingerprint, expected: configuration.modelFingerprint)
        }
    }
}

extension MilvusConsistency {
    /// Milvus's enum value.
    var level: Milvus_Proto_Common_ConsistencyLevel {
        switch self {
        case .strong: return .strong
        case .bounded: return .bounded
        case .session: return .session
        case .eventually: return .eventually
        }
    }
}
