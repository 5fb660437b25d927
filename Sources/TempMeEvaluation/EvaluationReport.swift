import Foundation

/// What an evaluation measured; `tempmectl eval --json` prints it as is.
public struct EvaluationReport: Encodable, Sendable {
    /// The model directory.
    public let model: String
    /// The encoder mode that ran.
    public let mode: String
    /// The number format the linear layers ran in (fp32, int8).
    public let precision: String
    /// Videos in the manifest.
    public let videos: Int
    /// Captions in the manifest.
    public let captions: Int
    /// Text-to-video recall and ranks.
    public let textToVideo: RetrievalMetrics
    /// Video-to-text recall and ranks.
    public let videoToText: RetrievalMetrics
    /// Within-group accuracy when the manifest names groups.
    public let textToVideoInGroup: GroupAccuracy?
    /// GFLOPs of one video through the video tower.
    public let gflops: Double
    /// Videos per second through the encoder alone (one core).
    public let videosPerSecond: Double
    enum CodingKeys: String, CodingKey {
        case model, mode, precision, videos, captions, gflops
        case textToVideo = "text_to_video", videoToText = "video_to_text", textToVideoInGroup = "text_to_video_in_group"
        case videosPerSecond = "videos_per_s"
    }

    /// Prints the report: one JSON object with sorted keys, or a small table for people.
    public func show(asJSON json: Bool) throws {
        if json { return try JSONLines.printSorted(self) }
        print("\(model), mode \(mode), \(precision): \(videos) videos, \(captions) captions")
        print("direction      R@1    R@5   R@10  R-sum    MdR    MnR")
        for (name, m) in [("text->video", textToVideo), ("video->text", videoToText)] {
            print(name.padding(toLength: 12, withPad: " ", startingAt: 0)
                  + String(format: " %6.1f %6.1f %6.1f %6.1f %6.1f %6.1f", m.r1, m.r5, m.r10, m.rsum, m.medianRank, m.meanRank))
        }
        if let inGroup = textToVideoInGroup {
            print(String(format: "within group   %5.1f%% of %d captions rank their video above the rest of its group",
                         inGroup.percent, inGroup.captions))
        }
        print(String(format: "GFLOPs per video %.3f, %.1f videos/s (encoder, one core)", gflops, videosPerSecond))
    }
}
