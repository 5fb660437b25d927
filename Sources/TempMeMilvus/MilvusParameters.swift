// Milvus passes settings as lists of string pairs; this builds and reads them.
import MilvusProto

/// Key-value parameter lists of Milvus requests and responses.
enum MilvusParameters {
    /// `parameters` as Milvus's pairs, in key order (stable requests).
    static func pairs(_ parameters: [String: String]) -> [Milvus_Proto_Common_KeyValuePair] {
        parameters.sorted { $0.key < $1.key }.map { key, value in
            var pair = Milvus_Proto_Common_KeyValuePair()
            pair.key = key
            pair.value = value
            return pair
        }
    }
}
