/// A float32 tensor: a shape and its row-major values.
public struct Tensor: Sendable {
    /// Dimensions, outermost first.
    public let shape: [Int]
    /// Values in row-major order; `values.count` is the product of `shape`.
    public var values: [Float]

    /// Wraps values with a shape; the counts must agree.
    public init(shape: [Int], values: [Float]) {
        precondition(shape.reduce(1, *) == values.count, "tensor shape \(shape) does not match \(values.count) values")
        self.shape = shape
        self.values = values
    }

    /// Number of elements.
    public var count: Int { values.count }
}
