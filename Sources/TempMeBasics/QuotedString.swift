// One escaper for double-quoted strings, valid as JSON, as a TOML basic string and as a Milvus expression literal.

extension String {
    /// The string in double quotes with `"`, `\` and control characters escaped (JSON, TOML and Milvus agree on these);
    /// other characters stay as they are (UTF-8).
    public var quotedAndEscaped: String {
        var result = "\""
        for scalar in unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7f:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
