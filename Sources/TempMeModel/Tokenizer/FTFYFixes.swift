import Foundation

/// ftfy 6.3's `fix_text` with default settings, minus the mojibake repair (`fix_encoding`).
///
/// Applied to one ftfy segment (a line, at most a million scalars), repeating its passes until the
/// text stops changing, as `fix_and_explain` does: HTML entities (when the caller allows it),
/// C1 controls as Windows-1252, Latin ligatures, character width, curly quotes, line breaks,
/// terminal escapes, control characters, NFC. Not done: ftfy's heuristic repair of text decoded
/// in the wrong encoding (`CafÃ©`), which ordinary captions never need.
enum FTFYFixes {
    /// Passes before giving up on reaching a fixed point (only entities nested this deep get there).
    static let maximumPasses = 64

    static func fixSegment(_ text: [Unicode.Scalar], unescapeHTML: Bool) -> [Unicode.Scalar] {
        var current = text
        for _ in 0..<maximumPasses {
            var fixed = unescapeHTML ? unescapeEntities(current) : current
            fixed = fixed.map(fixC1Control)
            fixed = fixed.flatMap(fixLatinLigature)
            fixed = fixed.flatMap(fixCharacterWidth)
            fixed = fixed.map(uncurlQuote)
            fixed = fixLineBreaks(fixed)
            fixed = removeTerminalEscapes(fixed)
            fixed = fixed.filter { !isRemovedControl($0) }
            fixed = UnicodeText.nfc(fixed)
            if fixed == current { return fixed }
            current = fixed
        }
        return current
    }

    /// ftfy's `unescape_html`: `&#?[0-9A-Za-z]{1,24};` replaced when ftfy knows it.
    static func unescapeEntities(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard text.contains("&") else { return text }
        var output: [Unicode.Scalar] = []
        output.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            if text[index] == "&", let (replacement, end) = entity(in: text, at: index) {
                output.append(contentsOf: replacement)
                index = end
            } else {
                output.append(text[index])
                index += 1
            }
        }
        return output
    }

    private static func entity(in text: [Unicode.Scalar], at ampersand: Int) -> ([Unicode.Scalar], Int)? {
        var nameStart = ampersand + 1
        let isNumeric = nameStart < text.count && text[nameStart] == "#"
        if isNumeric { nameStart += 1 }
        var end = nameStart
        while end < text.count, isASCIIAlphanumeric(text[end]) { end += 1 }
        guard (1...24).contains(end - nameStart), end < text.count, text[end] == ";" else { return nil }
        let matched = Array(text[ampersand...end])
        if let value = HTMLEntityTable.ftfy[String(String.UnicodeScalarView(text[(ampersand + 1)...end]))] {
            return (value, end + 1)
        }
        guard isNumeric else { return (matched, end + 1) }
        // A numeric reference counts only when Python decodes all of it, semicolon included.
        let decoded = PythonHTMLUnescape.unescape(matched)
        return (decoded.contains(";") ? matched : decoded, end + 1)
    }

    private static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        default: return false
        }
    }

    private static func fixC1Control(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        (0x80...0x9F).contains(scalar.value) ? Windows1252.character(forByte: UInt8(scalar.value)) : scalar
    }

    private static let latinLigatures: [Unicode.Scalar: String] = [
        "\u{0132}": "IJ", "\u{0133}": "ij", "\u{0149}": "\u{02BC}n", "\u{01F1}": "DZ", "\u{01F2}": "Dz",
        "\u{01F3}": "dz", "\u{01C4}": "D\u{017D}", "\u{01C5}": "D\u{017E}", "\u{01C6}": "d\u{017E}",
        "\u{01C7}": "LJ", "\u{01C8}": "Lj", "\u{01C9}": "lj", "\u{01CA}": "NJ", "\u{01CB}": "Nj", "\u{01CC}": "nj",
        "\u{FB00}": "ff", "\u{FB01}": "fi", "\u{FB02}": "fl", "\u{FB03}": "ffi", "\u{FB04}": "ffl",
        "\u{FB05}": "\u{017F}t", "\u{FB06}": "st",
    ]

    private static func fixLatinLigature(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        latinLigatures[scalar].map { Array($0.unicodeScalars) } ?? [scalar]
    }

    /// U+3000 becomes a space; halfwidth and fullwidth forms (U+FF01-U+FFEF) become their NFKC form.
    private static let widthMap: [Unicode.Scalar: [Unicode.Scalar]] = {
        var map: [Unicode.Scalar: [Unicode.Scalar]] = ["\u{3000}": [" "]]
        for value in UInt32(0xFF01)..<0xFFF0 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let compatible = Array(String(Character(scalar)).precomposedStringWithCompatibilityMapping.unicodeScalars)
            if compatible != [scalar] { map[scalar] = compatible }
        }
        return map
    }()

    private static func fixCharacterWidth(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        guard scalar.value == 0x3000 || (0xFF01..<0xFFF0).contains(scalar.value) else { return [scalar] }
        return widthMap[scalar] ?? [scalar]
    }

    private static func uncurlQuote(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0x02BC, 0x2018...0x201B: return "'"
        case 0x201C...0x201F: return "\""
        default: return scalar
        }
    }

    /// CRLF, CR, U+2028, U+2029 and U+0085 become `\n`.
    private static func fixLineBreaks(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var output: [Unicode.Scalar] = []
        output.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            switch text[index] {
            case "\r":
                output.append("\n")
                if index + 1 < text.count, text[index + 1] == "\n" { index += 1 }
            case "\u{2028}", "\u{2029}", "\u{85}":
                output.append("\n")
            default:
                output.append(text[index])
            }
            index += 1
        }
        return output
    }

    /// Removes ANSI escapes `ESC [ (digit|;)* letter` (digits as Python's `\d`: any decimal digit).
    private static func removeTerminalEscapes(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard text.contains("\u{1B}") else { return text }
        var output: [Unicode.Scalar] = []
        var index = 0
        while index < text.count {
            if text[index] == "\u{1B}", index + 1 < text.count, text[index + 1] == "[" {
                var end = index + 2
                while end < text.count, text[end] == ";" || text[end].properties.generalCategory == .decimalNumber { end += 1 }
                if end < text.count, text[end].isASCII, text[end].properties.isAlphabetic {
                    index = end + 1
                    continue
                }
            }
            output.append(text[index])
            index += 1
        }
        return output
    }

    private static func isRemovedControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x08, 0x0B, 0x0E...0x1F, 0x7F, 0x206A...0x206F, 0xFEFF, 0xFFF9...0xFFFC: return true
        default: return false
        }
    }
}
