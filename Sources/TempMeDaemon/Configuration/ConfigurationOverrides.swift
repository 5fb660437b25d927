// Command-line settings that win over the configuration file.

/// Settings given on the command line; each non-nil field replaces the file's value.
public struct ConfigurationOverrides: Sendable, Equatable {
    /// `--data-dir`: replaces `data_dir`.
    public var dataDirectory: String?
    /// `--listen` (repeatable): replaces the whole `listen` array.
    public var listen: [String]?
    /// `--model-dir`: replaces `model.dir`.
    public var modelDirectory: String?
    /// `--mode`: replaces `model.mode`.
    public var mode: String?
    /// `--precision`: replaces `encoder.precision`.
    public var precision: String?
    /// `--log-level`: replaces `log.level`.
    public var logLevel: String?
    /// `--log-format`: replaces `log.format`.
    public var logFormat: String?
    /// `--set key=value` (repeatable) for any other key, e.g. `ingest.queue_capacity=32`; applied last, in order.
    public var settings: [String]

    /// Overrides with the given fields; everything omitted keeps the file's value.
    public init(
        dataDirectory: String? = nil, listen: [String]? = nil, modelDirectory: String? = nil, mode: String? = nil,
        precision: String? = nil, logLevel: String? = nil, logFormat: String? = nil, settings: [String] = []
    ) {
        self.dataDirectory = dataDirectory
        self.listen = listen
        self.modelDirectory = modelDirectory
        self.mode = mode
        self.precision = precision
        self.logLevel = logLevel
        self.logFormat = logFormat
        self.settings = settings
    }

    /// The overrides as checked assignments, typed fields first, then `settings` in order.
    func assignments() throws(ConfigurationError) -> [(key: ConfigurationKey, value: ConfigurationValue)] {
        var raw: [(name: String, value: ConfigurationValue)] = []
        if let dataDirectory { raw.append(("data_dir", .string(dataDirectory))) }
        if let listen { raw.append(("listen", .strings(listen))) }
        if let modelDirectory { raw.append(("model.dir", .string(modelDirectory))) }
        if let mode { raw.append(("model.mode", .string(mode))) }
        if let precision { raw.append(("encoder.precision", .string(precision))) }
        if let logLevel { raw.append(("log.level", .string(logLevel))) }
        if let logFormat { raw.append(("log.format", .string(logFormat))) }
        var result: [(key: ConfigurationKey, value: ConfigurationValue)] = []
        for (name, value) in raw {
            guard let key = ConfigurationKeys.named(name) else { continue }
            result.append((key, try key.check(value, from: .commandLine)))
        }
        for setting in settings {
            guard let equals = setting.firstIndex(of: "=") else { throw .malformedOverride(setting) }
            let name = String(setting[..<equals]).trimmingWhitespace()
            guard !name.isEmpty else { throw .malformedOverride(setting) }
            guard let key = ConfigurationKeys.named(name) else {
                throw .unknownKey(key: name, suggestion: ConfigurationKeys.suggestion(for: name), source: .commandLine)
            }
            let text = String(setting[setting.index(after: equals)...]).trimmingWhitespace()
            result.append((key, try key.check(try key.value(fromOverride: text), from: .commandLine)))
        }
        return result
    }
}
