/// Python's Unicode string operations that CLIP's cleaning relies on, on arrays of scalars.
enum UnicodeText {
    /// Python `regex`'s `\s` (Unicode White_Space): what CLIP's whitespace collapse and token pattern treat as space.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// `unicodedata.normalize("NFC", text)`, by the standard library's normalizer.
    ///
    /// Not Foundation's `precomposedStringWithCanonicalMapping`: on Linux it composes scalars
    /// beyond U+FFFF as if they were their low 16 bits (U+103B1 U+0301 becomes U+03AC) and
    /// skips some Hangul compositions.
    static func nfc(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        // Below U+0300 every scalar is its own NFC form and nothing combines with it.
        guard text.contains(where: { $0.value >= 0x300 }) else { return text }
        var string = ""
        string.unicodeScalars.append(contentsOf: text)
        return Array(String(decoding: string._nfcCodeUnits, as: UTF8.self).unicodeScalars)
    }

    /// `" ".join(text.split())` with `\s` as the separator: runs collapsed to one space, ends trimmed.
    static func collapseWhitespace(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var output: [Unicode.Scalar] = []
        output.reserveCapacity(text.count)
        var pendingSpace = false
        for scalar in text {
            if isWhitespace(scalar) {
                pendingSpace = !output.isEmpty
            } else {
                if pendingSpace { output.append(" ") }
                pendingSpace = false
                output.append(scalar)
            }
        }
        return output
    }

    /// Python's `str.lower()`: full lower-case mappings, and capital sigma as final `ς` where
    /// Python's Final_Sigma rule says so (after a cased letter, not before one, skipping case-ignorables).
    static func lowercased(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var output: [Unicode.Scalar] = []
        output.reserveCapacity(text.count)
        for (index, scalar) in text.enumerated() {
            if scalar.isASCII {
                output.append((0x41...0x5A).contains(scalar.value) ? Unicode.Scalar(scalar.value + 0x20) ?? scalar : scalar)
            } else if scalar == "\u{03A3}" {
                output.append(isFinalSigma(in: text, at: index) ? "\u{03C2}" : "\u{03C3}")
            } else {
                output.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return output
    }

    private static func isFinalSigma(in text: [Unicode.Scalar], at index: Int) -> Bool {
        var before = index - 1
        while before >= 0, text[before].properties.isCaseIgnorable { before -= 1 }
        guard before >= 0, text[before].properties.isCased else { return false }
        var after = index + 1
        while after < text.count, text[after].properties.isCaseIgnorable { after += 1 }
        return after == text.count || !text[after].properties.isCased
    }
}
