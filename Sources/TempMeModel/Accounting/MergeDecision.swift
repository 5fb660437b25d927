/// One merge step's decisions, recorded on request (TempMeModel.encodeVideoRecordingMerges) to
/// measure how often a reduced number format changes what merges.
public struct MergeDecision: Sendable, Equatable {
    /// 0-based block index.
    public let layer: Int
    /// True for ClipMe's cross-clip merge, false for a merge within clips (ImgMe, intra-clip).
    public let crossClip: Bool
    /// Per sequence, the merged pairs (A token's input index, B token's input index), sorted.
    public let pairs: [[Pair]]

    /// One A token merged into one B token.
    public struct Pair: Sendable, Hashable, Comparable {
        public let source: Int
        public let destination: Int
        public static func < (a: Pair, b: Pair) -> Bool { (a.source, a.destination) < (b.source, b.destination) }
    }

    init(layer: Int, crossClip: Bool, merge: BipartiteMerge) {
        self.layer = layer
        self.crossClip = crossClip
        pairs = merge.plans.map { plan in
            plan.sources.map { Pair(source: $0.token, destination: plan.destinations[$0.destination]) }.sorted()
        }
    }

    /// Merged pairs of this step (all sequences).
    public var count: Int { pairs.reduce(0) { $0 + $1.count } }

    /// How many of this step's pairs `other` (the same step of another run) does not make.
    public func differingPairs(from other: MergeDecision) -> Int {
        guard other.pairs.count == pairs.count else { return count }
        return zip(pairs, other.pairs).reduce(0) { total, p in total + Set(p.0).subtracting(p.1).count }
    }
}
