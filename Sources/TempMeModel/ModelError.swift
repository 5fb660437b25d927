/// Everything that can go wrong loading or running the model, with a message a user can act on.
public enum ModelError: Error, CustomStringConvertible, Equatable {
    /// A weight file could not be read or is not valid safetensors.
    case unreadableWeights(path: String, reason: String)
    /// A tensor the backbone needs is absent.
    case missingTensor(name: String, file: String)
    /// A tensor has the wrong shape.
    case misshapenTensor(name: String, expected: [Int], found: [Int])
    /// A tensor uses a dtype the loader does not convert.
    case unsupportedDType(name: String, dtype: String)
    /// The backbone could not be inferred from the tensors present.
    case unknownBackbone(String)
    /// The encoder configuration is inconsistent (schedule, frames, ratios).
    case invalidConfiguration(String)
    /// The input given to an encoder has the wrong size.
    case invalidInput(String)
    /// The requested number format cannot run here: `missingFeature` names the cpuid feature the CPU
    /// lacks, or is nil when the build lacks the kernels.
    case unavailablePrecision(requested: String, missingFeature: String?, message: String)

    /// A sentence for logs and error replies.
    public var description: String {
        switch self {
        case let .unreadableWeights(path, reason): return "cannot read weights at \(path): \(reason)"
        case let .missingTensor(name, file):
            return "tensor '\(name)' is missing from \(file); convert the checkpoint with scripts/convert_checkpoint.py"
        case let .misshapenTensor(name, expected, found):
            return "tensor '\(name)' has shape \(found), expected \(expected)"
        case let .unsupportedDType(name, dtype):
            return "tensor '\(name)' has dtype \(dtype); only F32, F16 and BF16 are supported"
        case let .unknownBackbone(reason): return "cannot infer the CLIP backbone: \(reason)"
        case let .invalidConfiguration(reason): return "invalid encoder configuration: \(reason)"
        case let .invalidInput(reason): return "invalid encoder input: \(reason)"
        case let .unavailablePrecision(requested, _, message): return "precision \(requested) is unavailable: \(message)"
        }
    }
}
