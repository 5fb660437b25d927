/// Cuts raw input into chunks that CLIP's cleaning and word split treat independently.
///
/// A chunk ends right after an ASCII space, tab, line feed or form feed once it is
/// `preferredLength` scalars long. None of CLIP's cleaning steps reads across such a character
/// (ftfy's fixes and NFC are local to it, HTML references cannot contain it, it always separates
/// words, and the final-sigma rule stops at it), so the words of the chunks are the words of the
/// whole text, and the first words need only the first chunks. The one thing that is not local,
/// ftfy's rule that a segment containing `<` (and every later one) gets no HTML unescaping, is
/// computed over whole segments here and handed along with each piece.
///
/// A chunk with no such character for `maximumLength` scalars is cut there anyway; only a run
/// that long without white space can tokenize differently from CLIP.
struct RawTextChunker: Sequence, IteratorProtocol {
    /// Part of a chunk inside one ftfy segment, and whether ftfy unescapes HTML in that segment.
    struct Piece {
        var scalars: [Unicode.Scalar]
        var unescapesHTML: Bool
    }

    /// ftfy's `max_decode_length`: the longest segment it fixes at once.
    static let segmentLimit = 1_000_000
    static let preferredLength = 2_048
    static let maximumLength = 65_536

    private let scalars: String.UnicodeScalarView
    private var index: String.UnicodeScalarView.Index
    private var segmentRemaining = 0
    private var segmentUnescapesHTML = true

    init(_ text: String) {
        scalars = text.unicodeScalars
        index = scalars.startIndex
    }

    mutating func next() -> [Piece]? {
        guard index < scalars.endIndex else { return nil }
        var pieces: [Piece] = []
        var current: [Unicode.Scalar] = []
        var length = 0
        while index < scalars.endIndex {
            if segmentRemaining == 0 {
                if !current.isEmpty { pieces.append(Piece(scalars: current, unescapesHTML: segmentUnescapesHTML)) }
                current = []
                startSegment()
            }
            let scalar = scalars[index]
            scalars.formIndex(after: &index)
            current.append(scalar)
            length += 1
            segmentRemaining -= 1
            if length >= Self.maximumLength || (length >= Self.preferredLength && Self.isCutPoint(scalar)) { break }
        }
        pieces.append(Piece(scalars: current, unescapesHTML: segmentUnescapesHTML))
        return pieces
    }

    private static func isCutPoint(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\u{0C}"
    }

    /// Measures the segment starting at `index` (through its line feed, at most `segmentLimit`
    /// scalars); once a segment contains `<`, ftfy unescapes no HTML from there on.
    private mutating func startSegment() {
        var end = index
        var length = 0
        var containsLessThan = false
        while end < scalars.endIndex, length < Self.segmentLimit {
            let scalar = scalars[end]
            scalars.formIndex(after: &end)
            length += 1
            if scalar == "<" { containsLessThan = true }
            if scalar == "\n" { break }
        }
        segmentRemaining = length
        if containsLessThan { segmentUnescapesHTML = false }
    }
}
