/// Moment retrieval scores of one way of ranking (an aggregation), over every caption of a manifest.
public struct MomentMetrics: Sendable, Codable, Equatable {
    /// How videos were scored (`best_segment`, `blend`, `whole_video`).
    public var aggregation: String
    /// Percent of captions whose first (video, moment) is the right video with IoU >= 0.5.
    public var r1: Double
    /// Percent of captions with such a pair among the five best moments of the corpus (ranked by moment score).
    public var r5: Double
    /// Percent of captions whose first video hit is the right video (whatever its moment).
    public var videoR1: Double
    /// Mean |start of the right video's best moment - true start|, in seconds.
    public var meanStartError: Double

    /// Intersection over union of two spans (0 when they do not overlap).
    public static func iou(_ a: (start: Double, end: Double), _ b: (start: Double, end: Double)) -> Double {
        let intersection = max(0, min(a.end, b.end) - max(a.start, b.start))
        let union = max(a.end, b.end) - min(a.start, b.start)
        return union > 0 ? intersection / union : 0
    }

    /// Whether a pair counts: the right video, and its moment overlaps the truth with IoU >= 0.5.
    public static func isHit(video: String, span: (start: Double, end: Double), truthVideo: String,
                             truth: (start: Double, end: Double)) -> Bool {
        video == truthVideo && iou(span, truth) >= 0.5
    }
}
