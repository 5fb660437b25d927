// Checks a raw value against its key's kind, and reads command-line override text as a value.

extension ConfigurationKey {
    /// `value` normalized for this key (integers become seconds where seconds are wanted), or the reason it does not fit.
    func check(_ value: ConfigurationValue, from source: ConfigurationSource) throws(ConfigurationError)
        -> ConfigurationValue
    {
        switch (kind, value) {
        case (.string, .string), (.path, .string), (.boolean, .boolean), (.pathList, .strings):
            return value
        case (.integer(let range), .integer(let number)):
            guard range.contains(number) else {
                throw .outOfRange(key: name, value: String(number), allowed: Self.describe(range), source: source)
            }
            return value
        case (.seconds, .integer(let number)):
            return try check(.number(Double(number)), from: source)
        case (.seconds(let range), .number(let number)):
            guard number.isFinite, range.contains(number) else {
                throw .outOfRange(
                    key: name, value: String(number),
                    allowed: "\(Self.describe(range.lowerBound)) to \(Self.describe(range.upperBound)) seconds",
                    source: source)
            }
            return value
        case (.choice(let choices), .string(let text)):
            guard choices.contains(text) else {
                throw .invalidChoice(key: name, value: text, choices: choices, source: source)
            }
            return value
        default:
            throw .wrongType(key: name, expected: kind.expectation, found: value.typeDescription, source: source)
        }
    }

    /// Reads the text after `key=` on the command line as a value of this key's kind.
    func value(fromOverride text: String) throws(ConfigurationError) -> ConfigurationValue {
        switch kind {
        case .string, .path, .choice:
            return .string(text)
        case .boolean:
            switch text.lowercased() {
            case "true", "yes", "1": return .boolean(true)
            case "false", "no", "0": return .boolean(false)
            default: throw .wrongType(key: name, expected: kind.expectation, found: "\"\(text)\"", source: .commandLine)
            }
        case .integer:
            guard let number = Int(text.replacingOccurrences(of: "_", with: "")) else {
                throw .wrongType(key: name, expected: kind.expectation, found: "\"\(text)\"", source: .commandLine)
            }
            return .integer(number)
        case .seconds:
            guard let number = Double(text) else {
                throw .wrongType(key: name, expected: kind.expectation, found: "\"\(text)\"", source: .commandLine)
            }
            return .number(number)
        case .pathList:
            let items = text.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
            return .strings(items)
        }
    }

    private static func describe(_ range: ClosedRange<Int>) -> String {
        "\(range.lowerBound) to \(range.upperBound)"
    }

    private static func describe(_ number: Double) -> String {
        number == number.rounded() ? String(Int(number)) : String(number)
    }
}

extension ConfigurationValue {
    /// The value's type with an article, for error messages.
    var typeDescription: String {
        switch self {
        case .string(let text): return "the string \"\(text)\""
        case .integer(let number): return "the integer \(number)"
        case .number(let number): return "the number \(number)"
        case .boolean(let flag): return "the boolean \(flag)"
        case .strings: return "an array"
        }
    }
}
