import Foundation

/// CLIP's byte-level BPE tokenizer (`bpe_simple_vocab_16e6`), giving the ids CLIP4Clip and TempMe feed the text tower.
///
/// Immutable tables plus a locked word cache: one instance can serve many threads.
public final class CLIPTokenizer: Sendable {
    /// Id of `<|startoftext|>`.
    public static let startOfTextID: Int32 = BPEVocabulary.startOfText
    /// Id of `<|endoftext|>`.
    public static let endOfTextID: Int32 = BPEVocabulary.endOfText
    /// Number of ids in the vocabulary (the text tower's `token_embedding` rows).
    public static let vocabularySize = BPEVocabulary.size
    /// CLIP's context length (`positional_embedding` rows): the longest sequence `encode` returns.
    public static let contextLength = 77

    private let merger: BytePairMerger
    private let cache = BPECache()

    /// Loads `bpe_simple_vocab_16e6.txt` (as written by scripts/fetch_vocab.sh).
    public init(vocabularyFile: URL) throws(TokenizerError) {
        merger = BytePairMerger(vocabulary: try BPEVocabulary(contentsOf: vocabularyFile))
    }

    /// Loads the vocabulary found by `defaultVocabularyFile()`.
    public convenience init() throws(TokenizerError) {
        guard let file = Self.defaultVocabularyFile() else {
            throw .vocabularyNotFound(path: VocabularyLocation.searchedPlacesDescription)
        }
        try self.init(vocabularyFile: file)
    }

    /// The text tower's input: `<|startoftext|>`, the first `maxWords - 2` BPE ids, `<|endoftext|>`,
    /// then zeros up to `maxWords` (CLIP4Clip's truncation; `maxWords` is clamped to 2...77).
    public func encode(_ text: String, maxWords: Int = 32) -> [Int32] {
        let length = min(max(maxWords, 2), Self.contextLength)
        var sequence = [Self.startOfTextID] + bpeIDs(text, limit: length - 2) + [Self.endOfTextID]
        sequence += repeatElement(0, count: length - sequence.count)
        return sequence
    }

    /// The BPE ids of the whole cleaned text, without special tokens, truncation or padding.
    public func bpeIDs(_ text: String) -> [Int32] {
        bpeIDs(text, limit: Int.max)
    }

    /// The first `limit` BPE ids of `text`; only as much of the text is processed as they need.
    public func bpeIDs(_ text: String, limit: Int) -> [Int32] {
        guard limit > 0 else { return [] }
        var ids: [Int32] = []
        for chunk in RawTextChunker(text) {
            let cleaned = CLIPTextCleaning.clean(chunk)
            for word in PreTokenizer.words(in: cleaned) {
                var bytes: [UInt8] = []
                for scalar in cleaned[word] { UTF8.encode(scalar) { bytes.append($0) } }
                ids += cache.ids(forWord: bytes, compute: merger.ids(forWordBytes:))
                if ids.count >= limit { return Array(ids.prefix(limit)) }
            }
        }
        return ids
    }

    /// Where the vocabulary is looked for: `$TEMPME_VOCAB`; `vocab/bpe_simple_vocab_16e6.txt` under
    /// the current directory and under each ancestor of the running executable's directory;
    /// `/usr/share/tempmed/bpe_simple_vocab_16e6.txt`. Nil if none exists.
    public static func defaultVocabularyFile() -> URL? {
        VocabularyLocation.firstExisting()
    }
}
