/// Hard-negative accuracy: how often a caption's video beats the other videos of its manifest group
/// (e.g. the synthetic benchmark's time-reversed twins, which only an order-aware encoder can tell apart).
public struct GroupAccuracy: Sendable, Codable, Equatable {
    /// Percent of the counted captions whose video scores above every other video of its group.
    public let percent: Double
    /// Captions counted: those whose group has at least one other video.
    public let captions: Int

    /// Accuracy over `similarity` [captions][videos]; a tie counts against the true video.
    /// Nil when no caption's group holds another video.
    public init?(similarity: [[Float]], videoOfCaption: [Int], groupOfVideo: [String?]) {
        var members: [String: [Int]] = [:]
        for (video, group) in groupOfVideo.enumerated() { if let group { members[group, default: []].append(video) } }
        var counted = 0, correct = 0
        for (row, truth) in zip(similarity, videoOfCaption) {
            guard let group = groupOfVideo[truth], let rivals = members[group]?.filter({ $0 != truth }), !rivals.isEmpty
            else { continue }
            counted += 1
            if rivals.allSatisfy({ row[$0] < row[truth] }) { correct += 1 }
        }
        guard counted > 0 else { return nil }
        percent = 100 * Double(correct) / Double(counted)
        captions = counted
    }
}
