// Which Milvus responses carry a status, so `MilvusConnection` can check every answer the same way.
import MilvusProto

extension Milvus_Proto_Milvus_BoolResponse: MilvusResponse {
    var milvusStatus: Milvus_Proto_Common_Status { status }
}

extension Milvus_Proto_Milvus_DescribeCollectionResponse: MilvusResponse {
    var milvusStatus: Milvus_Proto_Common_Status { status }
}

extension Milvus_Proto_Milvus_DescribeIndexResponse: MilvusResponse {
    var milvusStatus: Milvus_Proto_Common_Status { status }
}

extension Milvus_Proto_Milvus_GetLoadStateResponse: MilvusResponse {
    var milvusStatus: Milvus_Proto_Common_Status { status }
}

extension Milvus_Proto_Milvus_MutationResult: MilvusResponse {
    var milvusStatus: Milvus_Proto_Common_Status { status }
}

extension Milvus_Proto_Milvus_QueryResults: MilvusResponse {
    var milvusStatus: Milvus_Proto_Common_Status { status }
}

extension Milvus_Proto_Milvus_SearchResults: MilvusResponse {
    var milvusStatus: Milvus_Proto_Common_Status { status }
}

extension Milvus_Proto_Milvus_CheckHealthResponse: MilvusResponse {
    var milvusStatus: Milvus_Proto_Common_Status { status }
}
