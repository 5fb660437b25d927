import Foundation

/// The places `CLIPTokenizer.defaultVocabularyFile()` searches, in order.
enum VocabularyLocation {
    static let fileName = "bpe_simple_vocab_16e6.txt"
    static let environmentVariable = "TEMPME_VOCAB"
    static let systemFile = "/usr/share/tempmed/\(fileName)"

    static func candidates() -> [URL] {
        var urls: [URL] = []
        if let configured = ProcessInfo.processInfo.environment[environmentVariable], !configured.isEmpty {
            urls.append(URL(fileURLWithPath: configured))
        }
        let relative = "vocab/\(fileName)"
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
        urls.append(URL(fileURLWithPath: systemFile))
        return urls
    }

    /// The first candidate that exists; a set `TEMPME_VOCAB` is returned even if missing, so the error names it.
    static func firstExisting() -> URL? {
        let all = candidates()
        if let configured = ProcessInfo.processInfo.environment[environmentVariable], !configured.isEmpty {
            return all.first
        }
        return all.first { FileManager.default.fileExists(atPath: $0.path) }
    }

    static var searchedPlacesDescription: String {
        "$\(environmentVariable), ./vocab/\(fileName), vocab/ above the executable, \(systemFile)"
    }
}
