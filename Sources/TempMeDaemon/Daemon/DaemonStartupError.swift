// Why the daemon could not start, in words an operator can act on.

/// A start-up failure of tempmed.
public enum DaemonStartupError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The CLIP BPE vocabulary file was not found or could not be read.
    case vocabularyUnavailable(String)
    /// The model could not be built or loaded.
    case modelUnavailable(String)
    /// `encoder.precision` names a number format this CPU (or build) cannot run.
    case precisionUnavailable(requested: String, missingFeature: String?, reason: String)
    /// The embedding store could not be opened.
    case storeUnavailable(path: String, reason: String)
    /// The gRPC server could not listen.
    case listenFailed(String)
    /// A TLS file could not be read.
    case tlsUnreadable(path: String)
    /// The TLS certificate or key cannot be used (not PEM, or a key that is not the certificate's).
    case tlsInvalid(String)
    /// The warm-up encode failed.
    case warmUpFailed(String)

    /// The message printed before exiting.
    public var description: String {
        switch self {
        case .vocabularyUnavailable(let reason):
            return "cannot load the CLIP vocabulary: \(reason). Run scripts/fetch_vocab.sh, or pass --vocab FILE "
                + "(model.vocab_file) pointing at bpe_simple_vocab_16e6.txt"
        case .modelUnavailable(let reason):
            return "cannot load the model: \(reason)"
        case .precisionUnavailable(let requested, let missingFeature, let reason):
            let missing = missingFeature.map { " (missing CPU feature: \($0))" } ?? ""
            return "encoder.precision = \(requested) cannot run here\(missing): \(reason) (set encoder.precision or --precision)"
        case .storeUnavailable(let path, let reason):
            return "cannot open the embedding store at \(path): \(reason)"
        case .listenFailed(let reason):
            return "cannot listen: \(reason); pick another --listen address or stop whatever uses it"
        case .tlsUnreadable(let path):
            return "cannot read TLS file \(path); check security.tls_cert and security.tls_key"
        case .tlsInvalid(let reason):
            return "cannot serve TLS: \(reason); check security.tls_cert and security.tls_key"
        case .warmUpFailed(let reason):
            return "the warm-up encode failed: \(reason)"
        }
    }
}
