// Reads a TOML configuration file into (key, value) pairs, rejecting keys tempmed does not know.
import TOMLKit

/// A parsed configuration file: every assignment with its dotted key, in file order.
struct ConfigurationFile {
    let path: String
    let assignments: [(key: ConfigurationKey, value: ConfigurationValue)]

    /// Parses TOML `text` that came from `path` (used in messages).
    init(text: String, path: String) throws(ConfigurationError) {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw .syntax(
                path: path, line: error.source.begin.line, column: error.source.begin.column,
                message: error.description)
        } catch {
            throw .syntax(path: path, line: 1, column: 1, message: String(describing: error))
        }
        self.path = path
        var assignments: [(key: ConfigurationKey, value: ConfigurationValue)] = []
        try Self.collect(table, prefix: "", source: .file(path), into: &assignments)
        self.assignments = assignments
    }

    private static func collect(
        _ table: TOMLTable, prefix: String, source: ConfigurationSource,
        into assignments: inout [(key: ConfigurationKey, value: ConfigurationValue)]
    ) throws(ConfigurationError) {
        for name in table.keys {
            guard let element = table[name] else { continue }
            let dotted = prefix.isEmpty ? name : prefix + "." + name
            if ConfigurationKeys.sections.contains(dotted) {
                guard let section = element.table else {
                    throw .wrongType(
                        key: dotted, expected: "a table ([\(dotted)])", found: describe(element), source: source)
                }
                try collect(section, prefix: dotted, source: source, into: &assignments)
                continue
            }
            guard let key = ConfigurationKeys.named(dotted) else {
                let suggestion = element.type == .table
                    ? ConfigurationKeys.sectionSuggestion(for: dotted) : ConfigurationKeys.suggestion(for: dotted)
                throw .unknownKey(key: dotted, suggestion: suggestion, source: source)
            }
            let value = try convert(element, key: dotted, source: source)
            assignments.append((key, try key.check(value, from: source)))
        }
    }

    private static func convert(
        _ element: TOMLValueConvertible, key: String, source: ConfigurationSource
    ) throws(ConfigurationError) -> ConfigurationValue {
        switch element.type {
        case .string: return .string(element.string ?? "")
        case .int: return .integer(element.int ?? 0)
        case .double: return .number(element.double ?? 0)
        case .bool: return .boolean(element.bool ?? false)
        case .array:
            var items: [String] = []
            for item in element.array ?? TOMLArray() {
                guard let text = item.string else {
                    throw .wrongType(
                        key: key, expected: "an array of strings", found: "an array holding \(describe(item))",
                        source: source)
                }
                items.append(text)
            }
            return .strings(items)
        case .table, .date, .time, .dateTime:
            throw .wrongType(key: key, expected: "a plain value", found: describe(element), source: source)
        }
    }

    private static func describe(_ element: TOMLValueConvertible) -> String {
        switch element.type {
        case .int, .array: return "an \(element.type)"
        default: return "a \(element.type)"
        }
    }
}
