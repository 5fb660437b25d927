// swift-metrics carries no help texts: the exporter adds them to the text swift-prometheus renders.

/// Adds `# HELP` lines to Prometheus text.
public enum PrometheusHelp {
    /// `text` with a `# HELP name ...` line before each `# TYPE name ...` line that lacks one, from `help`.
    public static func annotate(_ text: String, help: [String: String] = MetricNames.help) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count + help.count * 80)
        var previous: Substring = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("# TYPE ") {
                let name = line.dropFirst("# TYPE ".count).split(separator: " ").first.map(String.init) ?? ""
                if let sentence = help[name], !previous.hasPrefix("# HELP \(name) ") {
                    output += "# HELP \(name) \(sentence)\n"
                }
            }
            output += line
            output += "\n"
            previous = line
        }
        if output.hasSuffix("\n\n") { output.removeLast() }
        return output
    }
}
