// Records as Milvus columns and back: one column (FieldData) per field, one row per record.
import Foundation
import MilvusProto
import TempMeStore

/// Converts between `StoredRecord`s and Milvus's column-wise field data.
enum MilvusRows {
    /// The primary key of record `id` of `kind`.
    static func key(_ id: String, kind: RecordKind) -> String { kind.rawValue + "/" + id }

    /// `records` as insert/upsert columns, each video followed by its segments' rows; refuses a record Milvus
    /// cannot hold (text or JSON over its limits).
    static func columns(_ records: [StoredRecord], dimension: Int) throws -> [Milvus_Proto_Schema_FieldData] {
        var rows: [MilvusRow] = []
        for record in records {
            let text = record.text ?? ""
            guard text.utf8.count <= MilvusSchema.maxTextBytes else {
                throw StoreError.textTooLong(byteCount: text.utf8.count, limit: MilvusSchema.maxTextBytes)
            }
            let metadata = try json(record.metadata, what: "metadata")
            switch record {
            case .video(let video):
                let source = try MilvusSegmentRows.videoSourceCell(video.source, segmentCount: video.segments.count)
                rows.append(MilvusRow(key: key(video.id, kind: .video), kind: RecordKind.video.rawValue, id: video.id,
                                      embedding: video.embedding, fingerprint: video.modelFingerprint, text: "",
                                      metadata: metadata, source: source,
                                      ingestedAt: video.ingestedAt.timeIntervalSince1970))
                rows += try MilvusSegmentRows.rows(of: video, metadata: metadata)
            case .text(let record):
                rows.append(MilvusRow(key: key(record.id, kind: .text), kind: RecordKind.text.rawValue, id: record.id,
                                      embedding: record.embedding, fingerprint: record.modelFingerprint, text: text,
                                      metadata: metadata, source: Data("{}".utf8), ingestedAt: record.ingestedAt.timeIntervalSince1970))
            }
        }
        return columns(rows, dimension: dimension)
    }

    /// `rows` as one column per field.
    static func columns(_ rows: [MilvusRow], dimension: Int) -> [Milvus_Proto_Schema_FieldData] {
        typealias F = MilvusSchema.Field
        var embedding = Milvus_Proto_Schema_FieldData()
        embedding.type = .floatVector
        embedding.fieldName = F.embedding
        embedding.vectors.dim = Int64(dimension)
        embedding.vectors.floatVector.data = rows.flatMap(\.embedding)
        return [
            strings(F.primaryKey, rows.map(\.key)), strings(F.kind, rows.map(\.kind)), strings(F.id, rows.map(\.id)), embedding,
            strings(F.fingerprint, rows.map(\.fingerprint)), jsonColumn(F.metadata, rows.map(\.metadata)),
            strings(F.text, rows.map(\.text)), jsonColumn(F.source, rows.map(\.source)), doubles(F.ingestedAt, rows.map(\.ingestedAt)),
        ]
    }

    /// Whole records from query columns (every field requested).
    static func records(_ columns: [Milvus_Proto_Schema_FieldData], operation: String) throws -> [StoredRecord] {
        let reader = ColumnReader(columns, operation: operation)
        typealias F = MilvusSchema.Field
        let kinds = try reader.strings(F.kind), ids = try reader.strings(F.id), texts = try reader.strings(F.text)
        let fingerprints = try reader.strings(F.fingerprint), metadata = try reader.json(F.metadata)
        let sources = try reader.json(F.source), times = try reader.doubles(F.ingestedAt)
        let vectors = try reader.vectors(F.embedding)
        let lengths = [kinds.count, texts.count, fingerprints.count, metadata.count, sources.count, times.count, vectors.count]
        guard lengths.allSatisfy({ $0 == ids.count }) else {
            throw MilvusFailure.malformedResponse(operation: operation, reason: "columns of different lengths \(lengths) for \(ids.count) ids")
        }
        return try ids.indices.map { row in
            let meta: [String: String] = try decode(metadata[row], operation: operation)
            let time = Date(timeIntervalSince1970: times[row])
            switch RecordKind(rawValue: kinds[row]) {
            case .video?:
                let source: VideoSource = try decode(sources[row], operation: operation)
                return .video(VideoRecord(id: ids[row], embedding: vectors[row], modelFingerprint: fingerprints[row],
                                          metadata: meta, source: source, ingestedAt: time))
            case .text?:
                return .text(TextRecord(id: ids[row], text: texts[row], embedding: vectors[row], modelFingerprint: fingerprints[row],
                                        metadata: meta, ingestedAt: time))
            case nil:
                throw MilvusFailure.malformedResponse(operation: operation, reason: "unknown kind \(kinds[row].debugDescription)")
            }
        }
    }

    /// Decodes one JSON cell.
    static func decode<T: Decodable>(_ data: Data, operation: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw MilvusFailure.malformedResponse(operation: operation, reason: "a JSON field does not decode: \(error)")
        }
    }

    /// `value` as JSON (sorted keys), within Milvus's JSON field limit.
    static func json(_ value: some Encodable, what: String) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try checkedJSON(try encoder.encode(value), what: what)
    }

    /// `data` if it is within Milvus's JSON field limit.
    static func checkedJSON(_ data: Data, what: String) throws -> Data {
        guard data.count <= MilvusSchema.maxJSONBytes else {
            throw StoreError.invalidMetadata(reason: "the \(what) is \(data.count) bytes as JSON; the Milvus backend holds at most \(MilvusSchema.maxJSONBytes)")
        }
        return data
    }

    static func strings(_ name: String, _ values: [String]) -> Milvus_Proto_Schema_FieldData {
        var column = Milvus_Proto_Schema_FieldData()
        column.type = .varChar
        column.fieldName = name
        column.scalars.stringData.data = values
        return column
    }

    static func jsonColumn(_ name: String, _ values: [Data]) -> Milvus_Proto_Schema_FieldData {
        var column = Milvus_Proto_Schema_FieldData()
        column.type = .json
        column.fieldName = name
        column.scalars.jsonData.data = values
        return column
    }

    static func doubles(_ name: String, _ values: [Double]) -> Milvus_Proto_Schema_FieldData {
        var column = Milvus_Proto_Schema_FieldData()
        column.type = .double
        column.fieldName = name
        column.scalars.doubleData.data = values
        return column
    }
}

/// One row of the collection, as written: a video, a text or a segment of a video.
struct MilvusRow {
    /// Primary key.
    var key: String
    /// `video`, `text` or `segment`.
    var kind: String
    /// The record's id (a segment's: its video's).
    var id: String
    /// The embedding as the model produced it.
    var embedding: [Float]
    /// The model fingerprint.
    var fingerprint: String
    /// A text record's text; empty otherwise.
    var text: String
    /// Metadata as JSON (a segment carries its video's, so filters select segments as they select videos).
    var metadata: Data
    /// The source cell as JSON.
    var source: Data
    /// Ingest time in seconds since 1970 (a segment carries its video's: it names the write it belongs to).
    var ingestedAt: Double
}

/// Reads named columns of a Milvus answer, checking that each is present, of its type and of one length.
struct ColumnReader {
    private let columns: [String: Milvus_Proto_Schema_FieldData]
    private let operation: String

    /// A reader over `columns`; `operation` names the call in errors.
    init(_ columns: [Milvus_Proto_Schema_FieldData], operation: String) {
        self.columns = Dictionary(columns.map { ($0.fieldName, $0) }, uniquingKeysWith: { first, _ in first })
        self.operation = operation
    }

    /// A VarChar column.
    func strings(_ name: String) throws -> [String] { try column(name).scalars.stringData.data }

    /// A JSON column, one UTF-8 document per row.
    func json(_ name: String) throws -> [Data] { try column(name).scalars.jsonData.data }

    /// A Double column.
    func doubles(_ name: String) throws -> [Double] { try column(name).scalars.doubleData.data }

    /// An Int64 column (e.g. `count(*)`).
    func longs(_ name: String) throws -> [Int64] { try column(name).scalars.longData.data }

    /// A FloatVector column, split into rows.
    func vectors(_ name: String) throws -> [[Float]] {
        let field = try column(name)
        let dimension = Int(field.vectors.dim)
        let data = field.vectors.floatVector.data
        guard dimension > 0, data.count % dimension == 0 else {
            throw MilvusFailure.malformedResponse(operation: operation, reason: "\(name) holds \(data.count) floats of dimension \(dimension)")
        }
        return stride(from: 0, to: data.count, by: dimension).map { Array(data[$0..<$0 + dimension]) }
    }

    /// Whether the answer has column `name` (an empty result may come without columns).
    func has(_ name: String) -> Bool { columns[name] != nil }

    private func column(_ name: String) throws -> Milvus_Proto_Schema_FieldData {
        guard let column = columns[name] else {
            throw MilvusFailure.malformedResponse(operation: operation, reason: "the field \(name) is missing")
        }
        return column
    }
}
