// Parsing of the engine commands' backbone and mode arguments, shared by tokens, bench and eval.
import ArgumentParser
import TempMeModel

/// The backbone named on the command line, or a usage error.
func parseBackbone(_ name: String) throws -> BackboneShape {
    guard let shape = BackboneShape.named(name) else { throw ValidationError("unknown backbone '\(name)': use b32, b16 or tiny") }
    return shape
}

/// The encoder mode named on the command line, or a usage error.
func parseMode(_ name: String) throws -> EncoderMode {
    guard let mode = EncoderMode(rawValue: name) else { throw ValidationError("unknown mode '\(name)': use lora, tome or tempme") }
    return mode
}

/// A comma-separated list of encoder modes (`--modes lora,tome`), or a usage error.
func parseModes(_ list: String) throws -> [EncoderMode] {
    try list.split(separator: ",").map { try parseMode(String($0)) }
}
