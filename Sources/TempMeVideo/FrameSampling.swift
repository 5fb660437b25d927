// Exact sampling, or samples moved onto nearby keyframes so long-GOP files decode one frame per sample.

/// How the spec's sampled frame numbers are decoded.
public enum FrameSampling: String, Sendable, Equatable, CaseIterable {
    /// The spec's frames exactly, each decoded from the keyframe it depends on (the default).
    case exact
    /// Each sample moves to the nearest keyframe when that keyframe is closer to it than to the
    /// samples on either side (so samples stay distinct and in order); other samples stay exact.
    /// A moved sample decodes as one frame instead of its whole GOP up to it.
    case keyframe

    /// `frameNumbers` (ascending, as `FrameSampler` returns them) as this mode decodes them, given the
    /// stream's keyframes as frame numbers (ascending) and its frame count.
    public func frameNumbers(_ frameNumbers: [Int], keyframes: [Int], frameCount: Int) -> [Int] {
        guard self == .keyframe, !keyframes.isEmpty else { return frameNumbers }
        return frameNumbers.indices.map { i in
            let n = frameNumbers[i]
            let previous = i > 0 ? frameNumbers[i - 1] : nil, next = i + 1 < frameNumbers.count ? frameNumbers[i + 1] : nil
            // Strictly nearer to n than to either neighbour; the ends reach the first and last frame.
            let low = previous.map { n - max(0, (n - $0 - 1) / 2) } ?? 0
            let high = next.map { n + max(0, ($0 - n - 1) / 2) } ?? frameCount - 1
            guard let nearest = Self.nearest(to: n, in: keyframes), nearest >= low, nearest <= high else { return n }
            return nearest
        }
    }

    /// The element of `sorted` closest to `value` (the earlier one on a tie).
    static func nearest(to value: Int, in sorted: [Int]) -> Int? {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        let after = low < sorted.count ? sorted[low] : nil, before = low > 0 ? sorted[low - 1] : nil
        switch (before, after) {
        case let (b?, a?): return value - b <= a - value ? b : a
        case let (b?, nil): return b
        case let (nil, a?): return a
        case (nil, nil): return nil
        }
    }
}
