// Milvus boolean expressions built from values, never from text a caller wrote: no value can inject.
import TempMeStore

/// Builders of Milvus filter expressions (`expr` / `dsl`) over the record layout of `MilvusSchema`.
enum MilvusExpression {
    /// `value` as a Milvus string literal: double-quoted; backslash, quote and control characters escaped;
    /// other characters as UTF-8 (Milvus compares raw bytes, and `\u` escapes of non-ASCII do not match).
    static func literal(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
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
