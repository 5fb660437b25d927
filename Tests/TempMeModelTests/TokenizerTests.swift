import Foundation
import Testing
import TempMeBasics
@testable import TempMeModel

/// Golden ids come from open_clip's SimpleTokenizer (scripts/make_tokenizer_goldens.py).
/// The vocabulary is not committed: run scripts/fetch_vocab.sh first.
enum TokenizerFixture {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `$TEMPME_VOCAB` if set, else the repository's `vocab/` (where scripts/fetch_vocab.sh puts it).
    static let vocabularyFile = ProcessInfo.processInfo.environment["TEMPME_VOCAB"].map { URL(fileURLWithPath: $0) }
        ?? repositoryRoot.appendingPathComponent("vocab/bpe_simple_vocab_16e6.txt")

    private static let loaded = Result { () throws(TokenizerError) in try CLIPTokenizer(vocabularyFile: vocabularyFile) }

    /// The shared tokenizer, or a failure saying to run scripts/fetch_vocab.sh.
    static func tokenizer() throws -> CLIPTokenizer { try loaded.get() }

    struct GoldenCase: Decodable {
        let name: String
        let text: String
        let bpe: [Int32]
        let ids32: [Int32]
        let ids64: [Int32]
    }

    struct GoldenFile: Decodable {
        let cases: [GoldenCase]
    }

    static func goldenCases() throws -> [GoldenCase] {
        let url = repositoryRoot.appendingPathComponent("Tests/TempMeModelTests/Golden/tokenizer.json")
        return try JSONDecoder().decode(GoldenFile.self, from: Data(contentsOf: url)).cases
    }
}

@Suite struct TokenizerGoldenTests {
    @Test func everyGoldenCaseMatchesCLIP() throws {
        let tokenizer = try TokenizerFixture.tokenizer()
        let cases = try TokenizerFixture.goldenCases()
        #expect(cases.count >= 140)
        for golden in cases {
            #expect(tokenizer.bpeIDs(golden.text) == golden.bpe, "bpe ids of \(golden.name)")
            #expect(tokenizer.encode(golden.text) == golden.ids32, "32 ids of \(golden.name)")
            #expect(tokenizer.encode(golden.text, maxWords: 64) == golden.ids64, "64 ids of \(golden.name)")
        }
    }

    @Test func longTextIsTruncatedAfterThirtyIDs() throws {
        let tokenizer = try TokenizerFixture.tokenizer()
        let long = try #require(try TokenizerFixture.goldenCases().first { $0.name == "long caption" })
        #expect(long.bpe.count > 1000)
        let ids = tokenizer.encode(long.text)
        #expect(ids.count == 32)
        #expect(ids.first == CLIPTokenizer.startOfTextID && ids.last == CLIPTokenizer.endOfTextID)
        #expect(Array(ids[1..<31]) == Array(long.bpe.prefix(30)))
        #expect(tokenizer.bpeIDs(long.text, limit: 100) == Array(long.bpe.prefix(100)))
    }

    @Test func shortSequencesArePaddedWithZeros() throws {
        let tokenizer = try TokenizerFixture.tokenizer()
        #expect(tokenizer.encode("", maxWords: 4) == [49406, 49407, 0, 0])
        #expect(tokenizer.encode("a dog", maxWords: 2) == [49406, 49407])
        #expect(tokenizer.encode("a dog", maxWords: -5) == [49406, 49407])
        #expect(tokenizer.encode("a dog", maxWords: 1_000).count == CLIPTokenizer.contextLength)
        #expect(tokenizer.bpeIDs("a dog", limit: 0) == [])
    }
}

@Suite struct TokenizerRobustnessTests {
    /// Random scalars from every plane, mixed with the characters the cleaning steps care about.
    static func randomText(_ generator: inout SplitMix64) -> String {
        let interesting: [String] = ["&", "&amp;", "&#", "&#x", ";", "<", "<|startoftext|>", "'", "'s", "\u{1B}[", "\r\n",
                                     "\u{0301}", "\u{0345}", "\u{03A3}", "\u{0130}", "\u{FB03}", "\u{FF21}", "\u{0085}", " ", "\t", "\n"]
        var text = ""
        for _ in 0..<Int.random(in: 0...80, using: &generator) {
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: text += interesting.randomElement(using: &generator) ?? ""
            case 1: text.unicodeScalars.append(Unicode.Scalar(UInt8.random(in: 0...0x7F, using: &generator)))
            default:
                if let scalar = Unicode.Scalar(UInt32.random(in: 0...0x10FFFF, using: &generator)) { text.unicodeScalars.append(scalar) }
            }
        }
        return text
    }

    @Test func randomUnicodeNeverCrashesAndKeepsTheShape() throws {
        let tokenizer = try TokenizerFixture.tokenizer()
        var generator = SplitMix64(seed: 7)
        for _ in 0..<400 {
            let text = Self.randomText(&generator)
            let all = tokenizer.bpeIDs(text)
            #expect(all.allSatisfy { (0..<Int32(CLIPTokenizer.vocabularySize)).contains($0) })
            let ids = tokenizer.encode(text)
            #expect(ids.count == 32)
            #expect(ids[0] == CLIPTokenizer.startOfTextID)
            let body = Array(all.prefix(30))
            #expect(Array(ids[1..<(1 + body.count)]) == body, "truncation changed the ids of \(text.debugDescription)")
            #expect(ids[body.count + 1] == CLIPTokenizer.endOfTextID)
        }
    }

    @Test func invalidUTF8IsDecodedWithReplacementCharacters() throws {
        let tokenizer = try TokenizerFixture.tokenizer()
        let text = String(decoding: [0x61, 0xFF, 0xC3, 0x28, 0xED, 0xA0, 0x80, 0x62] as [UInt8], as: UTF8.self)
        #expect(tokenizer.encode(text).count == 32)
    }

    @Test func hugeInputsStayCheapAndBounded() throws {
        let tokenizer = try TokenizerFixture.tokenizer()
        let oneWord = String(repeating: "a", count: 300_000)
        let words = String(repeating: "the quick brown fox ", count: 50_000)
        let emoji = String(repeating: "\u{1F525}", count: 20_000)
        let marks = "e" + String(repeating: "\u{0301}", count: 200_000)
        let nested = String(repeating: "&amp;", count: 20_000) + "amp;"
        for text in [oneWord, words, emoji, marks, nested] {
            let ids = tokenizer.encode(text, maxWords: 77)
            #expect(ids.count == 77)
            #expect(ids.contains(CLIPTokenizer.endOfTextID))
        }
        #expect(tokenizer.bpeIDs(String(repeating: "the quick brown fox ", count: 2_000)).count == 8_000)
    }

    @Test func concurrentUseGivesTheSameIDs() async throws {
        let tokenizer = try TokenizerFixture.tokenizer()
        let texts = (0..<64).map { "clip number \($0): a person \($0 % 7) times rides a bike" }
        let serial = texts.map { tokenizer.encode($0) }
        let parallel = await withTaskGroup(of: (Int, [Int32]).self) { group in
            for (index, text) in texts.enumerated() {
                group.addTask { (index, tokenizer.encode(text)) }
            }
            var results = [[Int32]](repeating: [], count: texts.count)
            for await (index, ids) in group { results[index] = ids }
            return results
        }
        #expect(parallel == serial)
    }
}

@Suite struct TokenizerVocabularyTests {
    @Test func missingVocabularySaysHowToFetchIt() {
        let missing = URL(fileURLWithPath: "/nonexistent/bpe_simple_vocab_16e6.txt")
        #expect(throws: TokenizerError.vocabularyNotFound(path: missing.path)) {
            try CLIPTokenizer(vocabularyFile: missing)
        }
        #expect(TokenizerError.vocabularyNotFound(path: missing.path).description.contains("scripts/fetch_vocab.sh"))
    }

    @Test func truncatedVocabularyIsRejected() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tempme-tokenizer-\(UUID().uuidString).txt")
        try Data("#version: 0.2\ni n\nt h\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect {
            try CLIPTokenizer(vocabularyFile: file)
        } throws: { error in
            guard case .vocabularyMalformed = error as? TokenizerError else { return false }
            return true
        }
    }

    @Test func realVocabularyHasCLIPsLayout() throws {
        let vocabulary = try BPEVocabulary(contentsOf: TokenizerFixture.vocabularyFile)
        #expect(vocabulary.merges.count == BPEVocabulary.mergeCount)
        #expect(vocabulary.byteIDs[Int(UInt8(ascii: "!"))] == 0)
        #expect(vocabulary.finalByteIDs[Int(UInt8(ascii: "!"))] == 256)
        #expect(Set(vocabulary.byteIDs + vocabulary.finalByteIDs) == Set(0..<512))
    }

    @Test func defaultSearchFindsTheRepositoryVocabulary() throws {
        _ = try TokenizerFixture.tokenizer()
        #expect(CLIPTokenizer.defaultVocabularyFile() != nil)
    }
}
