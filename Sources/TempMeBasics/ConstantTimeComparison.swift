// Secret comparison without an early exit, so timing does not reveal how much of a token matched.

/// Byte-string comparison for secrets (bearer tokens).
public enum ConstantTimeComparison {
    /// Whether `lhs` and `rhs` are equal, in time that depends only on their lengths.
    public static func equal(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        var difference = lhs.count ^ rhs.count
        for index in 0..<max(lhs.count, rhs.count) {
            let left = index < lhs.count ? lhs[index] : 0
            let right = index < rhs.count ? rhs[index] : 0
            difference |= Int(left ^ right)
        }
        return difference == 0
    }
}
