import Foundation

/// A test set: videos and their captions, from a JSONL manifest (`{"video": PATH, "captions": [...]}`
/// or `"caption": TEXT` per line, optionally `"group": NAME` for videos that are each other's hard
/// negatives; paths relative to the manifest's folder).
public struct EvaluationManifest: Sendable {
    /// One video and its captions.
    public struct Entry: Sendable {
        /// Absolute path of the video.
        public let video: String
        /// Its captions (at least one).
        public let captions: [String]
        /// The group of hard negatives it belongs to, if any.
        public let group: String?
    }

    /// The entries in file order.
    public let entries: [Entry]

    /// Reads a JSONL manifest; a malformed line is an error naming the line.
    public init(jsonl path: String) throws {
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        var entries: [Entry] = []
        for (line, object) in try JSONLines.objects(path: path) {
            guard let object, let video = object["video"] as? String else {
                throw EvaluationError("\(path):\(line): expected a JSON object with \"video\" and \"captions\"")
            }
            let captions = (object["captions"] as? [String]) ?? (object["caption"] as? String).map { [$0] } ?? []
            guard !captions.isEmpty else { throw EvaluationError("\(path):\(line): no captions for \(video)") }
            let absolute = video.hasPrefix("/") ? video : base.appendingPathComponent(video).path
            let group = (object["group"] as? String) ?? (object["group"] as? Int).map(String.init)
            entries.append(Entry(video: absolute, captions: captions, group: group))
        }
        guard !entries.isEmpty else { throw EvaluationError("manifest \(path) lists no videos") }
        self.entries = entries
    }
}

/// A readable reason an evaluation cannot run.
public struct EvaluationError: Error, CustomStringConvertible {
    /// The reason.
    public let description: String
    init(_ description: String) { self.description = description }
}
