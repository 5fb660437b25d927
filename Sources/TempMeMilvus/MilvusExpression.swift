// Milvus boolean expressions built from values, never from text a caller wrote: no value can inject.
import TempMeBasics
import TempMeStore

/// Builders of Milvus filter expressions (`expr` / `dsl`) over the record layout of `MilvusSchema`.
enum MilvusExpression {
    /// `value` as a Milvus string literal: double-quoted, with backslash, quote and control characters escaped
    /// and other characters as UTF-8 (Milvus compares raw bytes; `\u` escapes of non-ASCII would not match).
    static func literal(_ value: String) -> String {
        value.quotedAndEscaped
    }

    /// Records of `kind`.
    static func kind(_ kind: RecordKind) -> String {
        "\(MilvusSchema.Field.kind) == \(literal(kind.rawValue))"
    }

    /// Records carrying every pair of `filter` in their metadata (true when empty).
    static func metadata(_ filter: [String: String]) -> [String] {
        filter.sorted { $0.key < $1.key }.map { "\(MilvusSchema.Field.metadata)[\(literal($0.key))] == \(literal($0.value))" }
    }

    /// The records whose primary keys are `keys`.
    static func keys(_ keys: [String]) -> String {
        "\(MilvusSchema.Field.primaryKey) in [\(keys.map(literal).joined(separator: ", "))]"
    }

    /// Records whose primary key sorts after `key` (byte order).
    static func keyAfter(_ key: String) -> String {
        "\(MilvusSchema.Field.primaryKey) > \(literal(key))"
    }

    /// Every record but the one with primary key `key`.
    static func keyIsNot(_ key: String) -> String {
        "\(MilvusSchema.Field.primaryKey) != \(literal(key))"
    }

    /// The conjunction of `clauses`.
    static func all(_ clauses: [String]) -> String {
        clauses.map { "(\($0))" }.joined(separator: " and ")
    }
}
