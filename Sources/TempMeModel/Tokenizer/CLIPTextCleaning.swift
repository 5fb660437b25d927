/// CLIP's `whitespace_clean(basic_clean(text)).lower()` for one chunk of raw text.
///
/// `basic_clean` is ftfy's `fix_text` (see `FTFYFixes`) followed by `html.unescape` twice;
/// `whitespace_clean` collapses `\s+` to one space and trims; then Python's `str.lower()`.
enum CLIPTextCleaning {
    static func clean(_ pieces: [RawTextChunker.Piece]) -> [Unicode.Scalar] {
        var fixed: [Unicode.Scalar] = []
        for piece in pieces {
            fixed += FTFYFixes.fixSegment(piece.scalars, unescapeHTML: piece.unescapesHTML)
        }
        let unescaped = PythonHTMLUnescape.unescape(PythonHTMLUnescape.unescape(fixed))
        return UnicodeText.lowercased(UnicodeText.collapseWhitespace(unescaped))
    }
}
