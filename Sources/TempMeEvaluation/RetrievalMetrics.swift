/// Retrieval quality in the paper's columns: R@1, R@5, R@10, R-sum, median and mean rank.
public struct RetrievalMetrics: Sendable, Codable, Equatable {
    /// Percent of queries whose match ranks first.
    public let r1: Double
    /// Percent within the top 5.
    public let r5: Double
    /// Percent within the top 10.
    public let r10: Double
    /// r1 + r5 + r10.
    public var rsum: Double { r1 + r5 + r10 }
    /// Median rank (1 is best).
    public let medianRank: Double
    /// Mean rank.
    public let meanRank: Double

    enum CodingKeys: String, CodingKey { case r1 = "r_at_1", r5 = "r_at_5", r10 = "r_at_10", medianRank = "median_rank", meanRank = "mean_rank" }

    /// Metrics from 1-based ranks.
    public init(ranks: [Int]) {
        let n = Double(max(1, ranks.count))
        func within(_ k: Int) -> Double { 100 * Double(ranks.filter { $0 <= k }.count) / n }
        r1 = within(1)
        r5 = within(5)
        r10 = within(10)
        let sorted = ranks.sorted()
        medianRank = sorted.isEmpty ? 0 : (sorted.count % 2 == 1 ? Double(sorted[sorted.count / 2])
            : Double(sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2)
        meanRank = ranks.isEmpty ? 0 : Double(ranks.reduce(0, +)) / n
    }

    /// Text-to-video ranks: for each caption, the rank of its video among all videos by cosine.
    /// `similarity` is [captions][videos]; a tie counts against the true video (pessimistic).
    public static func textToVideoRanks(similarity: [[Float]], videoOfCaption: [Int]) -> [Int] {
        zip(similarity, videoOfCaption).map { row, truth in 1 + row.indices.filter { $0 != truth && row[$0] >= row[truth] }.count }
    }

    /// Video-to-text ranks: for each video, the best rank of any of its captions among all captions.
    public static func videoToTextRanks(similarity: [[Float]], videoOfCaption: [Int], videos: Int) -> [Int] {
        (0..<videos).map { v in
            let scores = similarity.map { $0[v] }
            let own = scores.indices.filter { videoOfCaption[$0] == v }
            return own.map { c in 1 + scores.indices.filter { videoOfCaption[$0] != v && scores[$0] >= scores[c] }.count }.min() ?? scores.count
        }
    }
}
