import Foundation
import TempMeService

/// What `tempmectl eval` measured; `--json` prints it as is.
struct EvaluationReport: Encodable {
    let model: String
    let mode: String
    let videos: Int
    let captions: Int
    let textToVideo: RetrievalMetrics
    let videoToText: RetrievalMetrics
    let textToVideoInGroup: GroupAccuracy?
    let gflops: Double
    let videosPerSecond: Double
    enum CodingKeys: String, CodingKey {
        case model, mode, videos, captions, gflops
        case textToVideo = "text_to_video", videoToText = "video_to_text", textToVideoInGroup = "text_to_video_in_group"
        case videosPerSecond = "videos_per_s"
    }

    /// Prints the report: one JSON object with sorted keys, or a small table for people.
    func show(asJSON json: Bool) throws {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(self), as: UTF8.self))
            return
        }
        print("\(model), mode \(mode): \(videos) videos, \(captions) captions")
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
