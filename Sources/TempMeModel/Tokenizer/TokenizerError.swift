/// Why CLIP's tokenizer could not be built from a vocabulary file.
public enum TokenizerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No vocabulary file at the given path (or none found by the default search).
    case vocabularyNotFound(path: String)
    /// The file exists but could not be read.
    case vocabularyUnreadable(path: String, reason: String)
    /// The file was read but is not CLIP's `bpe_simple_vocab_16e6.txt`.
    case vocabularyMalformed(path: String, reason: String)

    /// What went wrong and how to fix it.
    public var description: String {
        switch self {
        case .vocabularyNotFound(let path):
            return "vocabulary not found at \(path): run scripts/fetch_vocab.sh "
                + "(or set TEMPME_VOCAB to the path of bpe_simple_vocab_16e6.txt)"
        case .vocabularyUnreadable(let path, let reason):
            return "cannot read vocabulary \(path): \(reason); check its permissions "
                + "or fetch it again with scripts/fetch_vocab.sh"
        case .vocabularyMalformed(let path, let reason):
            return "\(path) is not CLIP's bpe_simple_vocab_16e6.txt (\(reason)); "
                + "fetch the right file with scripts/fetch_vocab.sh"
        }
    }
}
