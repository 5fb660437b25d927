import Foundation

/// The places `CLIPTokenizer.defaultVocabularyFile()` searches, in order.
enum VocabularyLocation {
    static let fileName = "bpe_simple_vocab_16e6.txt"
    static let environmentVariable = "TEMPME_VOCAB"
    static let systemFile = "/usr/share/tempmed/\(fileName)"

    /// The first candidate that exists; a set `TEMPME_VOCAB` is returned even if missing, so the error names it.
    static func firstExisting() -> URL? {
        ResourceSearch.firstExisting(relative: "vocab/\(fileName)", environmentVariable: environmentVariable, systemPath: systemFile)
    }

    static var searchedPlacesDescription: String {
        "$\(environmentVariable), ./vocab/\(fileName), vocab/ above the executable, \(systemFile)"
    }
}
