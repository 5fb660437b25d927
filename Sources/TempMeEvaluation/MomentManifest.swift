import Foundation

/// A moment-retrieval test set: long videos and, per video, captions with their true spans (JSONL, one video per
/// line: `{"video": PATH, "moments": [{"caption": TEXT, "start": S, "end": E}, ...]}`, as scripts/make_long_videos.py
/// writes it; paths relative to the manifest's folder).
public struct MomentManifest: Sendable {
    /// One captioned span of a video.
    public struct Moment: Sendable {
        /// What happens in the span.
        public let caption: String
        /// Start in seconds.
        public let start: Double
        /// End in seconds.
        public let end: Double
    }

    /// One long video and its captioned spans.
    public struct Entry: Sendable {
        /// Absolute path of the video.
        public let video: String
        /// Its captioned spans (at least one).
        public let moments: [Moment]
    }

    /// The entries in file order.
    public let entries: [Entry]

    /// Reads a JSONL moment manifest; a malformed line is an error naming the line.
    public init(jsonl path: String) throws {
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        var entries: [Entry] = []
        for (line, object) in try JSONLines.objects(path: path) {
            let place = "\(path):\(line)"
            guard let object, let video = object["video"] as? String, let spans = object["moments"] as? [[String: Any]], !spans.isEmpty else {
                throw EvaluationError("\(place): expected a JSON object with \"video\" and a non-empty \"moments\" list")
            }
            let moments = try spans.map { span -> Moment in
                guard let caption = span["caption"] as? String, let start = (span["start"] as? NSNumber)?.doubleValue,
                      let end = (span["end"] as? NSNumber)?.doubleValue, start >= 0, end > start else {
                    throw EvaluationError("\(place): every moment needs a caption and 0 <= start < end seconds")
                }
                return Moment(caption: caption, start: start, end: end)
            }
            entries.append(Entry(video: video.hasPrefix("/") ? video : base.appendingPathComponent(video).path, moments: moments))
        }
        guard !entries.isEmpty else { throw EvaluationError("manifest \(path) lists no videos") }
        self.entries = entries
    }
}
