import Testing
import TempMeEvaluation

/// Retrieval metrics against ranks worked out by hand.
@Suite struct RetrievalMetricsTests {
    // 3 videos, 4 captions (video 0 has two). Rows: captions, columns: videos.
    static let similarity: [[Float]] = [
        [0.9, 0.1, 0.2],   // caption of video 0: its video first -> rank 1
        [0.3, 0.5, 0.1],   // caption of video 0: video 1 scores higher -> rank 2
        [0.2, 0.1, 0.4],   // caption of video 1: videos 2 and 0 higher -> rank 3
        [0.1, 0.2, 0.8],   // caption of video 2 -> rank 1
    ]
    static let owner = [0, 0, 1, 2]

    @Test func textToVideoRanksAndMetrics() {
        let ranks = RetrievalMetrics.textToVideoRanks(similarity: Self.similarity, videoOfCaption: Self.owner)
        #expect(ranks == [1, 2, 3, 1])
        let m = RetrievalMetrics(ranks: ranks)
        #expect(m.r1 == 50 && m.r5 == 100 && m.r10 == 100 && m.rsum == 250)
        #expect(m.medianRank == 1.5 && m.meanRank == 1.75)
    }

    @Test func videoToTextTakesTheBestOwnCaption() {
        // Video 0: its captions score 0.9 and 0.3, best is first. Video 1: own caption scores 0.1,
        // captions 1 (0.5) and 3 (0.2) score higher and caption 0 ties (0.1) -> rank 4. Video 2: own 0.8 is first.
        let ranks = RetrievalMetrics.videoToTextRanks(similarity: Self.similarity, videoOfCaption: Self.owner, videos: 3)
        #expect(ranks == [1, 4, 1])
    }

    @Test func tiesCountAgainstTheTruth() {
        #expect(RetrievalMetrics.textToVideoRanks(similarity: [[0.5, 0.5]], videoOfCaption: [0]) == [2])
    }
}
