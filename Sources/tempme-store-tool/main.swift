// tempme-store-tool: helper for TempMeStore's crash test and benchmark.
//
//   tempme-store-tool write-loop --directory D --dimension N --start S [--writers W] [--fsize-limit BYTES] [--segments on]
//   tempme-store-tool bench --directory D [--count N] [--dimension D] [--queries Q] [--batch B]
//                           [--threads T] [--export DIR]
//   tempme-store-tool reopen --directory D [--dimension N] [--fingerprint F]
//   tempme-store-tool milvus-bench --directory D --address HOST:PORT [--count N] [--dimension D] [--queries Q] [--ef EF]
import Foundation

/// Parsed `--name value` options.
struct ToolOptions {
    private var values: [String: String] = [:]

    init(_ arguments: ArraySlice<String>) throws {
        var iterator = arguments.makeIterator()
        while let name = iterator.next() {
            guard name.hasPrefix("--"), let value = iterator.next() else { throw ToolFailure("expected --name value, got \(name)") }
            values[String(name.dropFirst(2))] = value
        }
    }

    func string(_ name: String) throws -> String {
        guard let value = values[name] else { throw ToolFailure("missing --\(name)") }
        return value
    }

    func int(_ name: String, default fallback: Int? = nil) throws -> Int {
        guard let text = values[name] else {
            if let fallback { return fallback }
            throw ToolFailure("missing --\(name)")
        }
        guard let value = Int(text) else { throw ToolFailure("--\(name) needs an integer, got \(text)") }
        return value
    }

    func optionalString(_ name: String) -> String? { values[name] }
}

/// A usage or setup error of the tool itself.
struct ToolFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

let arguments = CommandLine.arguments
do {
    guard arguments.count >= 2 else { throw ToolFailure("usage: tempme-store-tool write-loop|bench|reopen|milvus-bench --option value ...") }
    let options = try ToolOptions(arguments.dropFirst(2))
    switch arguments[1] {
    case "write-loop": try WriteLoop(options: options).run()
    case "bench": try StoreBenchmark(options: options).run()
    case "reopen": try ReopenTiming(options: options).run()
    case "milvus-bench": try MilvusBenchmark(options: options).run()
    default: throw ToolFailure("unknown command \(arguments[1]); use write-loop, bench, reopen or milvus-bench")
    }
} catch {
    FileHandle.standardError.write(Data("tempme-store-tool: \(error)\n".utf8))
    exit(2)
}
