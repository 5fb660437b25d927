import Foundation

/// Where tempmed looks for a file it ships beside its sources (the vocabulary, the demo model):
/// an environment variable, the working directory, every directory above the executable (so a
/// repository checkout finds its own copy from `.build/release`), then a system location.
enum ResourceSearch {
    /// Candidate URLs for `relative` in that order.
    static func candidates(relative: String, environmentVariable: String, systemPath: String) -> [URL] {
        var urls: [URL] = []
        if let configured = ProcessInfo.processInfo.environment[environmentVariable], !configured.isEmpty {
            urls.append(URL(fileURLWithPath: configured))
        }
        urls.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(relative))
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            var directory = executable.deletingLastPathComponent()
            while true {
                urls.append(directory.appendingPathComponent(relative))
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        urls.append(URL(fileURLWithPath: systemPath))
        return urls
    }

    /// The first existing candidate; a set environment variable wins even when its path is missing,
    /// so the error names what the user asked for.
    static func firstExisting(relative: String, environmentVariable: String, systemPath: String) -> URL? {
        let all = candidates(relative: relative, environmentVariable: environmentVariable, systemPath: systemPath)
        if let configured = ProcessInfo.processInfo.environment[environmentVariable], !configured.isEmpty {
            return all.first
        }
        return all.first { FileManager.default.fileExists(atPath: $0.path) }
    }
}
