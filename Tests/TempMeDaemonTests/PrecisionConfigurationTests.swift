// encoder.precision: its default, the file, the --precision override, and bad values.
import Testing
import TempMeKernels
@testable import TempMeDaemon

@Suite struct PrecisionConfigurationTests {
    private func parse(_ toml: String, _ overrides: ConfigurationOverrides = ConfigurationOverrides()) throws -> DaemonConfiguration {
        try DaemonConfiguration.parse(toml: toml, path: "/etc/tempmed/tempmed.toml", overrides: overrides, workingDirectory: "/")
    }

    @Test func autoIsTheDefault() throws {
        #expect(try parse("").encoder.precision == .auto)
    }

    @Test(arguments: Precision.allCases)
    func theFileSetsEachFormat(precision: Precision) throws {
        #expect(try parse("[encoder]\nprecision = \"\(precision.rawValue)\"").encoder.precision == precision)
    }

    @Test func theFlagWinsOverTheFileAndSetComesLast() throws {
        let file = "[encoder]\nprecision = \"int8\""
        #expect(try parse(file, ConfigurationOverrides(precision: "fp32")).encoder.precision == .fp32)
        let both = ConfigurationOverrides(precision: "fp32", settings: ["encoder.precision=bf16"])
        #expect(try parse(file, both).encoder.precision == .bf16)
    }

    @Test func unknownFormatsListTheChoices() {
        #expect(throws: ConfigurationError.invalidChoice(
            key: "encoder.precision", value: "fp16", choices: ["fp32", "bf16", "int8", "auto"],
            source: .file("/etc/tempmed/tempmed.toml"))) {
            try parse("[encoder]\nprecision = \"fp16\"")
        }
        #expect(throws: ConfigurationError.invalidChoice(
            key: "encoder.precision", value: "INT8", choices: ["fp32", "bf16", "int8", "auto"], source: .commandLine)) {
            try parse("", ConfigurationOverrides(precision: "INT8"))
        }
    }

    @Test func printConfigShowsTheSettingAndReadsBack() throws {
        let configuration = try parse("[encoder]\nprecision = \"fp32\"")
        let rendered = configuration.renderedTOML()
        #expect(rendered.contains("[encoder]\nprecision = \"fp32\"\n"))
        #expect(try parse(rendered).encoder.precision == .fp32)
    }
}
