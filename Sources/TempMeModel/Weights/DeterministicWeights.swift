import TempMeBasics

/// The deterministic weight generator of docs/deterministic-weights.md, bit-exact with the
/// Python reference, so tests and benchmarks need no checkpoint.
public enum DeterministicWeights {
    static let golden = SplitMix64.increment

    /// FNV-1a 64 of the UTF-8 bytes of a name.
    static func fnv1a64(_ name: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// Values of the tensor `name`: uniform in [-amplitude, amplitude) + offset, as float32.
    public static func values(name: String, count: Int, amplitude: Double, offset: Float = 0, seed: UInt64 = 0) -> [Float] {
        let base = fnv1a64(name) ^ (seed &* golden)
        let a = Float(amplitude)
        return (0..<count).map { i in
            let z = SplitMix64.mix(base &+ UInt64(i + 1) &* golden)
            let u = Float(Int32(z >> 40) - 8_388_608)
            return u * a / 8_388_608 + offset
        }
    }

    /// The amplitude and offset the generator uses for a state-dict name and shape.
    public static func distribution(name: String, shape: [Int]) throws -> (amplitude: Double, offset: Float) {
        let layerNorms = ["ln_1", "ln_2", "ln_pre", "ln_post", "ln_final"]
        let module = name.split(separator: ".").dropLast().last.map(String.init) ?? ""
        if name == "logit_scale" { return (0, 4.6051702) }
        if layerNorms.contains(module) && name.hasSuffix(".weight") { return (0.1, 1) }
        if layerNorms.contains(module) && name.hasSuffix(".bias") { return (0.05, 0) }
        if name.hasSuffix("bias") { return (0.02, 0) }
        if name == "visual.conv1.weight" { return ((3.0 / Double(3 * shape[2] * shape[3])).squareRoot(), 0) }
        if name == "visual.class_embedding" || name == "visual.positional_embedding" {
            return ((3.0 / Double(shape.last ?? 1)).squareRoot(), 0)
        }
        if name == "positional_embedding" { return (0.01 * 3.0.squareRoot(), 0) }
        if name == "token_embedding.weight" { return (0.02 * 3.0.squareRoot(), 0) }
        if name == "visual.proj" || name == "text_projection" { return ((3.0 / Double(shape[0])).squareRoot(), 0) }
        for suffix in ["attn.in_proj_weight", "attn.out_proj.weight", "mlp.c_fc.weight", "mlp.c_proj.weight"]
        where name.hasSuffix(suffix) {
            return ((3.0 / Double(shape[1])).squareRoot(), 0)
        }
        if name.hasSuffix("attn.TVPt_LoRA_a") { return ((3.0 / Double(shape[1])).squareRoot(), 0) }
        if name.hasSuffix("attn.TVPt_LoRA_b") { return (0.02, 0) }
        if name.hasSuffix("TVPt_Video_Positional_embedding") { return (0.02, 0) }
        throw ModelError.invalidConfiguration("the deterministic generator has no rule for tensor '\(name)'")
    }

    /// The generated tensor for a state-dict name and shape.
    public static func tensor(name: String, shape: [Int], seed: UInt64 = 0) throws -> Tensor {
        let (amplitude, offset) = try distribution(name: name, shape: shape)
        let count = shape.reduce(1, *)
        return Tensor(shape: shape, values: values(name: name, count: count, amplitude: amplitude, offset: offset, seed: seed))
    }

    /// Deterministic normalized video frames [frames, 3, 224, 224] (the doc's Inputs section).
    public static func frames(count frames: Int, size: Int = 224) -> [Float] {
        let noise = values(name: "input.frames", count: frames * 3 * size * size, amplitude: 1)
        var out = [Float](repeating: 0, count: noise.count)
        var i = 0
        for f in 0..<frames {
            for c in 0..<3 {
                for y in 0..<size {
                    for x in 0..<size {
                        let level = ((x / 16) + 2 * (y / 16) + 5 * c + 3 * f) % 13
                        let pattern = Float(level) / 6 - 1
                        out[i] = pattern + 0.25 * noise[i]
                        i += 1
                    }
                }
            }
        }
        return out
    }
}
