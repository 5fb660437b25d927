/// The number format of the encoders' linear layers, as configured (`encoder.precision`).
/// LayerNorm, softmax, attention, residual sums, merging and similarities always run in float32.
public enum Precision: String, Sendable, CaseIterable, Codable {
    /// float32 everywhere: the exact mode, equal to the reference within 1e-4.
    case fp32
    /// bfloat16 linear layers (needs AVX512-BF16 or AMX-BF16); not implemented in this build.
    case bf16
    /// int8 linear layers: per-channel weights, per-token activations, int32 sums (needs AVX2).
    case int8
    /// The fastest format that meets the accuracy bar (docs/precision.md) on this CPU.
    case auto

    /// What runs for this setting on a CPU with `features`, and why; or why it cannot run.
    public func resolve(on features: CPUFeatures = .current) -> Result<ResolvedPrecision, PrecisionUnavailable> {
        switch self {
        case .fp32:
            return .success(ResolvedPrecision(format: .fp32, reason: "fp32 requested"))
        case .int8:
            guard features.contains(.avx2) else {
                return .failure(PrecisionUnavailable(requested: self, missingFeature: "avx2",
                                                     message: "int8 needs AVX2, which this CPU lacks (it has: \(features)); use fp32"))
            }
            return .success(ResolvedPrecision(format: .int8, reason: "int8 requested; AVX2 kernel (vpmaddwd, int32 sums)"))
        case .bf16:
            guard features.contains(.avx512bf16) || features.contains(.amxBF16) else {
                return .failure(PrecisionUnavailable(requested: self, missingFeature: "avx512_bf16 or amx_bf16",
                                                     message: "bf16 needs AVX512-BF16 or AMX-BF16, which this CPU lacks (it has: \(features)); use int8 or fp32"))
            }
            return .failure(PrecisionUnavailable(requested: self, missingFeature: nil,
                                                 message: "bf16 kernels are not implemented in this build (the CPU has \(features)); use int8 or fp32"))
        case .auto:
            if features.contains(.avx2) {
                return .success(ResolvedPrecision(format: .int8, reason: "auto: int8 on AVX2 (faster than fp32 and within the accuracy bar, docs/precision.md)"))
            }
            return .success(ResolvedPrecision(format: .fp32, reason: "auto: fp32 (no AVX2, so no int8 kernel; no bf16 kernels in this build)"))
        }
    }
}

/// A number format that actually runs.
public enum NumberFormat: String, Sendable, Codable {
    case fp32, bf16, int8
}

/// The format a Precision setting resolved to on this CPU, and a sentence saying why.
public struct ResolvedPrecision: Sendable, Equatable {
    public let format: NumberFormat
    public let reason: String
}

/// A requested precision this CPU or build cannot run, with a message a user can act on.
public struct PrecisionUnavailable: Error, Sendable, CustomStringConvertible {
    /// The setting asked for.
    public let requested: Precision
    /// The cpuid feature(s) missing, or nil when the CPU has them but the build lacks the kernels.
    public let missingFeature: String?
    /// What happened and what to do.
    public let message: String
    public var description: String { message }
}
