/// Which frame numbers a video contributes, exactly as the TempMe spec (section 4) samples them.
public enum FrameSampler {
    /// The F presentation-order frame numbers to take from a video of `frameCount` frames at `fps`.
    ///
    /// stride = round-half-even(fps), at least 1; candidates = 0, stride, 2 stride, ... up to the
    /// last frame. More than F candidates: take candidates[floor(linspace(0, count - 1, F))];
    /// exactly F: all of them; fewer: floor(linspace(0, last frame, F)), repeats allowed.
    /// Returns [] when there are no frames or `frames` is not positive.
    public static func frameNumbers(frameCount: Int, fps: Double, frames: Int) -> [Int] {
        guard frameCount > 0, frames > 0 else { return [] }
        let stride = samplingStride(fps: fps)
        let candidateCount = (frameCount - 1) / stride + 1
        if candidateCount > frames {
            return flooredLinspace(last: candidateCount - 1, count: frames).map { $0 * stride }
        }
        if candidateCount == frames {
            return (0..<frames).map { $0 * stride }
        }
        return flooredLinspace(last: frameCount - 1, count: frames)
    }

    /// round(fps) with Python's half-to-even rule, never below 1 (a non-finite fps gives 1).
    public static func samplingStride(fps: Double) -> Int {
        guard fps.isFinite, fps > 0 else { return 1 }
        let rounded = fps.rounded(.toNearestOrEven)
        guard rounded < Double(Int32.max) else { return Int(Int32.max) }
        return max(1, Int(rounded))
    }

    /// floor(numpy.linspace(0, last, count)) in float64, as numpy computes it (i * step, last exact).
    static func flooredLinspace(last: Int, count: Int) -> [Int] {
        guard count > 1 else { return count == 1 ? [0] : [] }
        let stop = Double(last)
        let step = stop / Double(count - 1)
        var values = [Int]()
        values.reserveCapacity(count)
        for index in 0..<(count - 1) {
            let value = step == 0 ? (Double(index) / Double(count - 1)) * stop : Double(index) * step
            values.append(Int(value.rounded(.down)))
        }
        values.append(last)
        return values
    }
}
