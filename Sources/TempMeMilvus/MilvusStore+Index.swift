// Sealing written rows and waiting for Milvus to index them (bulk loads and benchmarks).
import Foundation
import MilvusProto
import TempMeStore

extension Milvus_Proto_Milvus_FlushResponse: MilvusResponse {
    var milvusStatus: Milvus_Proto_Common_Status { status }
}

extension MilvusStore {
    /// Seals the rows written so far and waits (up to `timeout`) until the vector index covers all of them,
    /// so searches run on the configured index rather than on unindexed growing segments.
    public func flushAndWaitForIndex(timeout: Duration = .seconds(1800)) throws {
        try milvus {
            var flush = Milvus_Proto_Milvus_FlushRequest()
            flush.collectionNames = [settings.collection]
            _ = try connection.call(Method.flush, flush, as: Milvus_Proto_Milvus_FlushResponse.self)
            var describe = Milvus_Proto_Milvus_DescribeIndexRequest()
            describe.collectionName = settings.collection
            describe.fieldName = MilvusSchema.Field.embedding
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                let answer = try connection.call(Method.describeIndex, describe, as: Milvus_Proto_Milvus_DescribeIndexResponse.self)
                if let index = answer.indexDescriptions.first, index.pendingIndexRows == 0, index.indexedRows >= index.totalRows {
                    return
                }
                Thread.sleep(forTimeInterval: 1)
            }
            throw MilvusFailure.unavailable("the index of \(settings.collection.debugDescription) was not built within \(timeout)")
        }
    }
}
