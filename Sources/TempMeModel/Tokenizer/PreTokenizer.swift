/// CLIP's split of cleaned text into words, as `regex.findall` with its case-insensitive pattern
/// `<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+`.
///
/// At each position the alternatives are tried in that order. Whatever matches none of them is
/// skipped: white space, and U+0345 (under IGNORECASE it folds to a letter, so neither the letter
/// class nor the negated class takes it). Literal letters match case-insensitively as `regex` does:
/// ASCII letters in either case, and `s` also as U+017F LATIN SMALL LETTER LONG S.
enum PreTokenizer {
    /// The words of `text`, each as a range of scalar offsets.
    static func words(in text: [Unicode.Scalar]) -> [Range<Int>] {
        var words: [Range<Int>] = []
        var index = 0
        while index < text.count {
            if let end = matchEnd(in: text, at: index) {
                words.append(index..<end)
                index = end
            } else {
                index += 1
            }
        }
        return words
    }

    private enum Kind { case letter, number, space, unmatched, other }

    private static func kind(of scalar: Unicode.Scalar) -> Kind {
        if UnicodeText.isWhitespace(scalar) { return .space }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return .letter
        case .decimalNumber, .letterNumber, .otherNumber: return .number
        default: return scalar == "\u{0345}" ? .unmatched : .other
        }
    }

    private static let specialTokens = ["<|startoftext|>", "<|endoftext|>"].map { Array($0.unicodeScalars) }
    private static let contractions = ["'s", "'t", "'re", "'ve", "'m", "'ll", "'d"].map { Array($0.unicodeScalars) }
    private static let literals = specialTokens + contractions

    private static func matchEnd(in text: [Unicode.Scalar], at start: Int) -> Int? {
        for literal in literals where matchesIgnoringCase(literal, in: text, at: start) {
            return start + literal.count
        }
        let startKind = kind(of: text[start])
        switch startKind {
        case .number:
            return start + 1
        case .letter, .other:
            var end = start + 1
            while end < text.count, kind(of: text[end]) == startKind { end += 1 }
            return end
        case .space, .unmatched:
            return nil
        }
    }

    private static func matchesIgnoringCase(_ literal: [Unicode.Scalar], in text: [Unicode.Scalar], at start: Int) -> Bool {
        guard start + literal.count <= text.count else { return false }
        for (offset, expected) in literal.enumerated() where !scalar(text[start + offset], equalsIgnoringCase: expected) {
            return false
        }
        return true
    }

    private static func scalar(_ scalar: Unicode.Scalar, equalsIgnoringCase expected: Unicode.Scalar) -> Bool {
        if scalar == expected { return true }
        guard (0x61...0x7A).contains(expected.value) else { return false }
        return scalar.value == expected.value - 0x20 || (expected == "s" && scalar == "\u{017F}")
    }
}
