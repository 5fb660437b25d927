/// A float32 tensor: a shape and its row-major values.
public struct Tensor: Sendable {
    /// Dimensions, outermost first.
    public let shape: [Int]
    /// Values in row-major order; `values.count` is the product of `shape` (empty only for a float32
    /// layer an int8 model dropped because its int8 copy runs instead).
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
