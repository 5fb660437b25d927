// Small path helpers for configuration values and request paths (no Foundation URL round trips).
import Foundation

/// Path arithmetic on plain strings, as configuration values are written.
public enum PathArithmetic {
    /// `path` if absolute, else `directory/path`; `.` and `..` components are resolved, `~` is not.
    public static func absolute(_ path: String, relativeTo directory: String) -> String {
        let joined = path.hasPrefix("/") ? path : directory + "/" + path
        var parts: [Substring] = []
        for component in joined.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(component)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Whether `path` names an existing directory.
    public static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    public func trimmingWhitespace() -> String {
        trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
