import Foundation

/// Reading JSONL manifests and printing reports as JSON, shared by every evaluation.
enum JSONLines {
    /// The non-blank lines of the JSONL file at `path`, each with its 1-based line number and its JSON object
    /// (nil when the line is not a JSON object).
    static func objects(path: String) throws -> [(line: Int, object: [String: Any]?)] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw EvaluationError("cannot read manifest \(path)")
        }
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { !$0.element.trimmingCharacters(in: .whitespaces).isEmpty }
            .map { ($0.offset + 1, try? JSONSerialization.jsonObject(with: Data($0.element.utf8)) as? [String: Any]) }
    }

    /// Prints `value` as one JSON object with sorted keys.
    static func printSorted(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
