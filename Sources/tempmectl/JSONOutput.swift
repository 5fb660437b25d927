// Printing results: proto messages as JSON with proto field names, plain values through JSONSerialization.
import Foundation
import SwiftProtobuf

/// Prints a proto message as one JSON object (snake_case field names, 64-bit counts as numbers; default values omitted).
func printJSON(_ message: some SwiftProtobuf.Message) {
    var options = JSONEncodingOptions()
    options.preserveProtoFieldNames = true
    options.alwaysPrintInt64sAsNumbers = true
    print((try? message.jsonString(options: options)) ?? "{}")
}

/// Prints a JSON-compatible value (dictionaries, arrays, strings, numbers, booleans).
func printJSON(_ value: Any) {
    guard JSONSerialization.isValidJSONObject(value),
        let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
    else {
        print("{}")
        return
    }
    print(String(decoding: data, as: UTF8.self))
}

/// A proto message as a JSON-compatible dictionary (for embedding into a larger object).
func jsonObject(_ message: some SwiftProtobuf.Message) -> Any {
    var options = JSONEncodingOptions()
    options.preserveProtoFieldNames = true
    options.alwaysPrintInt64sAsNumbers = true
    guard let data = try? message.jsonUTF8Data(options: options),
        let object = try? JSONSerialization.jsonObject(with: data)
    else { return [String: Any]() }
    return object
}
