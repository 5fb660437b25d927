// The effective configuration written back as TOML, for `--print-config` and start-up logs.
import TempMeBasics

extension DaemonConfiguration {
    /// Every key with its effective value as a TOML document that `load` reads back to the same configuration.
    /// The bearer token itself is never included, only the path of its file.
    public func renderedTOML() -> String {
        var lines: [String] = ["# effective tempmed configuration"]
        var currentSection = ""
        for key in ConfigurationKeys.all {
            if key.section != currentSection {
                currentSection = key.section
                lines.append("")
                lines.append("[\(currentSection)]")
            }
            if let value = key.read(self) {
                lines.append("\(key.leaf) = \(Self.render(value))")
            } else {
                lines.append("# \(key.leaf) unset: the model directory's config.json decides")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func render(_ value: ConfigurationValue) -> String {
        switch value {
        case .string(let text): return text.quotedAndEscaped
        case .integer(let number): return String(number)
        case .number(let number):
            return number == number.rounded() && abs(number) < 1e15 ? "\(Int(number)).0" : "\(number)"
        case .boolean(let flag): return flag ? "true" : "false"
        case .strings(let items): return "[" + items.map(\.quotedAndEscaped).joined(separator: ", ") + "]"
        }
    }
}
