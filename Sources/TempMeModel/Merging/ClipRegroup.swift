/// ClipMe's regrouping: g consecutive clips become one, CLS tokens first (clip order), then
/// every other token (clip order). Shapes: values [clips * length, width], sizes [clips * length].
struct ClipRegroup {
    /// Input token index for every output token.
    let order: [Int]
    /// For every output token, the index of the clip it came from (among the clips regrouped).
    let sourceClip: [Int]

    /// The permutation for `clips` clips of `length` tokens with `cls` CLS tokens each, in groups of `group`.
    init(clips: Int, length: Int, cls: Int, group: Int) {
        var order: [Int] = [], source: [Int] = []
        order.reserveCapacity(clips * length)
        for first in stride(from: 0, to: clips, by: group) {
            for clip in first..<(first + group) {
                for t in 0..<cls { order.append(clip * length + t); source.append(clip) }
            }
            for clip in first..<(first + group) {
                for t in cls..<length { order.append(clip * length + t); source.append(clip) }
            }
        }
        self.order = order
        sourceClip = source
    }

    /// Rows of `values` (each `width` wide) in the regrouped order.
    func apply(_ values: [Float], width: Int) -> [Float] {
        var out = [Float](repeating: 0, count: order.count * width)
        values.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for (i, row) in order.enumerated() {
                    (dst.baseAddress! + i * width).update(from: src.baseAddress! + row * width, count: width)
                }
            }
        }
        return out
    }
}
