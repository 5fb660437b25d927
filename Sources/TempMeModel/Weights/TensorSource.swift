/// Something that hands out named float32 tensors: a safetensors file or the deterministic generator.
public protocol TensorSource: Sendable {
    /// Where the tensors come from, for error messages.
    var origin: String { get }
    /// The shape of a tensor, or nil when the source has no tensor of that name.
    func shape(of name: String) -> [Int]?
    /// The tensor's values as float32, or nil when absent.
    func tensor(_ name: String) throws -> Tensor?
}

extension TensorSource {
    /// The tensor, checked against the expected shape; throws when absent or misshapen.
    func required(_ name: String, shape expected: [Int]) throws -> Tensor {
        guard let t = try tensor(name) else { throw ModelError.missingTensor(name: name, file: origin) }
        try Self.check(t, name: name, expected: expected)
        return t
    }

    private static func check(_ t: Tensor, name: String, expected: [Int]) throws {
        // A scalar stored as [1] is accepted where [] is expected.
        let same = t.shape == expected || (expected.isEmpty && t.shape == [1])
        guard same else { throw ModelError.misshapenTensor(name: name, expected: expected, found: t.shape) }
    }
}

/// The deterministic generator as a tensor source for a given set of names and shapes.
public struct GeneratedTensors: TensorSource {
    let shapes: [String: [Int]]
    let seed: UInt64
    /// A source that generates exactly the listed tensors.
    public init(_ tensors: [(name: String, shape: [Int])], seed: UInt64 = 0) {
        shapes = Dictionary(tensors.map { ($0.name, $0.shape) }, uniquingKeysWith: { a, _ in a })
        self.seed = seed
    }
    /// Names the generator, for error messages.
    public var origin: String { "deterministic weights (seed \(seed))" }
    /// The listed shape.
    public func shape(of name: String) -> [Int]? { shapes[name] }
    /// The generated tensor.
    public func tensor(_ name: String) throws -> Tensor? {
        guard let s = shapes[name] else { return nil }
        return try DeterministicWeights.tensor(name: name, shape: s, seed: seed)
    }
}
