import Foundation

/// CLIP's byte-level BPE tables, built from `bpe_simple_vocab_16e6.txt` as CLIP's SimpleTokenizer does.
///
/// Ids: 256 byte symbols (in `bytes_to_unicode` order), the same 256 with `</w>`, one id per
/// merge (48894 merges: lines 1...48894 of the file, after the `#version` header), then
/// `<|startoftext|>` (49406) and `<|endoftext|>` (49407). Symbols are handled as ids throughout;
/// a merge maps a pair of adjacent ids to its rank and to the id of the merged symbol.
struct BPEVocabulary: Sendable {
    /// One learned merge: its priority (lower merges first) and the symbol it produces.
    struct Merge: Sendable {
        let rank: Int32
        let merged: Int32
    }

    static let mergeCount = 49152 - 256 - 2
    static let startOfText: Int32 = 49406
    static let endOfText: Int32 = 49407
    static let size = 49408

    /// Id of each byte as a symbol inside a word.
    let byteIDs: [Int32]
    /// Id of each byte as the last symbol of a word (the byte's character followed by `</w>`).
    let finalByteIDs: [Int32]
    /// Merge for each pair of adjacent symbol ids, keyed by `pairKey(left, right)`.
    let merges: [UInt64: Merge]

    static func pairKey(_ left: Int32, _ right: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
    }

    /// Reads and checks the vocabulary file.
    init(contentsOf file: URL) throws(TokenizerError) {
        let path = file.path
        guard FileManager.default.fileExists(atPath: path) else {
            throw .vocabularyNotFound(path: path)
        }
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw .vocabularyUnreadable(path: path, reason: "\(error)")
        }
        try self.init(fileBytes: [UInt8](data), path: path)
    }

    init(fileBytes: [UInt8], path: String) throws(TokenizerError) {
        let lines = fileBytes.split(separator: 0x0A, maxSplits: Self.mergeCount + 1, omittingEmptySubsequences: false)
        guard lines.count > Self.mergeCount else {
            throw .vocabularyMalformed(path: path, reason: "it has \(lines.count) lines, expected at least \(Self.mergeCount + 1)")
        }

        // Token texts in id order; the encoder keeps the last id of a repeated text, as a Python dict does.
        let byteCharacters = ByteCharacterMap.characters
        var texts: [[Unicode.Scalar]] = ByteCharacterMap.byteOrder.map { [byteCharacters[Int($0)]] }
        texts += texts.map { $0 + Self.endOfWordMarker }
        var mergeParts: [([Unicode.Scalar], [Unicode.Scalar])] = []
        mergeParts.reserveCapacity(Self.mergeCount)
        for lineNumber in 1...Self.mergeCount {
            let parts = lines[lineNumber].split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D })
            guard parts.count == 2 else {
                throw .vocabularyMalformed(path: path, reason: "line \(lineNumber + 1) is not a pair of symbols")
            }
            let left = Array(String(decoding: parts[0], as: UTF8.self).unicodeScalars)
            let right = Array(String(decoding: parts[1], as: UTF8.self).unicodeScalars)
            mergeParts.append((left, right))
            texts.append(left + right)
        }
        texts.append(Array("<|startoftext|>".unicodeScalars))
        texts.append(Array("<|endoftext|>".unicodeScalars))

        var encoder: [[Unicode.Scalar]: Int32] = [:]
        encoder.reserveCapacity(texts.count)
        for (id, text) in texts.enumerated() {
            encoder[text] = Int32(id)
        }

        var merges: [UInt64: Merge] = [:]
        merges.reserveCapacity(Self.mergeCount)
        for (rank, (left, right)) in mergeParts.enumerated() {
            // A pair whose parts are not vocabulary symbols can never occur in a word.
            guard let leftID = encoder[left], let rightID = encoder[right], let mergedID = encoder[left + right] else {
                continue
            }
            merges[Self.pairKey(leftID, rightID)] = Merge(rank: Int32(rank), merged: mergedID)
        }

        self.byteIDs = (0..<256).map { byte in encoder[[byteCharacters[byte]]] ?? 0 }
        self.finalByteIDs = (0..<256).map { byte in encoder[[byteCharacters[byte]] + Self.endOfWordMarker] ?? 0 }
        self.merges = merges
    }

    private static let endOfWordMarker = Array("</w>".unicodeScalars)
}

/// GPT-2/CLIP's `bytes_to_unicode`: a printable character standing for each byte.
enum ByteCharacterMap {
    /// Bytes in the order their characters enter the vocabulary: the printable ranges first, then the rest.
    static let byteOrder: [UInt8] = {
        let printable = Array(0x21...0x7E) + Array(0xA1...0xAC) + Array(0xAE...0xFF)
        let rest = (0..<256).filter { !printable.contains($0) }
        return (printable + rest).map { UInt8($0) }
    }()

    /// The character for each byte value (printable bytes stand for themselves, others map to U+0100...).
    static let characters: [Unicode.Scalar] = {
        var table = [Unicode.Scalar](repeating: " ", count: 256)
        var nextShifted: UInt32 = 256
        for byte in 0..<256 {
            let isPrintable = (0x21...0x7E).contains(byte) || (0xA1...0xAC).contains(byte) || (0xAE...0xFF).contains(byte)
            if isPrintable {
                table[byte] = Unicode.Scalar(UInt8(byte))
            } else {
                table[byte] = Unicode.Scalar(nextShifted) ?? " "
                nextShifted += 1
            }
        }
        return table
    }()
}
