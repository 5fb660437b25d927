import TempMeModel

/// One linear layer's product as the encoder runs it: rows (tokens) x outputs x inputs.
struct GEMMShape: Hashable {
    let name: String
    let m: Int, n: Int, k: Int
    /// How many times one video (or one query) runs it.
    var calls = 1
    var macs: Int { m * n * k }
}

enum GEMMShapes {
    /// The linear layers of TempMe B/32 at 12 frames, with the token counts of the default schedule
    /// (ImgMe r = 2 in layers 0-7, ClipMe at 8, 9, 10 with groups 2, 2, 3, intra-clip merge at 11).
    /// Checked against the real forward pass's trace by `verify`.
    static func tempmeB32() -> [GEMMShape] {
        let d = 768
        var shapes = [GEMMShape(name: "patch embed", m: 12 * 49, n: d, k: 3 * 32 * 32)]
        // (layer, attention rows, MLP rows)
        var rows: [(Int, Int, Int)] = (0..<8).map { l in (l, 12 * (50 - 2 * l), 12 * (48 - 2 * l)) }
        rows += [(8, 6 * 48, 6 * 44), (9, 3 * 62, 3 * 56), (10, 118, 107), (11, 107, 97)]
        for (l, a, f) in rows {
            shapes += [GEMMShape(name: "L\(l) qkv", m: a, n: 3 * d, k: d), GEMMShape(name: "L\(l) out", m: a, n: d, k: d),
                       GEMMShape(name: "L\(l) fc", m: f, n: 4 * d, k: d), GEMMShape(name: "L\(l) proj", m: f, n: d, k: 4 * d)]
        }
        return shapes
    }

    /// The text tower of B/32 for one 10-word query (12 tokens with SOT and EOT): 12 layers alike.
    static func textQuery() -> [GEMMShape] {
        let w = 512, t = 12
        return [GEMMShape(name: "text qkv", m: t, n: 3 * w, k: w, calls: 12), GEMMShape(name: "text out", m: t, n: w, k: w, calls: 12),
                GEMMShape(name: "text fc", m: t, n: 4 * w, k: w, calls: 12), GEMMShape(name: "text proj", m: t, n: w, k: 4 * w, calls: 12)]
    }

    /// Throws unless the trace of a real B/32 TempMe encode leaves the token counts these shapes assume.
    static func verify() throws {
        let bundle = try ModelBundle.deterministic(.b32, mode: .tempme, frames: 12)
        let frames = DeterministicWeights.frames(count: 12, size: 224)
        let trace = try bundle.model.encodeVideo(frames: frames).trace
        let expected = [(12, 48), (12, 46), (12, 44), (12, 42), (12, 40), (12, 38), (12, 36), (12, 34), (6, 44), (3, 56), (1, 107), (1, 97)]
        let found = trace.layers.map { ($0.clips, $0.tokensPerClip) }
        guard found.count == expected.count, zip(found, expected).allSatisfy({ $0 == $1 }) else {
            throw ToolError("the microbenchmark's token counts \(expected) differ from the forward pass's \(found)")
        }
    }
}

struct ToolError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
