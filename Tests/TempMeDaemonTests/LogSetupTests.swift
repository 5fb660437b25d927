import Foundation
import Logging
import Synchronization
import Testing
@testable import TempMeDaemon

/// Collects the lines a handler writes.
private final class Lines: Sendable {
    private let storage = Mutex<[String]>([])
    var sink: StructuredLogHandler.Sink { { line in self.storage.withLock { $0.append(line) } } }
    var all: [String] { storage.withLock { $0 } }
}

@Suite struct LogSetupTests {
    /// 2026-12-01T21:35:27.125Z
    private let fixedDate = Date(timeIntervalSince1970: 1_796_160_927.125)

    private func logger(_ format: LogFormat, level: Logger.Level = .info, into lines: Lines) -> Logger {
        let date = fixedDate
        return Logger(label: "tempmed.test") { label in
            StructuredLogHandler(label: label, level: level, format: format, sink: lines.sink, now: { date })
        }
    }

    @Test func textLinesCarrySortedMetadataQuotedWhenNeeded() {
        let lines = Lines()
        var log = logger(.text, into: lines)
        log[metadataKey: "component"] = "store"
        log.info("opened store", metadata: ["records": "12", "path": "/var/lib/my data", "note": "a=b"])
        #expect(lines.all == [
            "2026-12-01T21:35:27.125Z info tempmed.test opened store component=store note=\"a=b\" "
                + "path=\"/var/lib/my data\" records=12",
        ])
    }

    @Test func jsonLinesAreObjects() throws {
        let lines = Lines()
        let log = logger(.json, into: lines)
        log.warning("slow \"decode\"\n", metadata: ["ms": "1500", "ids": ["a", "b"], "nested": ["k": "v"]])
        let line = try #require(lines.all.first)
        #expect(line == #"{"ts":"2026-12-01T21:35:27.125Z","level":"warning","label":"tempmed.test","#
            + #""msg":"slow \"decode\"\n","ids":["a","b"],"ms":"1500","nested":{"k":"v"}}"#)
        let parsed = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect(parsed?["msg"] as? String == "slow \"decode\"\n")
    }

    @Test func levelFiltersEvents() {
        let lines = Lines()
        let log = logger(.text, level: .warning, into: lines)
        log.info("hidden")
        log.debug("hidden")
        log.error("shown")
        #expect(lines.all.count == 1)
        #expect(lines.all.first?.contains("error tempmed.test shown") == true)
    }

    @Test func journalLinesCarryTheSyslogPriority() {
        let lines = Lines()
        let date = fixedDate
        let log = Logger(label: "tempmed.test") { label in
            StructuredLogHandler(
                label: label, level: .debug, format: .json, journalPriorityPrefix: true, sink: lines.sink,
                now: { date })
        }
        log.debug("d")
        log.warning("w")
        log.critical("c")
        #expect(lines.all.map { String($0.prefix(4)) } == ["<7>{", "<4>{", "<2>{"])
    }

    @Test func controlCharactersAreEscaped() {
        #expect(StructuredLogHandler.jsonString("a\u{1}b\tc") == #""a\u0001b\tc""#)
        #expect(StructuredLogHandler.textValue(.string("")) == #""""#)
        #expect(StructuredLogHandler.textValue(.stringConvertible(42)) == "42")
    }
}
