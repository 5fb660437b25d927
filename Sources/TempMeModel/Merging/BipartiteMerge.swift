/// Bipartite soft matching (spec section 5), the merge at the heart of ToMe, ImgMe and ClipMe.
/// It imports no model code: it sees token sequences, their sizes and a metric.
///
/// Shapes: `sequences` sequences of `length` tokens; values [sequences * length, width];
/// sizes [sequences * length]; metric [sequences * length, metricWidth]. The first `protected`
/// tokens of every sequence (the CLS tokens) never merge.
struct BipartiteMerge {
    /// Where every output token of one sequence comes from.
    struct Plan {
        /// Input token indices copied unchanged: the CLS tokens, then the unmerged A tokens.
        let kept: [Int]
        /// Input indices of the B tokens, in original order; they follow `kept` in the output.
        let destinations: [Int]
        /// For each merged A token (input index), the position in `destinations` it merges into,
        /// in descending score order (the order its contribution is summed).
        let sources: [(token: Int, destination: Int)]
    }

    let sequences: Int
    let length: Int
    let count: Int
    let plans: [Plan]
    /// Multiply-adds spent on the similarity matrices.
    let macs: Int

    /// How many tokens a merge of `requested` really takes: at most half of the unprotected ones.
    static func effectiveCount(requested: Int, length: Int, protected: Int) -> Int {
        max(0, min(requested, (length - protected) / 2))
    }

    /// Tokens per sequence after the merge.
    var outputLength: Int { length - count }

    /// Matches A against B tokens of every sequence on the metric and picks the `count` best A tokens.
    init(metric: [Float], metricWidth: Int, sequences: Int, length: Int, protected: Int, count requested: Int) {
        let free = length - protected
        let count = Self.effectiveCount(requested: requested, length: length, protected: protected)
        self.sequences = sequences
        self.length = length
        self.count = count
        guard count > 0 else {
            plans = []
            macs = 0
            return
        }
        // Offsets from the first non-CLS token: A takes the even ones when `protected` is even.
        let aFirst = protected % 2 == 0 ? 0 : 1
        let aOffsets = stride(from: aFirst, to: free, by: 2).map { protected + $0 }
        let bOffsets = stride(from: 1 - aFirst, to: free, by: 2).map { protected + $0 }
        var plans: [Plan] = []
        plans.reserveCapacity(sequences)
        for s in 0..<sequences {
            let base = s * length
            let a = MergeKernels.normalizedRows(metric, rows: aOffsets.map { base + $0 }, width: metricWidth)
            let b = MergeKernels.normalizedRows(metric, rows: bOffsets.map { base + $0 }, width: metricWidth)
            let scores = MergeKernels.similarity(a, rowsA: aOffsets.count, b, rowsB: bOffsets.count, width: metricWidth)
            var best = [Int](repeating: 0, count: aOffsets.count)
            var bestScore = [Float](repeating: -.infinity, count: aOffsets.count)
            for i in 0..<aOffsets.count {
                for j in 0..<bOffsets.count where scores[i * bOffsets.count + j] > bestScore[i] {
                    bestScore[i] = scores[i * bOffsets.count + j]
                    best[i] = j
                }
            }
            // Stable descending rank: equal scores keep the lower A index first.
            let ranked = aOffsets.indices.sorted { bestScore[$0] != bestScore[$1] ? bestScore[$0] > bestScore[$1] : $0 < $1 }
            let merged = ranked.prefix(count)
            let unmerged = ranked.dropFirst(count).sorted()
            plans.append(Plan(kept: Array(0..<protected) + unmerged.map { aOffsets[$0] },
                              destinations: bOffsets,
                              sources: merged.map { (token: aOffsets[$0], destination: best[$0]) }))
        }
        self.plans = plans
        macs = sequences * aOffsets.count * bOffsets.count * metricWidth
    }

    /// Applies the plan to values of `width` per token: size-weighted means into the B tokens.
    func apply(values: [Float], sizes: [Float], width: Int) -> (values: [Float], sizes: [Float]) {
        guard count > 0 else { return (values, sizes) }
        return MergeKernels.apply(self, values: values, sizes: sizes, width: width)
    }
}
