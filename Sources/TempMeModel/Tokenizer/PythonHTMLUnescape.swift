/// Python's `html.unescape` (CPython 3.11), on Unicode scalars.
///
/// Matches `&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)` left to right. Numeric
/// references follow Python exactly (Windows-1252 for 0x80-0x9F, U+FFFD for 0, surrogates and
/// values past U+10FFFF, nothing for other control characters and noncharacters). Named
/// references use the full HTML5 table, including the longest-prefix rule for the legacy names
/// written without a semicolon (`&ampfoo` is `&foo`).
enum PythonHTMLUnescape {
    static func unescape(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard text.contains("&") else { return text }
        var output: [Unicode.Scalar] = []
        output.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            guard text[index] == "&", let (replacement, end) = reference(in: text, at: index) else {
                output.append(text[index])
                index += 1
                continue
            }
            output.append(contentsOf: replacement)
            index = end
        }
        return output
    }

    /// The replacement for a reference starting at `start` (an `&`) and the index after it, or nil if none starts there.
    private static func reference(in text: [Unicode.Scalar], at start: Int) -> ([Unicode.Scalar], Int)? {
        let afterAmpersand = start + 1
        guard afterAmpersand < text.count else { return nil }
        if text[afterAmpersand] == "#" {
            return numericReference(in: text, hashAt: afterAmpersand)
        }
        var end = afterAmpersand
        while end < text.count, end - afterAmpersand < 32, !isNameTerminator(text[end]) { end += 1 }
        guard end > afterAmpersand else { return nil }
        if end < text.count, text[end] == ";" { end += 1 }
        return (named(Array(text[afterAmpersand..<end])), end)
    }

    private static func isNameTerminator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\t", "\n", "\u{0C}", " ", "<", "&", "#", ";": return true
        default: return false
        }
    }

    private static func numericReference(in text: [Unicode.Scalar], hashAt hash: Int) -> ([Unicode.Scalar], Int)? {
        var digitsStart = hash + 1
        var radix: UInt32 = 10
        if digitsStart < text.count, text[digitsStart] == "x" || text[digitsStart] == "X" {
            radix = 16
            digitsStart += 1
        }
        var end = digitsStart
        var value: UInt32 = 0
        while end < text.count, let digit = asciiDigitValue(text[end], radix: radix) {
            // Saturate: every value past U+10FFFF decodes the same way.
            value = min(value * radix + digit, 0x11_0000)
            end += 1
        }
        guard end > digitsStart else { return nil }
        if end < text.count, text[end] == ";" { end += 1 }
        return (character(forReference: value), end)
    }

    private static func asciiDigitValue(_ scalar: Unicode.Scalar, radix: UInt32) -> UInt32? {
        let value = scalar.value
        switch value {
        case 0x30...0x39: return value - 0x30
        case 0x41...0x46 where radix == 16: return value - 0x41 + 10
        case 0x61...0x66 where radix == 16: return value - 0x61 + 10
        default: return nil
        }
    }

    /// Python's `_replace_charref` for a numeric reference.
    static func character(forReference value: UInt32) -> [Unicode.Scalar] {
        switch value {
        case 0x00: return ["\u{FFFD}"]
        case 0x0D: return ["\r"]
        case 0x80...0x9F: return [Windows1252.character(forByte: UInt8(value))]
        case 0xD800...0xDFFF, 0x11_0000...: return ["\u{FFFD}"]
        case 0x01...0x08, 0x0B, 0x0E...0x1F, 0x7F, 0xFDD0...0xFDEF: return []
        case _ where value & 0xFFFE == 0xFFFE: return []
        default: return Unicode.Scalar(value).map { [$0] } ?? ["\u{FFFD}"]
        }
    }

    /// Python's `_replace_charref` for a named reference (`name` without the `&`, with its `;` if any).
    private static func named(_ name: [Unicode.Scalar]) -> [Unicode.Scalar] {
        if let value = HTMLEntityTable.value(ofName: name[...]) { return value }
        var length = name.count - 1
        while length > 1 {
            if let value = HTMLEntityTable.value(ofName: name[..<length]) {
                return value + name[length...]
            }
            length -= 1
        }
        return ["&"] + name
    }
}

/// Windows-1252 as browsers (and ftfy's "sloppy" codec) decode it: bytes 0x80-0x9F it leaves
/// undefined stand for the C1 control characters of the same value.
enum Windows1252 {
    private static let highControls: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x192, 0x201E, 0x2026, 0x2020, 0x2021, 0x2C6, 0x2030, 0x160, 0x2039, 0x152, 0x8D, 0x17D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x2DC, 0x2122, 0x161, 0x203A, 0x153, 0x9D, 0x17E, 0x178,
    ]

    /// The character a byte stands for; bytes outside 0x80-0x9F are Latin-1.
    static func character(forByte byte: UInt8) -> Unicode.Scalar {
        guard (0x80...0x9F).contains(byte) else { return Unicode.Scalar(byte) }
        return Unicode.Scalar(highControls[Int(byte) - 0x80]) ?? Unicode.Scalar(byte)
    }
}
