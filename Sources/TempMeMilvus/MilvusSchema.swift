// The layout of tempmed's Milvus collection: one row per record (videos and texts), checked at startup.
import MilvusProto

/// Field names, types and sizes of the collection, and the check of an existing one against them.
enum MilvusSchema {
    /// The collection's fields.
    enum Field {
        /// Primary key: `<kind>/<id>`, so a video and a text may share an id, and key order is id order per kind.
        static let primaryKey = "pk"
        /// `video` or `text`.
        static let kind = "kind"
        /// The record's id.
        static let id = "record_id"
        /// The embedding as the model produced it (searched by cosine).
        static let embedding = "embedding"
        /// The fingerprint of the model that made the embedding.
        static let fingerprint = "fingerprint"
        /// User metadata, a JSON object of strings.
        static let metadata = "metadata"
        /// The text of a text record; empty for videos.
        static let text = "text"
        /// Where a video came from: duration, frame rate, sampled frames, origin (JSON); `{}` for texts.
        static let source = "source"
        /// When the record was stored, in seconds since 1970 (a double, as `Date` keeps it).
        static let ingestedAt = "ingested_at"
    }

    /// Longest text a text record may have here (Milvus's VarChar limit), in UTF-8 bytes.
    static let maxTextBytes = 65_535
    /// Longest metadata or source object, as JSON (Milvus's default JSON field limit), in bytes.
    static let maxJSONBytes = 65_536

    /// The fields of a collection for embeddings of `dimension` floats.
    static func fields(dimension: Int) -> [Milvus_Proto_Schema_FieldSchema] {
        [
            field(Field.primaryKey, .varChar, ["max_length": "1100"], primary: true),
            field(Field.kind, .varChar, ["max_length": "16"]),
            field(Field.id, .varChar, ["max_length": "1024"]),
            field(Field.embedding, .floatVector, ["dim": String(dimension)]),
            field(Field.fingerprint, .varChar, ["max_length": "256"]),
            field(Field.metadata, .json, [:]),
            field(Field.text, .varChar, ["max_length": String(maxTextBytes)]),
            field(Field.source, .json, [:]),
            field(Field.ingestedAt, .double, [:]),
        ]
    }

    /// The schema to create `collection` with.
    static func collectionSchema(name: String, dimension: Int) -> Milvus_Proto_Schema_CollectionSchema {
        var schema = Milvus_Proto_Schema_CollectionSchema()
        schema.name = name
        schema.description_p = "tempmed records (videos and texts), one row each"
        schema.fields = fields(dimension: dimension)
        return schema
    }

    /// Why `existing` cannot hold this model's records, or nil when it matches field for field.
    static func mismatch(_ existing: Milvus_Proto_Schema_CollectionSchema, dimension: Int) -> String? {
        let found = Dictionary(existing.fields.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for wanted in fields(dimension: dimension) {
            guard let field = found[wanted.name] else { return "it has no field \(wanted.name.debugDescription)" }
            guard field.dataType == wanted.dataType else {
                return "field \(wanted.name.debugDescription) is \(field.dataType), not \(wanted.dataType)"
            }
            if wanted.isPrimaryKey != field.isPrimaryKey {
                return "field \(wanted.name.debugDescription) \(wanted.isPrimaryKey ? "is not" : "is") the primary key"
            }
            if wanted.dataType == .floatVector {
                let dim = field.typeParams.first { $0.key == "dim" }?.value ?? "?"
                if dim != String(dimension) { return "its embeddings have \(dim) dimensions; this model makes \(dimension)" }
            }
        }
        let extra = Set(found.keys).subtracting(fields(dimension: dimension).map(\.name))
        if !extra.isEmpty { return "it has fields tempmed does not write: \(extra.sorted().joined(separator: ", "))" }
        return nil
    }

    private static func field(
        _ name: String, _ type: Milvus_Proto_Schema_DataType, _ parameters: [String: String], primary: Bool = false
    ) -> Milvus_Proto_Schema_FieldSchema {
        var field = Milvus_Proto_Schema_FieldSchema()
        field.name = name
        field.dataType = type
        field.isPrimaryKey = primary
        field.typeParams = MilvusParameters.pairs(parameters)
        return field
    }
}
