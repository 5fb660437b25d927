/// HTML5's named character references as Python's `html.entities.html5` lists them, and ftfy's view of them.
enum HTMLEntityTable {
    /// Entity name (with its `;` where the standard spells it so) to replacement text.
    static let html5: [String: [Unicode.Scalar]] = {
        var table: [String: [Unicode.Scalar]] = [:]
        for entry in html5Source.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let parts = entry.split(separator: "=")
            guard parts.count == 2 else { continue }
            table[String(parts[0])] = parts[1].split(separator: ",").compactMap { UInt32($0, radix: 16).flatMap(Unicode.Scalar.init) }
        }
        return table
    }()

    /// The replacement for an entity name, compared scalar by scalar (names are ASCII; Swift's
    /// String equality would otherwise treat e.g. U+212A KELVIN SIGN as `K`).
    static func value(ofName name: ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar]? {
        guard name.allSatisfy(\.isASCII) else { return nil }
        return html5[String(String.UnicodeScalarView(name))]
    }

    /// ftfy's `HTML_ENTITIES` (keys without the `&`): every name ending in `;`, plus the all-caps
    /// spelling of each lower-case name when Python leaves that spelling alone, decoding to the
    /// upper-cased text (`&EACUTE;` is `É`).
    static let ftfy: [String: [Unicode.Scalar]] = {
        var table: [String: [Unicode.Scalar]] = [:]
        for (name, value) in html5 where name.hasSuffix(";") {
            table[name] = value
        }
        for (name, value) in html5 where name.hasSuffix(";") && name == name.lowercased() {
            let upper = name.uppercased()
            let reference = Array(("&" + upper).unicodeScalars)
            if PythonHTMLUnescape.unescape(reference) == reference {
                table[upper] = value.flatMap { $0.properties.uppercaseMapping.unicodeScalars }
            }
        }
        return table
    }()
}
