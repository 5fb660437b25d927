// Parsing of the engine commands' backbone and mode arguments, shared by tokens, bench and eval.
import ArgumentParser
import Foundation
import TempMeKernels
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

/// A comma-separated list of at least one encoder mode (`--modes lora,tome`), or a usage error.
func parseModes(_ list: String) throws -> [EncoderMode] {
    let modes = try list.split(separator: ",").map { try parseMode(String($0).trimmingCharacters(in: .whitespaces)) }
    guard !modes.isEmpty else { throw ValidationError("--modes is empty: name at least one of lora, tome, tempme") }
    return modes
}

/// The number format named on the command line (`--precision`), or a usage error.
func parsePrecision(_ name: String) throws -> Precision {
    guard let precision = Precision(rawValue: name) else { throw ValidationError("unknown precision '\(name)': use fp32, int8, bf16 or auto") }
    return precision
}
