// The collection's lifecycle at startup: create it (schema, index, load) or check that it fits.
import Foundation
import MilvusProto

/// Brings the configured collection to a loaded state that fits the model, or says why it cannot.
struct MilvusCollection {
    let connection: MilvusConnection
    let dimension: Int

    private var name: String { connection.settings.collection }
    private typealias Method = Milvus_Proto_Milvus_MilvusServiceMethod

    /// Creates the collection with its index when missing, checks its schema when present, and loads it.
    func prepare() throws {
        var has = Milvus_Proto_Milvus_HasCollectionRequest()
        has.collectionName = name
        let exists = try connection.call(Method.hasCollection, has, as: Milvus_Proto_Milvus_BoolResponse.self).value
        if exists {
            try checkSchema()
        } else {
            try create()
        }
        try ensureIndex()
        try load()
    }

    private func create() throws {
        var request = Milvus_Proto_Milvus_CreateCollectionRequest()
        request.collectionName = name
        request.schema = try MilvusSchema.collectionSchema(name: name, dimension: dimension).serializedData()
        request.shardsNum = 1
        request.consistencyLevel = .strong
        _ = try connection.call(Method.createCollection, request, as: Milvus_Proto_Common_Status.self)
    }

    private func checkSchema() throws {
        var request = Milvus_Proto_Milvus_DescribeCollectionRequest()
        request.collectionName = name
        let described = try connection.call(Method.describeCollection, request, as: Milvus_Proto_Milvus_DescribeCollectionResponse.self)
        if let reason = MilvusSchema.mismatch(described.schema, dimension: dimension) {
            throw MilvusFailure.schemaMismatch(collection: name, reason: reason)
        }
    }

    /// Creates the configured index on the embedding field unless one exists (an existing index is kept:
    /// changing it means dropping it in Milvus first).
    private func ensureIndex() throws {
        var describe = Milvus_Proto_Milvus_DescribeIndexRequest()
        describe.collectionName = name
        describe.fieldName = MilvusSchema.Field.embedding
        do {
            let found = try connection.call(Method.describeIndex, describe, as: Milvus_Proto_Milvus_DescribeIndexResponse.self)
            if !found.indexDescriptions.isEmpty { return }
        } catch MilvusFailure.rejected {
            // Milvus answers "index not found" as a refusal; fall through and create it.
        }
        let index = connection.settings.index
        var request = Milvus_Proto_Milvus_CreateIndexRequest()
        request.collectionName = name
        request.fieldName = MilvusSchema.Field.embedding
        request.indexName = MilvusSchema.Field.embedding
        request.extraParams = MilvusParameters.pairs([
            "index_type": index.typeName, "metric_type": "COSINE", "params": index.buildParameters,
        ])
        _ = try connection.call(Method.createIndex, request, as: Milvus_Proto_Common_Status.self)
    }

    /// Loads the collection into Milvus's query nodes and waits until it is searchable.
    private func load() throws {
        var request = Milvus_Proto_Milvus_LoadCollectionRequest()
        request.collectionName = name
        _ = try connection.call(Method.loadCollection, request, as: Milvus_Proto_Common_Status.self)
        var state = Milvus_Proto_Milvus_GetLoadStateRequest()
        state.collectionName = name
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            let answer = try connection.call(Method.getLoadState, state, as: Milvus_Proto_Milvus_GetLoadStateResponse.self)
            if answer.state == .loaded { return }
            Thread.sleep(forTimeInterval: 0.2)
        }
        throw MilvusFailure.unavailable("the collection \(name.debugDescription) did not finish loading within 120 s")
    }
}
