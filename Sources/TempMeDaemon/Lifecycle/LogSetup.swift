// swift-log bootstrap: one line per event on stdout, as text or JSON, at the configured level.
import Foundation
import Logging
import TempMeBasics

/// Installs tempmed's log handler for the whole process.
public enum LogSetup {
    /// Bootstraps swift-log once per process; every `Logger` then writes `format` lines at `level` and above to stdout.
    /// When stdout is the journal (`JOURNAL_STREAM` set by systemd), lines get a `<priority>` prefix for `journalctl -p`.
    public static func bootstrap(
        level: Logger.Level, format: LogFormat,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        let toJournal = environment["JOURNAL_STREAM"] != nil
        LoggingSystem.bootstrap { label in
            StructuredLogHandler(label: label, level: level, format: format, journalPriorityPrefix: toJournal)
        }
    }
}

/// A LogHandler writing one line per event: `ts level label message key=value ...` or a JSON object.
public struct StructuredLogHandler: LogHandler {
    /// Where finished lines go (without the trailing newline).
    public typealias Sink = @Sendable (String) -> Void

    /// Writes each line to stdout with a single write, so concurrent lines do not interleave.
    public static let standardOutput: Sink = { line in
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// The logger's label, e.g. "tempmed.store".
    public let label: String
    /// Lowest level written.
    public var logLevel: Logger.Level
    /// Metadata attached to every line of this logger.
    public var metadata: Logger.Metadata = [:]
    /// Contextual metadata (e.g. a request id) merged into every line.
    public var metadataProvider: Logger.MetadataProvider?
    private let format: LogFormat
    private let journalPriorityPrefix: Bool
    private let sink: Sink
    private let now: @Sendable () -> Date

    /// A handler for `label` writing `format` lines at `level` and above to `sink`; `now` is replaceable for tests.
    /// `journalPriorityPrefix` starts each line with `<n>` (syslog priority), which journald strips and records.
    public init(
        label: String, level: Logger.Level, format: LogFormat, journalPriorityPrefix: Bool = false,
        metadataProvider: Logger.MetadataProvider? = nil,
        sink: @escaping Sink = StructuredLogHandler.standardOutput,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.label = label
        self.logLevel = level
        self.format = format
        self.journalPriorityPrefix = journalPriorityPrefix
        self.metadataProvider = metadataProvider
        self.sink = sink
        self.now = now
    }

    /// Reads or writes one metadata entry.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Formats one event and hands it to the sink.
    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        let timestamp = Self.timestamp(now())
        let fields = merged.sorted { $0.key < $1.key }
        let prefix = journalPriorityPrefix ? "<\(Self.syslogPriority(event.level))>" : ""
        switch format {
        case .text:
            var line = prefix + "\(timestamp) \(event.level) \(label) \(event.message)"
            for (key, value) in fields { line += " \(key)=\(Self.textValue(value))" }
            sink(line)
        case .json:
            var object = [("ts", Self.jsonString(timestamp)), ("level", Self.jsonString("\(event.level)")),
                ("label", Self.jsonString(label)), ("msg", Self.jsonString("\(event.message)"))]
            for (key, value) in fields where !["ts", "level", "label", "msg"].contains(key) {
                object.append((key, Self.jsonValue(value)))
            }
            sink(prefix + "{" + object.map { "\(Self.jsonString($0.0)):\($0.1)" }.joined(separator: ",") + "}")
        }
    }

    /// The syslog priority journald files a line under (7 debug ... 2 critical).
    static func syslogPriority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }

    /// RFC 3339 UTC with milliseconds, e.g. 2026-12-01T21:35:27.123Z.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }

    /// A metadata value for text lines: bare when it is one plain word, else quoted with escapes.
    static func textValue(_ value: Logger.MetadataValue) -> String {
        let text: String
        switch value {
        case .string(let string): text = string
        case .stringConvertible(let convertible): text = convertible.description
        case .array, .dictionary: text = jsonValue(value)
        }
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy { scalar in
            scalar.value > 0x20 && scalar.value < 0x7f && scalar != "\"" && scalar != "=" && scalar != "\\"
        }
        return plain ? text : jsonString(text)
    }

    /// A metadata value as JSON: strings for scalars, arrays and objects for the rest.
    static func jsonValue(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let string): return jsonString(string)
        case .stringConvertible(let convertible): return jsonString(convertible.description)
        case .array(let items): return "[" + items.map(jsonValue).joined(separator: ",") + "]"
        case .dictionary(let entries):
            let members = entries.sorted { $0.key < $1.key }.map { "\(jsonString($0.key)):\(jsonValue($0.value))" }
            return "{" + members.joined(separator: ",") + "}"
        }
    }

    /// `text` as a JSON string literal.
    static func jsonString(_ text: String) -> String {
        text.quotedAndEscaped
    }
}
